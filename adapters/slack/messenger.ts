// The Messenger port on Slack: posts, edits and DMs for the core and the jobs. Every failure becomes a
// SendError of the kind the delivery engine acts on (see errors.ts); nothing is retried here.
// @see https://docs.slack.dev/reference/methods/chat.postMessage
import type { webApi } from '@slack/bolt';
import type { Card } from '../../src/cards/card.js';
import { parseAddress, slackAddress, type Address } from '../../src/core/address.js';
import { formatIdentity, type Identity } from '../../src/core/identity.js';
import type { FileContent } from '../../src/files.js';
import { createKeepAliveFetch, type PostJson } from '../../src/http/client.js';
import { SendError, type FileSent, type PlatformMessenger, type Profile, type Sent } from '../../src/messenger.js';
import { cardToMessage } from './cards.js';
import type { DmChannels } from './dm-channels.js';
import { toSendError } from './errors.js';
import { profileEmail, sendFileToDm, userProfile } from './files.js';
import { SlackPoster } from './post.js';
import { sendDm } from './replies.js';

/** A message's timestamp as Slack writes it, which names its thread. */
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;
/** A remembered DM channel that these answers say is gone: open it again. */
const STALE_DM = new Set(['channel_not_found', 'is_archived']);

/** An upload carries a whole export: more time than a post, still bounded. */
const FILE_TIMEOUT_MS = 30_000;

function slackTarget(address: Address): { team: string; channel: string; threadTs?: string } {
  let parsed;
  try {
    parsed = parseAddress(address);
  } catch {
    throw new SendError('rejected', 'not a conversation address');
  }
  if (parsed.platform !== 'slack') throw new SendError('rejected', `not a Slack address: ${parsed.platform}`);
  return parsed;
}

/** How posts go out (post.ts): the transport and how long to wait for Slack's answer. */
export interface SlackPostOptions {
  postJson?: PostJson;
  timeoutMs?: number;
}

export class SlackMessenger implements PlatformMessenger {
  readonly platform = 'slack' as const;
  private readonly poster: SlackPoster;

  /** `team` gives the workspace id for DM addresses (known once auth.test has answered). */
  constructor(
    private readonly web: webApi.WebClient,
    private readonly team: () => string,
    private readonly botUserId: () => string | undefined = () => undefined,
    /** Where opened DM channels are remembered; without it every DM opens its channel first. */
    private readonly dmChannels?: DmChannels,
    posts: SlackPostOptions = {},
  ) {
    this.poster = new SlackPoster(web.token ?? '', web.slackApiUrl, posts.postJson ?? createKeepAliveFetch().postJson, posts.timeoutMs ?? 10_000);
  }

  /** conversations.members, every page: who can read what is posted here. */
  async membersOf(address: Address): Promise<Identity[]> {
    const { channel } = slackTarget(address);
    const ids: string[] = [];
    let cursor: string | undefined;
    try {
      do {
        const res = await this.web.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        ids.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor);
    } catch (err) {
      throw toSendError(err);
    }
    const bot = this.botUserId();
    return ids.filter((id) => id !== bot).map((id) => ({ platform: 'slack' as const, id }));
  }

  async post(address: Address, card: Card): Promise<Sent> {
    const { channel, threadTs } = slackTarget(address);
    return { address, messageId: await this.poster.post(channel, card, threadTs) };
  }

  async update(address: Address, messageId: string, card: Card): Promise<void> {
    const { channel } = slackTarget(address);
    try {
      await this.web.chat.update({ channel, ts: messageId, ...cardToMessage(card) });
    } catch (err) {
      throw toSendError(err);
    }
  }

  /**
   * A reply goes into the message's thread (`thread_ts`), in a channel or a DM alike. Slack threads are
   * one level deep: the thread of a reply is the thread it is already in.
   * @see https://docs.slack.dev/messaging#threading
   */
  threadOf(address: Address, messageId: string): Address {
    const { team, channel, threadTs } = slackTarget(address);
    if (threadTs) return address;
    return SLACK_TS.test(messageId) ? slackAddress(team, channel, messageId) : address;
  }

  /**
   * Posts in the person's DM with the bot: the channel opened before, from SQLite, or one opened now and
   * remembered. A remembered channel Slack no longer knows is forgotten and opened again.
   */
  async dm(identity: Identity, card: Card): Promise<Sent> {
    if (identity.platform !== 'slack') throw new SendError('rejected', `not a Slack user: ${identity.platform}`);
    const who = formatIdentity(identity);
    const known = this.dmChannels?.find(who);
    if (known) {
      try {
        return { address: slackAddress(this.team(), known), messageId: await this.poster.post(known, card) };
      } catch (err) {
        if (!(err instanceof SendError && (err.kind === 'rejected' || err.kind === 'not-in-conversation') && STALE_DM.has(err.reason))) throw err;
        this.dmChannels!.forget(who, known);
      }
    }
    const { channel, ts } = await sendDm(this.web, identity.id, cardToMessage(card), (opened) => this.dmChannels?.remember(who, opened));
    if (!ts) throw new SendError('unknown', 'chat.postMessage returned no ts');
    return { address: slackAddress(this.team(), channel), messageId: ts };
  }

  /** A file in the person's DM with the bot, never a channel; the message id is Slack's file id. */
  async sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent> {
    if (identity.platform !== 'slack') throw new SendError('rejected', `not a Slack user: ${identity.platform}`);
    const { channel, fileId } = await sendFileToDm(this.web, identity.id, file, note, FILE_TIMEOUT_MS);
    return { address: slackAddress(this.team(), channel), messageId: fileId };
  }

  async emailOf(identity: Identity): Promise<string | undefined> {
    return identity.platform === 'slack' ? profileEmail(this.web, identity.id) : undefined;
  }

  async profileOf(identity: Identity): Promise<Profile | undefined> {
    return identity.platform === 'slack' ? userProfile(this.web, identity.id) : undefined;
  }
}
