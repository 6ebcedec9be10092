// Applying a roster import: a plan checked whole inside the transaction (by the caller's `check`) and, only
// if every row is right, written in that same synchronous transaction — members added or updated, accounts
// attached, an audit row per member changed and one for the import. Nothing here awaits.
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { auditLog, identities, members } from '../../db/schema.js';
import { writeAudit, type By } from '../core/audit.js';
import { formatIdentity, type Identity } from '../core/identity.js';
import { CONTACT_FIELDS, vettingExpiry } from './changes.js';
import type { MemberRow } from './model.js';
import { ensureOrganization, type OrganizationKind } from './organizations.js';

/** The fields a row gives, in the member record's terms; undefined (a blank cell) leaves a field as it is. */
export type ImportFields = Partial<
  Pick<MemberRow, 'name' | 'title' | 'category' | 'executiveLevel' | 'tier' | 'email' | 'contact247' | 'capabilities' | 'timezone' | 'alternateName' | 'alternatePhone' | 'alternateEmail'>
>;

/** What one row does: create someone, or change an existing member (maybe nothing). */
export interface ImportRow {
  /** The row's number in the file, for the audit. */
  row: number;
  existing: MemberRow | undefined;
  fields: ImportFields;
  /** The organization the row names, as its key in the plan's `orgs` (lower case). */
  organization?: string | undefined;
  /** Accounts to attach (new, or missing on an existing member). */
  attach: Identity[];
  /** The status change the row makes, if any. */
  status?: 'active' | 'nominated';
  /** When the vetting the row records was done (an active row that vets or renews). */
  vettedAt?: Date;
}

export interface ImportPlan {
  rows: ImportRow[];
  /** Organizations by lower-case name, with the details the file gives them. */
  orgs: Map<string, { name: string; kind?: string; sector?: string; hq?: boolean }>;
}

export interface ImportCounts {
  rows: number;
  added: number;
  addedActive: number;
  updated: number;
  unchanged: number;
}

type Fields = Partial<typeof members.$inferInsert>;

/** The member fields a row writes; for an existing member a blank cell leaves the field as it is. */
function fieldsOf({ name, title, ...rest }: ImportFields, organizationId: number | undefined): Fields {
  const f: Fields = {};
  if (name !== undefined) Object.assign(f, { name, nameEdited: true });
  if (title !== undefined) f.title = title;
  if (organizationId !== undefined) f.organizationId = organizationId;
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(f, { [key]: value });
  return f;
}

function statusFields(p: ImportRow, by: By, at: Date): Fields {
  if (p.status === 'active') {
    return { status: 'active', statusReason: null, statusChangedAt: p.existing?.status === 'active' ? p.existing.statusChangedAt : at, vettedBy: by.memberId, vettedAt: p.vettedAt!, vettingExpiresAt: vettingExpiry(p.vettedAt!) };
  }
  if (p.status === 'nominated') return { status: 'nominated', statusReason: null, statusChangedAt: at, successorId: null, nominatedBy: by.memberId, nominatedAt: at };
  return {};
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const ph = (name: string) => sql.placeholder(name);

/**
 * A new member's insert, prepared once per import: building the same statement 5,000 times cost more
 * than running it. Two shapes, since a nominated row has no vetting dates and an active row no
 * nomination date (Drizzle cannot bind a null date through a placeholder).
 */
function prepareInserts(tx: Tx) {
  const common = {
    name: ph('name'), nameEdited: true, title: ph('title'), organizationId: ph('organizationId'), category: ph('category'), executiveLevel: ph('executiveLevel'),
    tier: ph('tier'), email: ph('email'), contact247: ph('contact247'), capabilities: ph('capabilities'), timezone: ph('timezone'), alternateName: ph('alternateName'),
    alternatePhone: ph('alternatePhone'), alternateEmail: ph('alternateEmail'), statusChangedAt: ph('at'), createdAt: ph('at'), updatedAt: ph('at'),
  };
  return {
    active: tx.insert(members).values({ ...common, status: 'active', vettedBy: ph('by'), vettedAt: ph('vettedAt'), vettingExpiresAt: ph('expiresAt') }).returning({ id: members.id }).prepare(),
    nominated: tx.insert(members).values({ ...common, status: 'nominated', nominatedBy: ph('by'), nominatedAt: ph('at') }).returning({ id: members.id }).prepare(),
  };
}
type MemberInserts = ReturnType<typeof prepareInserts>;

function newMemberParams(p: ImportRow, organizationId: number | undefined, by: By, at: Date): Record<string, unknown> {
  const f = p.fields;
  return {
    name: f.name!, title: f.title ?? null, organizationId: organizationId ?? null, category: f.category ?? null, executiveLevel: f.executiveLevel ?? null,
    tier: f.tier ?? 'member', email: f.email ?? null, contact247: f.contact247 ?? null, capabilities: f.capabilities ?? [], timezone: f.timezone ?? null,
    alternateName: f.alternateName ?? null, alternatePhone: f.alternatePhone ?? null, alternateEmail: f.alternateEmail ?? null, at, by: by.memberId,
    ...(p.status === 'active' ? { vettedAt: p.vettedAt!, expiresAt: vettingExpiry(p.vettedAt!) } : {}),
  };
}

/** Rows written after the members, many to a statement: a 5,000-row file is a few dozen inserts, not 10,000. */
interface Batches {
  identities: (typeof identities.$inferInsert)[];
  audits: (typeof auditLog.$inferInsert)[];
}

function applyRow(tx: Tx, inserts: MemberInserts, p: ImportRow, orgIds: Map<string, number>, by: By, at: Date, out: Batches, file: string): 'added' | 'updated' | 'unchanged' {
  const orgId = p.organization ? orgIds.get(p.organization) : undefined;
  const wanted = { ...fieldsOf(p.fields, orgId), ...statusFields(p, by, at) };
  let memberId: number;
  let changed: string[];
  if (!p.existing) {
    memberId = inserts[p.status === 'active' ? 'active' : 'nominated'].get(newMemberParams(p, orgId, by, at))!.id;
    changed = Object.keys(wanted).filter((k) => k !== 'nameEdited');
  } else {
    const before = p.existing as Record<string, unknown>;
    const set = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => !same(before[k], v)));
    changed = Object.keys(set).filter((k) => k !== 'nameEdited');
    memberId = p.existing.id;
    if (changed.length > 0) tx.update(members).set({ ...set, updatedAt: at }).where(eq(members.id, memberId)).run();
  }
  for (const a of p.attach) out.identities.push({ memberId, platform: a.platform, externalId: a.id, createdAt: at });
  if (changed.length === 0 && p.attach.length === 0) return 'unchanged';
  // Contact details are named in the audit, never copied into it.
  const shown = Object.fromEntries(changed.filter((k) => !CONTACT_FIELDS.has(k) && ['status', 'tier', 'category', 'title'].includes(k)).map((k) => [k, (wanted as Record<string, unknown>)[k]]));
  out.audits.push({
    at,
    actor: by.identity,
    actorMemberId: by.memberId,
    action: 'member.import',
    subjectMemberId: memberId,
    subject: (wanted.name as string | undefined) ?? p.existing?.name ?? null,
    details: { file, row: p.row, created: !p.existing, changed, values: shown, ...(p.attach.length ? { linked: p.attach.map(formatIdentity) } : {}), ...(p.status ? { status: p.status } : {}) },
  });
  return p.existing ? 'updated' : 'added';
}

function chunks<T>(all: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/**
 * Checks and applies an import as `by`. `check` runs inside the same transaction as the writes, so the
 * roster cannot change between the two; when it finds problems nothing is written and they are returned.
 */
export function applyImport<P>(
  db: Db,
  by: By,
  check: (tx: Tx) => ({ ok: true } & ImportPlan) | { ok: false; problems: P[] },
  source: string,
  at: Date,
): ({ ok: true } & ImportCounts) | { ok: false; problems: P[] } {
  return db.transaction((tx) => {
    const plan = check(tx);
    if (!plan.ok) return plan;
    const orgIds = new Map<string, number>();
    for (const [key, o] of plan.orgs) {
      const details = { ...(o.kind ? { kind: o.kind as OrganizationKind } : {}), ...(o.sector ? { sector: o.sector } : {}), ...(o.hq !== undefined ? { headquarteredInJurisdiction: o.hq } : {}) };
      orgIds.set(key, ensureOrganization(tx, o.name, at, details).org.id);
    }
    const counts: ImportCounts = { rows: plan.rows.length, added: 0, addedActive: 0, updated: 0, unchanged: 0 };
    // Each member's row names the file, without the folders a console path carries.
    const fileName = source.split(/[\\/]/).pop() ?? source;
    const out: Batches = { identities: [], audits: [] };
    const inserts = prepareInserts(tx);
    for (const p of plan.rows) {
      const outcome = applyRow(tx, inserts, p, orgIds, by, at, out, fileName);
      counts[outcome]++;
      if (outcome === 'added' && p.status === 'active') counts.addedActive++;
    }
    // Well inside SQLite's 32,766 bound variables per statement (7 and 4 columns a row).
    for (const chunk of chunks(out.identities, 1000)) tx.insert(identities).values(chunk).run();
    for (const chunk of chunks(out.audits, 500)) tx.insert(auditLog).values(chunk).run();
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'roster.import', subject: source, details: { ...counts } });
    return { ok: true as const, ...counts };
  });
}
