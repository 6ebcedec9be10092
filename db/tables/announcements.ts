// Coordinators' announcements.
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { members } from './members.js';

// A coordinator's announcement: drafted with a preview naming the audience, then sent once.
export const announcements = sqliteTable('announcements', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  text: text('text').notNull(),
  authorId: integer('author_id')
    .notNull()
    .references(() => members.id),
  // draft | sent | cancelled
  status: text('status').notNull().default('draft'),
  // The private preview message, redrawn with the delivery report as deliveries settle.
  previewAddress: text('preview_address'),
  previewMessageId: text('preview_message_id'),
  createdAt: ms('created_at').notNull(),
  sentAt: ms('sent_at'),
  sentBy: integer('sent_by'),
});
