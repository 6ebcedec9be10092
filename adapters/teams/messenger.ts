// The Teams side of the Messenger port: posts, edits and 1:1 messages sent from stored conversation
// references, through the connector client (no hidden retries; failures become SendError kinds).
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
import type { Db } from '../../db/client.js';
import type { Card } from '../../src/cards/card.js';
import { conversationOf, parseAddress, teamsAddress, type Address } from '../../src/core/address.js';
import { formatIdentity, parseIdentity, type Identity } from '../../src/core/identity.js';
import type { FileContent } from '../../src/files.js';
import { sanitizeLine } from '../../src/core/sanitize.js';
import { SendError, type FileSent, type PlatformMessenger, type Present, type Sent } from '../../src/messenger.js';
import { cardMessage, renderForTeams } from './cards.js';
import type { Connector, ConnectorActivity } from './connector.js';
import { consentActivity, createOffer, settleOffer } from './files.js';
import {
  findPersonalReference,
  findReference,
  findReferenceWithUser,
  findTeamsUserId,
  latestReference,
  saveReference,
  type ReferenceRow,
} from './references.js';

/** Who to reach privately: a neutral identity, and the Teams user id when the caller knows it. */
export interface PrivateTarget {
  identity: Identity;
  teamsUserId?: string;
}

/** Where to open a 1:1 chat when none is stored: the current turn's service URL, tenant and bot. */
export interface ChatOrigin {
  serviceUrl: string;
  tenantId?: string;
  bot: { id: string; name?: string };
}

export function activityFor(card: Card): ConnectorActivity {
  return cardMessage(renderForTeams(card));
}

export class TeamsMessenger implements PlatformMessenger {
  readonly platform = 'teams' as const;
  /** A card's activity as JSON without its opening brace: rendered once, shared by every copy of the card. */
  private readonly rendered = new WeakMap<Card, string>();

  constructor(
    private readonly db: Db,
    private readonly connector: Connector,
    private readonly clock: () => Date,
  ) {}

  private referenceFor(address: Address): ReferenceRow {
    const row = findReference(this.db, address) ?? findReference(this.db, conversationOf(address));
    if (!row) {
      // A definite no: without a reference the Bot Connector cannot be asked (the app is not installed there).
      throw new SendError('rejected', 'no stored conversation reference: install the app there, or mention the bot once');
    }
    return row;
  }

  private serviceUrlOf(row: ReferenceRow): string {
    const url = row.serviceUrl ?? row.reference.serviceUrl;
    if (!url) throw new SendError('rejected', 'stored conversation reference has no serviceUrl');
    return url;
  }

  async post(address: Address, card: Card): Promise<Sent> {
    const parsed = parseAddress(address);
    if (parsed.platform !== 'teams') throw new SendError('rejected', `not a Teams address: ${address}`);
    const row = this.referenceFor(address);
    const sent = await this.connector.sendJson(this.serviceUrlOf(row), parsed.conversationId, this.activityJson(card, row, parsed.conversationId));
    return { address, messageId: sent.id ?? '' };
  }

  /** The activity of `routed(activityFor(card))` as JSON, the card's part serialised once. */
  private activityJson(card: Card, row: ReferenceRow, conversationId: string): string {
    let fields = this.rendered.get(card);
    if (fields === undefined) {
      fields = JSON.stringify(activityFor(card)).slice(1);
      this.rendered.set(card, fields);
    }
    const from = row.reference.bot ? `"from":${JSON.stringify(row.reference.bot)},` : '';
    return `{"conversation":{"id":${JSON.stringify(conversationId)}},${from}${fields}`;
  }

  async membersOf(address: Address): Promise<Present[]> {
    const parsed = parseAddress(address);
    if (parsed.platform !== 'teams') throw new SendError('rejected', `not a Teams address: ${address}`);
    const row = this.referenceFor(address);
    const members = await this.connector.members(this.serviceUrlOf(row), parsed.conversationId);
    // People have an Entra object id; the bot (28:…) and other apps do not. The roster names them too.
    return (Array.isArray(members) ? members : []).flatMap((m): Present[] => {
      const identity = typeof m.aadObjectId === 'string' ? parseIdentity(`teams:${m.aadObjectId}`) : undefined;
      if (!identity) return [];
      const name = typeof m.name === 'string' ? sanitizeLine(m.name).slice(0, 120) : '';
      return [name ? { ...identity, name } : identity];
    });
  }

  async update(address: Address, messageId: string, card: Card): Promise<void> {
    const parsed = parseAddress(address);
    if (parsed.platform !== 'teams') throw new SendError('rejected', `not a Teams address: ${address}`);
    const row = this.referenceFor(address);
    await this.connector.update(this.serviceUrlOf(row), parsed.conversationId, messageId, this.outgoing(row, parsed.conversationId, card));
  }

  /**
   * In a channel, a reply joins the message's reply chain: the channel's conversation id with
   * `;messageid=<id>`. Chats (1:1 and group) have no reply chains, so a reply there is a new message.
   * @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
   */
  threadOf(address: Address, messageId: string): Address {
    const channel = conversationOf(address);
    const row = findReference(this.db, channel);
    if (row?.scope !== 'channel' || !messageId) return address;
    const parsed = parseAddress(channel);
    return parsed.platform === 'teams' ? teamsAddress(`${parsed.conversationId};messageid=${messageId}`, true) : address;
  }

  async dm(identity: Identity, card: Card): Promise<Sent> {
    if (identity.platform !== 'teams') throw new SendError('rejected', `not a Teams user: ${formatIdentity(identity)}`);
    const personal = findPersonalReference(this.db, formatIdentity(identity));
    if (personal) {
      // The 1:1 chat is known: the same lean post as a channel's.
      const conversationId = personal.reference.conversation.id;
      const sent = await this.connector.sendJson(this.serviceUrlOf(personal), conversationId, this.activityJson(card, personal, conversationId));
      return { address: personal.address, messageId: sent.id ?? '' };
    }
    return this.openChatAndSend({ identity }, activityFor(card));
  }

  /**
   * A file-consent card in the person's 1:1 chat (Teams lets a bot send files only there, and only with
   * consent); the bytes wait in SQLite and go to their OneDrive when they press Allow (handler.ts).
   */
  async sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent> {
    if (identity.platform !== 'teams') throw new SendError('rejected', `not a Teams user: ${formatIdentity(identity)}`);
    const offer = createOffer(this.db, identity, file, this.clock());
    try {
      return await this.sendPrivately({ identity }, consentActivity(offer, note));
    } catch (err) {
      settleOffer(this.db, offer.id, 'failed', this.clock());
      throw err;
    }
  }

  /** The email Teams gives for a member of a conversation they spoke in; only ever used to propose a link. */
  async emailOf(identity: Identity): Promise<string | undefined> {
    if (identity.platform !== 'teams') return undefined;
    const row = findPersonalReference(this.db, formatIdentity(identity)) ?? findReferenceWithUser(this.db, identity.id);
    if (!row) return undefined;
    const memberId = findTeamsUserId(this.db, identity.id) ?? identity.id;
    const member = await this.connector.member(this.serviceUrlOf(row), row.reference.conversation.id, memberId);
    const email = typeof member.email === 'string' && member.email ? member.email : member.userPrincipalName;
    return typeof email === 'string' && /^[^@\s]+@[^@\s]+$/.test(email) ? email : undefined;
  }

  /**
   * Posts into the user's 1:1 chat with the bot: the stored one, or one created now from the given
   * origin (or the latest stored reference's service URL and tenant), then stored for next time.
   */
  async sendPrivately(target: PrivateTarget, activity: ConnectorActivity, origin?: ChatOrigin): Promise<Sent> {
    const who = formatIdentity(target.identity);
    const personal = findPersonalReference(this.db, who);
    if (personal) {
      const serviceUrl = this.serviceUrlOf(personal);
      const sent = await this.connector.send(serviceUrl, personal.reference.conversation.id, this.withRoute(activity, personal));
      return { address: personal.address, messageId: sent.id ?? '' };
    }
    return this.openChatAndSend(target, activity, origin);
  }

  /** No 1:1 chat stored yet: creates it (Teams creates or returns the existing one), stores it, posts. */
  private async openChatAndSend(target: PrivateTarget, activity: ConnectorActivity, origin?: ChatOrigin): Promise<Sent> {
    const who = formatIdentity(target.identity);
    const from = origin ?? this.originFromStore();
    // Teams accepts the Entra object id as a member in the personal scope; its own `29:` id is surer.
    const memberId = target.teamsUserId ?? findTeamsUserId(this.db, target.identity.id) ?? target.identity.id;
    let conversationId: string;
    try {
      const created = await this.connector.createConversation(from.serviceUrl, {
        isGroup: false,
        bot: from.bot,
        members: [{ id: memberId }],
        ...(from.tenantId ? { tenantId: from.tenantId, channelData: { tenant: { id: from.tenantId } } } : {}),
      });
      conversationId = created.id;
    } catch (err) {
      // Nothing was posted yet, so a lost answer here is safe to retry.
      if (err instanceof SendError && err.kind === 'unknown') throw new SendError('transient', err.reason);
      throw err;
    }
    const row: ReferenceRow = {
      address: teamsAddress(conversationId),
      scope: 'personal',
      userIdentity: who,
      serviceUrl: from.serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl: from.serviceUrl,
        bot: from.bot,
        user: { id: memberId, aadObjectId: target.identity.id },
        conversation: { id: conversationId, conversationType: 'personal', ...(from.tenantId ? { tenantId: from.tenantId } : {}) },
      },
    };
    saveReference(this.db, row, this.clock());
    const sent = await this.connector.send(from.serviceUrl, conversationId, this.withRoute(activity, row));
    return { address: row.address, messageId: sent.id ?? '' };
  }

  private originFromStore(): ChatOrigin {
    const latest = latestReference(this.db);
    const serviceUrl = latest ? latest.serviceUrl ?? latest.reference.serviceUrl : undefined;
    if (!latest || !serviceUrl || !latest.reference.bot) {
      throw new SendError('rejected', 'no Teams conversation is known yet: install the app in Teams first');
    }
    const tenantId = latest.reference.conversation.tenantId;
    return { serviceUrl, bot: latest.reference.bot, ...(tenantId ? { tenantId } : {}) };
  }

  private outgoing(row: ReferenceRow, conversationId: string, card: Card): ConnectorActivity {
    return this.withRoute(activityFor(card), row, conversationId);
  }

  /** Fills in who speaks and where, as botbuilder does from a reference. */
  private withRoute(activity: ConnectorActivity, row: ReferenceRow, conversationId = row.reference.conversation.id): ConnectorActivity {
    const routed: ConnectorActivity = { ...activity, conversation: { id: conversationId } };
    if (row.reference.bot) routed.from = row.reference.bot;
    return routed;
  }
}
