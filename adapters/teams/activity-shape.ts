// What an incoming body must look like to be handed to botbuilder at all: every field that botbuilder
// or this adapter reads has the type the Bot Framework schema gives it, within sane lengths. Anything
// else is refused with 400 before authentication, a turn or a stored reference.
// @see https://github.com/microsoft/botframework-sdk/blob/main/specs/botframework-activity/botframework-activity.md
import { z } from 'zod';

/** Ids in Teams are tens of characters (a channel's thread id with its message id, about 100). */
const MAX_ID = 1024;
const id = z.string().max(MAX_ID);
const short = z.string().max(200);

const account = z.object({
  id: id.optional(),
  name: z.string().max(MAX_ID).optional(),
  aadObjectId: id.optional(),
  role: short.optional(),
});

/** Teams' and the Emulator's service URLs are http(s); anything else is not a place to answer. */
const serviceUrl = z
  .string()
  .max(2048)
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, 'not an http(s) URL');

const mention = z.object({
  text: z.string().min(1),
  mentioned: z.object({ id: z.string().min(1).max(MAX_ID), name: z.string().optional(), aadObjectId: id.optional() }),
});
// Entities of other types (clientInfo and the like) are Teams' business; a mention is read, so it must be whole.
const entity = z
  .looseObject({ type: short })
  .refine((e) => e.type.toLowerCase() !== 'mention' || mention.safeParse(e).success, 'a mention needs its text and the mentioned account');

const attachment = z.looseObject({
  contentType: short,
  contentUrl: z.string().optional(),
  name: z.string().max(MAX_ID).optional(),
});

const named = z.looseObject({ id: id.optional(), name: z.string().max(MAX_ID).optional() });

const activityShape = z.object({
  type: z.string().min(1).max(100),
  id: id.optional(),
  serviceUrl: serviceUrl.optional(),
  // Authentication reads it (a key's endorsements name channels); only Teams' is served, after that.
  channelId: short.min(1),
  from: account.optional(),
  recipient: account.optional(),
  conversation: z
    .object({
      id: id.optional(),
      conversationType: short.optional(),
      tenantId: short.optional(),
      isGroup: z.boolean().optional(),
      name: z.string().max(MAX_ID).optional(),
    })
    .optional(),
  text: z.string().optional(),
  textFormat: short.optional(),
  locale: short.optional(),
  timestamp: short.optional(),
  localTimestamp: short.optional(),
  expiration: short.optional(),
  replyToId: id.optional(),
  name: z.string().max(MAX_ID).optional(),
  action: short.optional(),
  entities: z.array(entity).max(256).optional(),
  attachments: z.array(attachment).max(64).optional(),
  channelData: z
    .looseObject({
      tenant: named.optional(),
      channel: named.optional(),
      team: named.optional(),
      eventType: short.optional(),
    })
    .optional(),
  membersAdded: z.array(account.extend({ id })).max(1000).optional(),
  membersRemoved: z.array(account.extend({ id })).max(1000).optional(),
});

/** Undefined when the body may go on to botbuilder; otherwise which field is wrong, for the 400. */
export function activityProblem(body: Record<string, unknown>): string | undefined {
  if (typeof body.type !== 'string' || !body.type) return 'the body has no activity type';
  const shape = activityShape.safeParse(body);
  if (shape.success) return undefined;
  const path = shape.error.issues[0]?.path.filter((p) => typeof p === 'string').join('.') || 'activity';
  return `the activity's ${path.slice(0, 60)} is not valid`;
}
