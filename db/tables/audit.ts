// The audit log: one row per privileged change, written in the same transaction as the change.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: ms('at').notNull(),
    actorMemberId: integer('actor_member_id'),
    // The identity that acted, or 'system' for start-up and scheduled work.
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectMemberId: integer('subject_member_id'),
    subject: text('subject'),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_at').on(t.at)],
);
