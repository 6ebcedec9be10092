// Teams conversation references in SQLite (conversation_refs): saved on every turn and on install, read
// for every proactive send. Never held only in memory — a restart must not make the bot mute.
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/send-proactive-messages
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { conversationRefs } from '../../db/schema.js';
import type { Address } from '../../src/core/address.js';

export type TeamsScope = 'channel' | 'group' | 'personal';

/** The parts of a Bot Framework ConversationReference this bot reads back. */
export interface StoredReference {
  channelId?: string;
  serviceUrl?: string;
  locale?: string;
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
}

export interface ReferenceRow {
  address: Address;
  scope: TeamsScope;
  userIdentity: string | null;
  serviceUrl: string | null;
  reference: StoredReference;
}

export function saveReference(db: Db, row: ReferenceRow, at: Date): void {
  const values = {
    address: row.address,
    platform: 'teams',
    scope: row.scope,
    userIdentity: row.userIdentity,
    serviceUrl: row.serviceUrl,
    reference: row.reference as unknown as Record<string, unknown>,
    updatedAt: at,
  };
  db.insert(conversationRefs)
    .values(values)
    .onConflictDoUpdate({
      target: conversationRefs.address,
      set: { scope: values.scope, userIdentity: values.userIdentity, serviceUrl: values.serviceUrl, reference: values.reference, updatedAt: at },
    })
    .run();
}

/**
 * Rows written from Teams itself. Earlier versions also stored conversations from other Bot Framework
 * channels (Web Chat, Direct Line), whose sender is whoever the client claims; reads that decide who a
 * person is, or where their private chat is, skip those.
 */
const fromTeams = sql`json_extract(${conversationRefs.reference}, '$.channelId') = 'msteams'`;

function toRow(r: typeof conversationRefs.$inferSelect): ReferenceRow {
  return {
    address: r.address,
    scope: r.scope as TeamsScope,
    userIdentity: r.userIdentity,
    serviceUrl: r.serviceUrl,
    reference: r.reference as unknown as StoredReference,
  };
}

type RawReference = { address: string; scope: string; user_identity: string | null; service_url: string | null; reference: string };
const byAddress = new WeakMap<Db['$client'], import('better-sqlite3').Statement<[string], RawReference>>();

/** Read for every proactive send: one prepared statement per connection, not a query built per post. */
export function findReference(db: Db, address: Address): ReferenceRow | undefined {
  let statement = byAddress.get(db.$client);
  if (!statement) {
    statement = db.$client.prepare<[string], RawReference>(
      "SELECT address, scope, user_identity, service_url, reference FROM conversation_refs WHERE address = ? AND platform = 'teams'",
    );
    byAddress.set(db.$client, statement);
  }
  const r = statement.get(address);
  if (!r) return undefined;
  return { address: r.address, scope: r.scope as TeamsScope, userIdentity: r.user_identity, serviceUrl: r.service_url, reference: JSON.parse(r.reference) as StoredReference };
}

/** The user's 1:1 chat with the bot, when the bot has one on record. */
export function findPersonalReference(db: Db, userIdentity: string): ReferenceRow | undefined {
  const row = db
    .select()
    .from(conversationRefs)
    .where(
      and(
        eq(conversationRefs.platform, 'teams'),
        eq(conversationRefs.scope, 'personal'),
        eq(conversationRefs.userIdentity, userIdentity),
        fromTeams,
        sql`json_extract(${conversationRefs.reference}, '$.conversation.conversationType') = 'personal'`,
      ),
    )
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row ? toRow(row) : undefined;
}

/**
 * The user's Teams id (`29:…`) for an Entra object id, from any conversation in which the user last
 * spoke; Teams prefers it to the object id when a 1:1 chat is created.
 */
export function findTeamsUserId(db: Db, aadObjectId: string): string | undefined {
  const row = db
    .select({ id: sql<string | null>`json_extract(${conversationRefs.reference}, '$.user.id')` })
    .from(conversationRefs)
    .where(
      and(
        eq(conversationRefs.platform, 'teams'),
        fromTeams,
        sql`json_extract(${conversationRefs.reference}, '$.user.aadObjectId') = ${aadObjectId}`,
      ),
    )
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row?.id ?? undefined;
}

/** The latest conversation in which this user spoke to the bot: their 1:1 chat, or a channel or group. */
export function findReferenceWithUser(db: Db, aadObjectId: string): ReferenceRow | undefined {
  const row = db
    .select()
    .from(conversationRefs)
    .where(and(eq(conversationRefs.platform, 'teams'), fromTeams, sql`json_extract(${conversationRefs.reference}, '$.user.aadObjectId') = ${aadObjectId}`))
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row ? toRow(row) : undefined;
}

/** The Entra object id behind a Teams user id, when the user has spoken to the bot. */
export function findAadObjectId(db: Db, teamsUserId: string): string | undefined {
  const row = db
    .select({ aad: sql<string | null>`json_extract(${conversationRefs.reference}, '$.user.aadObjectId')` })
    .from(conversationRefs)
    .where(and(eq(conversationRefs.platform, 'teams'), fromTeams, sql`json_extract(${conversationRefs.reference}, '$.user.id') = ${teamsUserId}`))
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row?.aad ?? undefined;
}

/** The most recent reference with a serviceUrl: where (and in which tenant) a new 1:1 chat is created. */
export function latestReference(db: Db): ReferenceRow | undefined {
  const row = db
    .select()
    .from(conversationRefs)
    .where(and(eq(conversationRefs.platform, 'teams'), fromTeams, isNotNull(conversationRefs.serviceUrl)))
    .orderBy(desc(conversationRefs.updatedAt))
    .get();
  return row ? toRow(row) : undefined;
}

/** The bot was removed from a conversation: it can no longer post there. */
export function deleteReference(db: Db, address: Address): void {
  db.delete(conversationRefs).where(and(eq(conversationRefs.address, address), eq(conversationRefs.platform, 'teams'))).run();
}
