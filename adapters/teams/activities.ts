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
    case 'personal':
      // Teams marks a 1:1 chat as personal and never as a group; anything else is not one.
      return activity.conversation.isGroup === true ? 'group' : 'personal';
    default:
      // A group chat, or a conversation whose type Teams did not say: treated as shared, so it never
      // becomes anyone's private chat and private answers go elsewhere.
      return 'group';
  }
}

/**
 * The sender as a neutral identity: their Entra object id, which Teams sends for every signed-in user,
 * guests included. Nothing else names a person: `from.id` is chosen by the client on other Bot Framework
 * channels, so an activity without an object id comes from nobody the bot can serve.
 */
export function identityOf(from: { aadObjectId?: string | undefined }): Identity | undefined {
  return from.aadObjectId ? parseIdentity(`teams:${from.aadObjectId}`) : undefined;
}

/** The tenant hosting the conversation: on the conversation, or in Teams' channelData. */
export function tenantOf(activity: Activity): string | undefined {
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof fromConversation === 'string' && fromConversation) return fromConversation;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  return typeof fromChannelData === 'string' && fromChannelData ? fromChannelData : undefined;
}

export const PREFIX_IN_GROUPS = '@PPP ';

export function turnOf(activity: ReplyableActivity, identity: Identity): Turn {
  const scope = scopeOf(activity);
  const turn: Turn = {
    platform: 'teams',
    identity,
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
    // Only a 1:1 chat in Teams, with a sender Teams vouched for, is someone's private conversation.
    userIdentity: scope === 'personal' && identity ? `teams:${identity.id}` : null,
    serviceUrl: checked.serviceUrl,
    reference,
  };
}
