// Checklist reviews (`/ppp checklist`): reviews, where they are shown, their cards and members' marks.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ms, bool } from './columns.js';
import { members } from './members.js';

// A checklist review (`/ppp checklist`): one template reviewed together, open until closed, then
// frozen for `checklist history`. `template` is a key of src/checklist/templates.ts.
export const checklistReviews = sqliteTable(
  'checklist_reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    template: text('template').notNull(),
    // open | closed
    status: text('status').notNull().default('open'),
    openedBy: integer('opened_by')
      .notNull()
      .references(() => members.id),
    openedAt: ms('opened_at').notNull(),
    // The conversation it was started in.
    origin: text('origin').notNull(),
    closedBy: integer('closed_by').references(() => members.id),
    closedAt: ms('closed_at'),
  },
  (t) => [index('checklist_reviews_template').on(t.template, t.openedAt)],
);

// The conversations a review is shown in: where it started and where it was shared. `active` while
// the review is open; the partial unique index allows one open review per conversation and template.
export const checklistConversations = sqliteTable(
  'checklist_conversations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => checklistReviews.id),
    conversation: text('conversation').notNull(),
    template: text('template').notNull(),
    active: bool('active').notNull().default(true),
    addedBy: integer('added_by').references(() => members.id),
    addedAt: ms('added_at').notNull(),
  },
  (t) => [
    uniqueIndex('checklist_conversations_open').on(t.conversation, t.template).where(sql`active = 1`),
    index('checklist_conversations_review').on(t.reviewId),
  ],
);

// Every posted card of a review: each is redrawn from SQLite (through the refresh job) after a mark.
// A card posted again in the same conversation supersedes the older one, which then stops updating.
export const checklistMessages = sqliteTable(
  'checklist_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => checklistReviews.id),
    address: text('address').notNull(),
    messageId: text('message_id').notNull(),
    postedAt: ms('posted_at').notNull(),
    supersededAt: ms('superseded_at'),
  },
  (t) => [uniqueIndex('checklist_messages_message').on(t.address, t.messageId), index('checklist_messages_review').on(t.reviewId)],
);

// One row per member per item: the mark (in | partly | not-yet | na) and an optional note. In the
// self-assessment the note is the member's answer to a step and there is no mark. Keyed by member,
// so a member linked on Slack and Teams counts once.
export const checklistMarks = sqliteTable(
  'checklist_marks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => checklistReviews.id),
    itemKey: text('item_key').notNull(),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    mark: text('mark'),
    note: text('note'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('checklist_marks_member_item').on(t.reviewId, t.itemKey, t.memberId)],
);

// Members the bot showed a review's controls to privately — a note or answer form, a "which review?"
// card — on Teams in their 1:1 chat, away from the review's conversation. An action on a review counts
// only from a conversation showing it, or from such a private chat (src/checklist/access.ts).
export const checklistPrivateViews = sqliteTable(
  'checklist_private_views',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    reviewId: integer('review_id')
      .notNull()
      .references(() => checklistReviews.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    shownAt: ms('shown_at').notNull(),
  },
  (t) => [uniqueIndex('checklist_private_views_member').on(t.reviewId, t.memberId)],
);
