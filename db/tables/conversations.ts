// Conversations the bot knows: vetted channels, stored Teams references, files offered for consent.
import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns.js';
import { members } from './members.js';

export const channels = sqliteTable('channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  address: text('address').notNull().unique(),
  platform: text('platform').notNull(),
  name: text('name'),
  kind: text('kind').notNull().default('general'),
  // vetted | unreachable | unvetted
  status: text('status').notNull().default('vetted'),
  statusReason: text('status_reason'),
  vettedBy: integer('vetted_by').references(() => members.id),
  vettedAt: ms('vetted_at'),
  updatedAt: ms('updated_at').notNull(),
});

// Slack direct-message channels the bot opened (conversations.open), so a second message to the same
// person opens nothing: one alert to a thousand members is a thousand posts, not two thousand calls.
export const dmChannels = sqliteTable('dm_channels', {
  // The platform identity, e.g. `slack:U123`.
  identity: text('identity').primaryKey(),
  channel: text('channel').notNull(),
  openedAt: ms('opened_at').notNull(),
});

// Teams needs a stored conversation reference to speak first; it is persisted, never held in memory.
export const conversationRefs = sqliteTable(
  'conversation_refs',
  {
    address: text('address').primaryKey(),
    platform: text('platform').notNull(),
    // channel | group | personal
    scope: text('scope').notNull(),
    // For a personal (1:1) conversation: whose it is, as a platform identity string.
    userIdentity: text('user_identity'),
    serviceUrl: text('service_url'),
    reference: text('reference', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('conversation_refs_user').on(t.userIdentity)],
);

// A file offered to someone who must accept it first (Teams' file-consent card): its bytes wait here,
// not in memory, so a restart or another process can still deliver it; erased once accepted,
// declined or expired.
export const fileOffers = sqliteTable(
  'file_offers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').notNull(),
    identity: text('identity').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: integer('size').notNull(),
    content: blob('content', { mode: 'buffer' }),
    // Random, carried by the consent card and checked on accept: a forged accept names no real offer.
    token: text('token').notNull(),
    // offered | sent | declined | expired | failed
    status: text('status').notNull().default('offered'),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    settledAt: ms('settled_at'),
  },
  (t) => [index('file_offers_identity').on(t.identity)],
);
