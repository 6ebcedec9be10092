// The vetted conversations a label may reach. Read straight from the channels table, which the channels
// feature alone writes: that feature takes its TLP wording from tlp.ts here, so importing its folder
// back would tie the two folders in a cycle (test/unit/layers.test.ts).
import { and, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { channels } from '../../db/schema.js';
import { TLP, type TlpLabel } from './tlp.js';

export interface Conversation {
  address: string;
  platform: string;
  name: string | null;
  kind: string;
}

/** Vetted, reachable conversations of the kinds the label may reach (none for RED): never an unvetted one. */
export function conversationsFor(db: Db | Tx, label: TlpLabel): Conversation[] {
  const kinds = TLP[label].conversations;
  if (kinds.length === 0) return [];
  return db
    .select({ address: channels.address, platform: channels.platform, name: channels.name, kind: channels.kind })
    .from(channels)
    .where(and(eq(channels.status, 'vetted'), inArray(channels.kind, [...kinds])))
    .orderBy(channels.platform, channels.name, channels.address)
    .all();
}

/** Vetted conversations the label leaves out (a general one for AMBER), to say so in the preview. */
export function conversationsLeftOut(db: Db | Tx, label: TlpLabel): number {
  const kinds: readonly string[] = TLP[label].conversations;
  return db
    .select({ kind: channels.kind })
    .from(channels)
    .where(eq(channels.status, 'vetted'))
    .all()
    .filter((c) => !kinds.includes(c.kind)).length;
}

/** Every conversation the bot knows by address, for naming delivery targets in the ledger. */
export function conversationNames(db: Db | Tx): Map<string, string> {
  return new Map(db.select({ address: channels.address, platform: channels.platform, name: channels.name }).from(channels).all().map((c) => [c.address, describeConversation(c)]));
}

/** `Slack #exec-chiefs`, `Teams Executive Board`, `this terminal`: as the channels list names a conversation, never by its address. */
export function describeConversation(c: Pick<Conversation, 'platform' | 'name'>): string {
  if (c.platform === 'console') return c.name ?? 'the console';
  const platform = c.platform === 'slack' ? 'Slack' : 'Teams';
  if (!c.name) return `a ${platform} conversation (name unknown)`;
  return `${platform} ${c.platform === 'slack' && !c.name.startsWith('#') ? '#' : ''}${c.name}`;
}
