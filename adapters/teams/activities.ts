// Reading an incoming Bot Framework activity: can it be answered, who sent it, where (the neutral
// address and scope), and the conversation reference to keep for later.
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-basics
import { TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import type { Turn } from '../../src/commands/context.js';
import { teamsAddress } from '../../src/core/address.js';
import { parseIdentity, type Identity } from '../../src/core/identity.js';
import type { ReferenceRow, StoredReference, TeamsScope } from './references.js';

const account = z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() });

/** What the bot needs of an activity to answer it; anything less is logged and dropped. */
const replyable = z.object({
  serviceUrl: z.string().min(1),
  channelData: z.unknown().optional(),
  conversation: z.object({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().optional(),
    name: z.string().optional(),
  }),
  from: account,
  recipient: account,
});

export type ReplyableActivity = z.infer<typeof replyable>;

export function readReplyable(activity: Activity): ReplyableActivity | undefined {
  const parsed = replyable.safeParse(activity);
  return parsed.success ? parsed.data : undefined;
}

export function scopeOf(activity: ReplyableActivity): TeamsScope {
  switch (activity.conversation.conversationType) {
    case 'channel':
      return 'channel';
    case 'groupChat':
      return 'group';
    case 'personal':
      return 'personal';
    default:
      // The Bot Framework Emulator and Web Chat send no conversationType.
      return activity.conversation.isGroup ? 'group' : 'personal';
  }
}

/**
 * The sender as a neutral identity: their Entra object id, which Teams sends for every real user.
 * Without one (the Emulator, a local test), the channel account id stands in, made identity-safe.
 */
export function identityOf(from: { id: string; aadObjectId?: string | undefined }): Identity {
  const byAad = from.aadObjectId ? parseIdentity(`teams:${from.aadObjectId}`) : undefined;
  if (byAad) return byAad;
  const safe = from.id.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 128) || 'unknown';
  return { platform: 'teams', id: safe };
}

/** The tenant hosting the conversation: on the conversation, or in Teams' channelData. */
export function tenantOf(activity: Activity): string | undefined {
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation) return fromConversation;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : undefined;
}

export const PREFIX_IN_GROUPS = '@PPP ';

export function turnOf(activity: ReplyableActivity): Turn {
  const scope = scopeOf(activity);
  const turn: Turn = {
    platform: 'teams',
    identity: identityOf(activity.from),
    // A channel is addressed without the `;messageid=` of the thread the message arrived in; replies
    // still go to that thread, because the responder answers through the turn's own reference.
    conversation: teamsAddress(activity.conversation.id),
    scope,
    prefix: scope === 'personal' ? '' : PREFIX_IN_GROUPS,
  };
  if (activity.from.name) turn.displayName = activity.from.name;
  const name = conversationNameOf(activity);
  if (name) turn.conversationName = name;
  return turn;
}

/** The conversation's name where Teams says it: a group chat's topic, or the channel's name in channelData. */
function conversationNameOf(activity: ReplyableActivity & { channelData?: unknown }): string | undefined {
  const channel = (activity.channelData as { channel?: { name?: unknown } } | undefined)?.channel?.name;
  const name = typeof channel === 'string' && channel ? channel : activity.conversation.name;
  return name?.trim().slice(0, 120) || undefined;
}

/**
 * The reference to store for this conversation. A channel's is the channel itself (no thread), so a
 * proactive post starts a new thread; the tenant is kept so 1:1 chats can be created from it later.
 */
export function referenceRow(activity: Activity, checked: ReplyableActivity): ReferenceRow {
  const scope = scopeOf(checked);
  const raw = TurnContext.getConversationReference(activity);
  const tenantId = tenantOf(activity);
  const conversation: StoredReference['conversation'] = {
    id: teamsAddress(checked.conversation.id).slice('teams:'.length),
    ...(checked.conversation.conversationType ? { conversationType: checked.conversation.conversationType } : {}),
    ...(tenantId ? { tenantId } : {}),
    ...(checked.conversation.isGroup !== undefined ? { isGroup: checked.conversation.isGroup } : {}),
  };
  const reference: StoredReference = {
    channelId: raw.channelId,
    serviceUrl: checked.serviceUrl,
    bot: { id: checked.recipient.id, ...(checked.recipient.name ? { name: checked.recipient.name } : {}) },
    user: {
      id: checked.from.id,
      ...(checked.from.name ? { name: checked.from.name } : {}),
      ...(checked.from.aadObjectId ? { aadObjectId: checked.from.aadObjectId } : {}),
    },
    conversation,
  };
  if (raw.locale) reference.locale = raw.locale;
  const identity = identityOf(checked.from);
  return {
    address: `teams:${conversation.id}`,
    scope,
    userIdentity: scope === 'personal' ? `teams:${identity.id}` : null,
    serviceUrl: checked.serviceUrl,
    reference,
  };
}
