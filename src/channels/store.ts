// Vetted conversations: which may receive what. An alert or announcement never reaches one that is
// not vetted, and one the bot lost (removed, archived) is marked unreachable rather than forgotten.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { channels, members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { conversationOf, platformOf, type Address } from '../core/address.js';
import type { Platform } from '../core/identity.js';
import { PLATFORM_LABEL } from '../core/platform-names.js';

export type ChannelRow = typeof channels.$inferSelect;
export const CHANNEL_KINDS = ['executive', 'general'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function getChannel(db: Db | Tx, address: Address): ChannelRow | undefined {
  return db.select().from(channels).where(eq(channels.address, conversationOf(address))).get();
}

export interface VetChange {
  address: Address;
  name: string | undefined;
  kind: ChannelKind;
  actor: string;
  actorMemberId: number;
  at: Date;
}

/** Vets (or re-vets with another kind) a conversation; audited in the same transaction. */
export function vetChannel(db: Db, change: VetChange): { previous?: ChannelRow; row: ChannelRow } {
  return db.transaction((tx) => {
    const address = conversationOf(change.address);
    const previous = getChannel(tx, address);
    const values = {
      address,
      platform: platformOf(address),
      name: change.name ?? previous?.name ?? null,
      kind: change.kind,
      status: 'vetted',
      statusReason: null,
      vettedBy: change.actorMemberId,
      vettedAt: change.at,
      updatedAt: change.at,
    };
    const row = tx
      .insert(channels)
      .values(values)
      .onConflictDoUpdate({ target: channels.address, set: values })
      .returning()
      .get();
    writeAudit(tx, {
      at: change.at,
      actor: change.actor,
      actorMemberId: change.actorMemberId,
      action: 'channel.vet',
      subject: address,
      details: { kind: change.kind, name: row.name, previous: previous ? { kind: previous.kind, status: previous.status } : null },
    });
    return previous ? { previous, row } : { row };
  });
}

export function unvetChannel(db: Db, address: Address, actor: { identity: string; memberId: number }, at: Date): ChannelRow | undefined {
  return db.transaction((tx) => {
    const row = getChannel(tx, address);
    if (!row || row.status === 'unvetted') return undefined;
    tx.update(channels).set({ status: 'unvetted', statusReason: 'unvetted by a coordinator', updatedAt: at }).where(eq(channels.id, row.id)).run();
    writeAudit(tx, { at, actor: actor.identity, actorMemberId: actor.memberId, action: 'channel.unvet', subject: row.address, details: { kind: row.kind, name: row.name } });
    return row;
  });
}

/** The bot lost a vetted conversation (removed, archived, uninstalled): returns the row if it was vetted. */
export function markUnreachable(db: Db, address: Address, reason: string, at: Date): ChannelRow | undefined {
  return db.transaction((tx) => {
    const row = getChannel(tx, address);
    if (!row || row.status !== 'vetted') return undefined;
    tx.update(channels).set({ status: 'unreachable', statusReason: reason.slice(0, 200), updatedAt: at }).where(eq(channels.id, row.id)).run();
    writeAudit(tx, { at, actor: 'system', action: 'channel.unreachable', subject: row.address, details: { reason, name: row.name } });
    return row;
  });
}

export interface ChannelListing extends ChannelRow {
  vettedByName: string | null;
}

export function listChannels(db: Db): ChannelListing[] {
  return db
    .select({ channel: channels, vettedByName: members.name })
    .from(channels)
    .leftJoin(members, eq(members.id, channels.vettedBy))
    .orderBy(asc(channels.platform), asc(channels.name), asc(channels.address))
    .all()
    .filter((r) => r.channel.status !== 'unvetted')
    .map((r) => ({ ...r.channel, vettedByName: r.vettedByName }));
}

/** Vetted conversations that can be reached, optionally only one kind (executive for AMBER alerts). */
export function vettedConversations(db: Db, kind?: ChannelKind): ChannelRow[] {
  return db
    .select()
    .from(channels)
    .where(eq(channels.status, 'vetted'))
    .all()
    .filter((c) => !kind || c.kind === kind);
}

/** How the conversations at these addresses are named to people (only those the roster of channels knows). */
export function channelNames(db: Db, addresses: readonly string[]): Map<string, string> {
  if (addresses.length === 0) return new Map();
  const rows = db.select({ address: channels.address, name: channels.name, platform: channels.platform }).from(channels).where(inArray(channels.address, [...new Set(addresses)])).all();
  return new Map(rows.map((r) => [r.address, describeChannel(r)]));
}

/** The addresses of every vetted conversation: what an announcement goes to, without the rest of each row. */
export function vettedAddresses(db: Db): Address[] {
  return db.select({ address: channels.address }).from(channels).where(eq(channels.status, 'vetted')).all().map((r) => r.address);
}

export function describeChannel(row: Pick<ChannelRow, 'name' | 'address' | 'platform'>): string {
  // The console has one conversation, named by its adapter ("this terminal").
  if (row.platform === 'console') return row.name ?? 'the console';
  const platform = PLATFORM_LABEL[row.platform as Platform] ?? 'Console';
  // An address is the platform's id, not something people read: without a name the platform says enough.
  return row.name ? `${platform} ${row.platform === 'slack' && !row.name.startsWith('#') ? '#' : ''}${row.name}` : `a ${platform} conversation (name unknown)`;
}
