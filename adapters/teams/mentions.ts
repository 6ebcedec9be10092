// A Teams message's text as a neutral command line: the bot's own @mention stripped, other people's
// mentions (the entities Teams sent) set beside the text as neutral mentions the tokenizer reads as users.
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/channel-and-group-conversations#work-with-mentions
import { TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import type { LinePart, Mention as NeutralMention } from '../../src/commands/line.js';

const mentionEntity = z.object({
  type: z.string().refine((t) => t.toLowerCase() === 'mention'),
  text: z.string().min(1),
  mentioned: z.object({ id: z.string().min(1), name: z.string().optional(), aadObjectId: z.string().optional() }),
});
export type Mention = z.infer<typeof mentionEntity>;

/** Finds the Entra object id of a mentioned account, or undefined when it is not a person we can name. */
export type MentionResolver = (mentioned: Mention['mentioned']) => Promise<string | undefined>;

export function mentionsOf(activity: Activity): Mention[] {
  const entities = Array.isArray(activity.entities) ? (activity.entities as unknown[]) : [];
  return entities.flatMap((e) => {
    const parsed = mentionEntity.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
}

/** A label that cannot close the token early or start another one. */
function label(text: string): string {
  return text.replace(/<\/?at>/gi, '').replace(/[<>|"]/g, '').trim().slice(0, 80);
}

/** Where a resolved mention sits in the text while it is rewritten: characters no typed text keeps. */
const SLOT = /\uE000(\d+)\uE001/g;

export async function commandText(activity: Activity, resolve: MentionResolver): Promise<LinePart[]> {
  const raw = typeof activity.text === 'string' ? activity.text : '';
  // Typed text that looks like a mention stays text (`<@` read as a name to look up, as before).
  const typed = raw.replace(/[\uE000\uE001]/g, '').replace(/<@/g, '@');
  const resolved: NeutralMention[] = [];
  const mentions = mentionsOf(activity);
  const recipientId = typeof activity.recipient?.id === 'string' ? activity.recipient.id : '';
  // removeRecipientMention reads and rewrites `text` and `entities`, so it works on a checked copy.
  const copy = { ...activity, text: typed, entities: mentions } as Activity;
  let text = recipientId ? TurnContext.removeRecipientMention(copy) ?? typed : typed;
  for (const m of mentions) {
    if (m.mentioned.id === recipientId) {
      // Teams sends one entity per mention; a second @PPP in the same message goes too.
      text = text.split(m.text).join(' ');
      continue;
    }
    if (!text.includes(m.text)) continue;
    const name = label(m.mentioned.name ?? m.text) || 'someone';
    const aad = await resolve(m.mentioned);
    const token = aad ? `\uE000${resolved.push({ mention: { platform: 'teams', id: aad }, label: name }) - 1}\uE001` : m.mentioned.id.startsWith('29:') ? `@"${name}"` : name;
    text = text.replace(m.text, ` ${token} `);
  }
  // A mention tag without an entity (an edited message, another client) is read as a name to look up.
  text = text.replace(/<at>([^<]*)<\/at>/gi, (_all, inner: string) => `@"${label(inner)}"`);
  text = text.replace(/\u00a0/g, ' ').trim();
  const parts: LinePart[] = [];
  let last = 0;
  for (const m of text.matchAll(SLOT)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    const mention = resolved[Number(m[1])];
    if (mention) parts.push(mention);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
