// The delivery ledger: every proactive message and every edit of a posted one, before any job.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms, bool } from './columns.js';

// Every outgoing proactive message: one row per what × where, written before its job is queued.
// SQLite is the ledger; the queue only carries work in flight, and reconcile rebuilds it from here.
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // what × where, e.g. `announce:12|slack:T1:C9`; a second insert with the same key is a no-op.
    key: text('key').notNull().unique(),
    // The batch it belongs to (an announcement, an alert), for its report.
    batch: text('batch').notNull(),
    // post (to a conversation address) or dm (to a platform identity)
    kind: text('kind').notNull(),
    target: text('target').notNull(),
    card: text('card', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    // pending | sent | failed | unconfirmed
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // Attempts whose fate stayed unknown (a timeout, or a crash between send and record).
    unknownAttempts: integer('unknown_attempts').notNull().default(0),
    // A worker's lease while it sends; a lease that expired without a result is an unknown outcome.
    claimedUntil: ms('claimed_until'),
    // The process that took the last lease (`<host>:<pid>`): who sent it, or who held it when it died.
    claimedBy: text('claimed_by'),
    notBefore: ms('not_before'),
    // A pace slot reserved for this row (epoch ms): it goes then, whichever job takes it, with no new
    // reservation. Kept here, not in a job, so a second job for the same row never wastes a slot.
    paceSlot: ms('pace_slot'),
    messageId: text('message_id'),
    // Where the message landed (a DM's conversation), for later edits.
    messageAddress: text('message_address'),
    error: text('error'),
    createdAt: ms('created_at').notNull(),
    settledAt: ms('settled_at'),
    updatedAt: ms('updated_at').notNull(),
  },
  // Only pending rows are ever looked up by status (reconcile, a batch's count still on the way), and a
  // batch's settled rows are most of the table: the partial index holds what is pending, so settling a
  // row only removes its entry and a lease changes no index at all.
  (t) => [index('deliveries_batch').on(t.batch), index('deliveries_pending').on(t.batch).where(sql`${t.status} = 'pending'`)],
);

// Edits of a posted message (a tally, a status line): one row per message, rendered from SQLite
// when the job runs. `version` counts requests; `renderedVersion` what the last edit showed.
export const refreshes = sqliteTable('refreshes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  // The message: `<address>|<messageId>`.
  key: text('key').notNull().unique(),
  address: text('address').notNull(),
  messageId: text('message_id').notNull(),
  // Which renderer builds the card, and what it renders (e.g. a batch id).
  renderer: text('renderer').notNull(),
  subject: text('subject').notNull(),
  version: integer('version').notNull().default(1),
  renderedVersion: integer('rendered_version').notNull().default(0),
  // True while a job for this message is waiting in the queue: at most one pending per message.
  queued: bool('queued').notNull().default(false),
  claimedUntil: ms('claimed_until'),
  edits: integer('edits').notNull().default(0),
  error: text('error'),
  updatedAt: ms('updated_at').notNull(),
},
  // Every group of settled deliveries asks which status messages show their batch.
  (t) => [index('refreshes_subject').on(t.subject)],
);
