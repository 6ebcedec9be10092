// Incident alerts: the alert and its approval, who it was meant for and how each answered, and its
// updates. Deliveries of every copy are rows of the delivery ledger (batches `alert-<id>…`).
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { bool, ms } from './columns.js';
import { members } from './members.js';

export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // info | advisory | urgent | critical
    severity: text('severity').notNull(),
    // CLEAR | GREEN | AMBER | AMBER+STRICT | RED
    tlp: text('tlp').notNull(),
    title: text('title').notNull(),
    details: text('details'),
    composerId: integer('composer_id')
      .notNull()
      .references(() => members.id),
    // draft | awaiting-approval | sent | resolved | cancelled | declined
    status: text('status').notNull().default('draft'),
    // TLP:RED: the members the sender named (JSON array of member ids); nobody else receives it.
    namedMemberIds: text('named_member_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    approvalRequestedAt: ms('approval_requested_at'),
    approvedBy: integer('approved_by'),
    approvedAt: ms('approved_at'),
    declinedBy: integer('declined_by'),
    declinedAt: ms('declined_at'),
    // A coordinator sent it without a second approval, and why: shown on every copy.
    breakGlassBy: integer('break_glass_by'),
    breakGlassReason: text('break_glass_reason'),
    sentAt: ms('sent_at'),
    resolvedBy: integer('resolved_by'),
    resolvedAt: ms('resolved_at'),
    // The sender's private preview, redrawn as the live status once sent.
    previewAddress: text('preview_address'),
    previewMessageId: text('preview_message_id'),
    // Answers owe the channel copies a redraw: one round at a time, coalesced (see answers.ts).
    redrawPending: bool('redraw_pending').notNull().default(false),
    redrawRound: integer('redraw_round').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('alerts_status').on(t.status)],
);

// Everyone an alert was meant for when it was sent, and their answer: one row per member, so an answer
// from any of a member's linked accounts counts once.
export const alertRecipients = sqliteTable(
  'alert_recipients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    memberId: integer('member_id').notNull(),
    // The identity its direct message went to; null when it went by no direct message.
    dmTarget: text('dm_target'),
    // acknowledged | safe | need-help; null until they answer
    answer: text('answer'),
    answeredAt: ms('answered_at'),
    firstAnsweredAt: ms('first_answered_at'),
    // The account that gave the latest answer (an identity string).
    answeredVia: text('answered_via'),
    // When the sender and coordinators were told this member needs help (once).
    helpToldAt: ms('help_told_at'),
    // When escalation reminded them and told their alternate (once).
    escalatedAt: ms('escalated_at'),
  },
  (t) => [uniqueIndex('alert_recipients_member').on(t.alertId, t.memberId)],
);

// Updates posted under every copy, and the ALL CLEAR (kind `resolve`).
export const alertUpdates = sqliteTable(
  'alert_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id),
    // update | resolve
    kind: text('kind').notNull(),
    text: text('text'),
    authorId: integer('author_id').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('alert_updates_alert').on(t.alertId)],
);
