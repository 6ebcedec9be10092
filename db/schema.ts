// The partnership's tables: SQLite is the source of truth, Redis only holds work in flight.
// Times are stored as epoch milliseconds (Drizzle's `timestamp_ms` mode) so ordering and leases are exact.
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const ms = (name: string) => integer(name, { mode: 'timestamp_ms' });
const bool = (name: string) => integer(name, { mode: 'boolean' });

export const organizations = sqliteTable(
  'organizations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // local agency, federal agency, corporation, critical-infrastructure operator, security supplier
    kind: text('kind'),
    sector: text('sector'),
    // Self-assessment step 2 asks which partners are headquartered in the jurisdiction.
    headquarteredInJurisdiction: bool('hq_in_jurisdiction'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [uniqueIndex('organizations_name_nocase').on(sql`${t.name} collate nocase`)],
);

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    // The display name follows the platform profile until the member edits it.
    nameEdited: bool('name_edited').notNull().default(false),
    title: text('title'),
    organizationId: integer('organization_id').references(() => organizations.id),
    category: text('category'),
    executiveLevel: text('executive_level'),
    tier: text('tier').notNull().default('member'),
    isCoordinator: bool('is_coordinator').notNull().default(false),
    // Where the coordinator role came from: PPP_ADMINS ('env') is revoked when the variable drops the
    // identity; a role given by command ('command') or the console user ('console') is not.
    coordinatorVia: text('coordinator_via'),
    isIssuer: bool('is_issuer').notNull().default(false),
    status: text('status').notNull().default('nominated'),
    statusReason: text('status_reason'),
    statusChangedAt: ms('status_changed_at'),
    nominatedBy: integer('nominated_by'),
    nominatedAt: ms('nominated_at'),
    vettedBy: integer('vetted_by'),
    vettedAt: ms('vetted_at'),
    vettingExpiresAt: ms('vetting_expires_at'),
    successorId: integer('successor_id'),
    alternateMemberId: integer('alternate_member_id'),
    alternateName: text('alternate_name'),
    alternatePhone: text('alternate_phone'),
    alternateEmail: text('alternate_email'),
    contact247: text('contact_247'),
    email: text('email'),
    // JSON array of capability keys (CCTV footage, staging areas, logistics…).
    capabilities: text('capabilities', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    timezone: text('timezone'),
    contactsErasedAt: ms('contacts_erased_at'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('members_status').on(t.status), index('members_org').on(t.organizationId)],
);

export const identities = sqliteTable(
  'identities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => members.id),
    platform: text('platform').notNull(),
    // Slack `U…`, Teams AAD object id, or the console's OS user name.
    externalId: text('external_id').notNull(),
    // Extra platform detail (Slack team id, Teams user id for 1:1 chats) kept as JSON.
    detail: text('detail', { mode: 'json' }).$type<Record<string, string>>(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('identities_platform_external').on(t.platform, t.externalId),
    // One identity per platform per member.
    uniqueIndex('identities_member_platform').on(t.memberId, t.platform),
  ],
);

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
  (t) => [index('deliveries_batch').on(t.batch), index('deliveries_status').on(t.status)],
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
});

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

// Linking one member's Slack and Teams accounts (`link`): a one-time code shown on one platform and
// entered on the other — only a salted hash of its secret part is kept — or a link proposed on an email
// match, which the new account confirms. No foreign key on the member: declining a nomination deletes it.
export const linkRequests = sqliteTable(
  'link_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull(),
    // code | email
    kind: text('kind').notNull(),
    // A code's first characters: not secret, they name the code a wrong guess is counted against.
    locator: text('locator'),
    codeHash: text('code_hash'),
    salt: text('salt'),
    // Who asked for the code, or the account an email match was proposed to (an identity string).
    identity: text('identity').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    // The identity that used it, or `declined` when a proposal was turned down.
    usedBy: text('used_by'),
    lockedAt: ms('locked_at'),
  },
  (t) => [index('link_requests_locator').on(t.locator), index('link_requests_member').on(t.memberId)],
);

// Wrong link codes typed, per account, for the limit on guessing (link-codes.ts): in SQLite, so a
// restart forgets nothing and every process counts the same tries. Rows older than the window are pruned.
export const linkAttempts = sqliteTable(
  'link_attempts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // The account that typed the code, as an identity string.
    identity: text('identity').notNull(),
    at: ms('at').notNull(),
  },
  (t) => [index('link_attempts_identity').on(t.identity, t.at)],
);

// Vetting reminders sent, one per member per vetting period (the expiry date names the period), so a
// daily rerun, or two processes running the task, never remind twice.
export const vettingReminders = sqliteTable(
  'vetting_reminders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id').notNull(),
    expiresAt: ms('expires_at').notNull(),
    sentAt: ms('sent_at').notNull(),
  },
  (t) => [uniqueIndex('vetting_reminders_period').on(t.memberId, t.expiresAt)],
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
