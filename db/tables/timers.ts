// Timers: one row per piece of work due at a time (a summit reminder, an alert's escalation, a survey's
// close). SQLite holds them; a delayed BullMQ job only carries each one to its time, and reconcile
// re-creates those jobs from here, so a restart or a Redis flush loses none.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';

export const timers = sqliteTable(
  'timers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // What × when-relative, e.g. `summit-12-r7d`: setting it again moves it instead of adding one.
    key: text('key').notNull().unique(),
    // The handler registered for it (Registry.timer), and what it is about (e.g. an event id).
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    dueAt: ms('due_at').notNull(),
    // pending | done | cancelled | failed
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    // A worker's lease while the handler runs; a lease that ran out is retried (handlers are idempotent).
    claimedUntil: ms('claimed_until'),
    firedAt: ms('fired_at'),
    // How late it fired, when the bot was down at its time (ms).
    lateByMs: integer('late_by_ms'),
    error: text('error'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('timers_pending').on(t.status, t.dueAt), index('timers_subject').on(t.kind, t.subject)],
);
