// Organizations on the roster: one row per name (case-insensitive), with the kind, critical-infrastructure
// sector and whether it is headquartered in the jurisdiction (self-assessment step 2).
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { organizations } from '../../db/schema.js';
import { ORGANIZATION_KINDS } from './model.js';

export type OrganizationRow = typeof organizations.$inferSelect;
export type OrganizationKind = keyof typeof ORGANIZATION_KINDS;

type Reader = Db | Tx;

export function findOrganizationByName(db: Reader, name: string): OrganizationRow | undefined {
  return db
    .select()
    .from(organizations)
    .where(sql`${organizations.name} = ${name.trim()} collate nocase`)
    .get();
}

export function getOrganization(db: Reader, id: number | null): OrganizationRow | undefined {
  return id === null ? undefined : db.select().from(organizations).where(eq(organizations.id, id)).get();
}

export interface OrganizationDetails {
  kind?: OrganizationKind | undefined;
  sector?: string | undefined;
  headquarteredInJurisdiction?: boolean | undefined;
}

/**
 * The organization of that name, created when new; details given overwrite the stored ones.
 * Returns which fields changed, for the audit row written in the same transaction.
 */
export function ensureOrganization(tx: Tx, name: string, at: Date, details: OrganizationDetails = {}): { org: OrganizationRow; created: boolean; changed: string[] } {
  const existing = findOrganizationByName(tx, name);
  const wanted: Partial<OrganizationRow> = {};
  if (details.kind !== undefined) wanted.kind = details.kind;
  if (details.sector !== undefined) wanted.sector = details.sector;
  if (details.headquarteredInJurisdiction !== undefined) wanted.headquarteredInJurisdiction = details.headquarteredInJurisdiction;
  if (!existing) {
    const org = tx
      .insert(organizations)
      .values({ name: name.trim(), createdAt: at, ...wanted })
      .returning()
      .get();
    return { org, created: true, changed: Object.keys(wanted) };
  }
  const changed = (Object.keys(wanted) as (keyof typeof wanted)[]).filter((k) => wanted[k] !== existing[k]);
  if (changed.length === 0) return { org: existing, created: false, changed: [] };
  const org = tx.update(organizations).set(wanted).where(eq(organizations.id, existing.id)).returning().get();
  return { org, created: false, changed };
}
