// Members, their organizations and platform identities, and the records of linking accounts and vetting.
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ms, bool } from './columns.js';

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
