// Checking a roster CSV whole before anything is written: each row with zod, then across rows (the same
// account or email twice) and against the roster (who each row is, and whether the change is allowed).
// The result is either every problem by row number, or a plan that src/members/import.ts writes in one go.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import type { Tx } from '../../../db/client.js';
import { identities, members, organizations } from '../../../db/schema.js';
import { formatIdentity, parseIdentity, type Identity } from '../../core/identity.js';
import { sanitizeLine } from '../../core/sanitize.js';
import type { ImportFields, ImportPlan, ImportRow } from '../../members/import.js';
import { CATEGORIES, ORGANIZATION_KINDS, VETTING_MONTHS, type MemberRow } from '../../members/model.js';
import { CAPABILITIES } from '../../members/capabilities.js';
import { EXAMPLE_ROW, isExampleRow, unsafeCell, type Column, type ParsedCsv } from './layout.js';

/** A cell as zod sees it: sanitized onto one line, the export's formula guard taken off, empty as absent. */
const cell = (v: unknown): unknown => {
  if (typeof v !== 'string') return undefined;
  const t = unsafeCell(sanitizeLine(v)).trim();
  return t === '' ? undefined : t;
};
const text = (max: number) => z.preprocess(cell, z.string().max(max, `at most ${max} characters`).optional());

/** A closed list, written as the key or as the label users read (`law-enforcement`, `Law-enforcement official`). */
function oneOf<K extends string>(labels: Record<K, string>, what: string) {
  const byWord = new Map<string, K>();
  for (const [key, label] of Object.entries(labels) as [K, string][]) {
    byWord.set(key.toLowerCase(), key);
    byWord.set(label.toLowerCase(), key);
  }
  return z.preprocess(cell, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const key = byWord.get(v.toLowerCase());
    if (key === undefined) ctx.addIssue({ code: 'custom', message: `\`${v.slice(0, 40)}\` is not a ${what}: use one of ${Object.keys(labels).join(', ')}` });
    return key;
  });
}

/** Remembers answers per distinct input: 5,000 rows share a handful of time zones and dates, and luxon's checks are slow. */
function memo<T>(fn: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    if (!seen.has(s)) seen.set(s, fn(s));
    return seen.get(s)!;
  };
}
const validZone = memo((tz) => IANAZone.isValidZone(tz));
const readDate = memo((v) => {
  const iso = DateTime.fromFormat(v, 'yyyy-MM-dd');
  const d = iso.isValid ? iso : DateTime.fromFormat(v, 'M/d/yyyy');
  return d.isValid ? d.toFormat('yyyy-MM-dd') : undefined;
});

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0']);
const TIERS = { member: 'Member', board: 'Executive board' } as const;
const STATUSES = { active: 'Active', nominated: 'Nominated', suspended: 'Suspended', departed: 'Departed' } as const;
const CAPABILITY_LABELS = Object.fromEntries(CAPABILITIES.map((c) => [c.key, c.label])) as Record<string, string>;
const phoneDigits = (s: string) => (s.match(/\d/g) ?? []).length >= 7;

const RowSchema = z.object({
  name: text(120),
  title: text(120),
  organization: text(120),
  organization_kind: oneOf(ORGANIZATION_KINDS, 'kind of organization'),
  sector: text(80),
  headquartered: z.preprocess(cell, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (YES.has(v.toLowerCase())) return true;
    if (NO.has(v.toLowerCase())) return false;
    ctx.addIssue({ code: 'custom', message: 'write yes or no' });
    return undefined;
  }),
  category: oneOf(CATEGORIES, 'membership category'),
  executive_level: text(80),
  tier: oneOf(TIERS, 'tier'),
  status: oneOf(STATUSES, 'status'),
  // ISO (2026-01-15) or as US spreadsheets write it (1/15/2026).
  vetted_on: z.preprocess(cell, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const day = readDate(v);
    if (!day) ctx.addIssue({ code: 'custom', message: `\`${v.slice(0, 20)}\` is not a date: write 2026-01-15 (or 1/15/2026)` });
    return day;
  }),
  email: z.preprocess(cell, z.email('not an email address').max(200).optional()),
  contact_247: z.preprocess(cell, z.string().max(80, 'at most 80 characters').refine(phoneDigits, 'needs a phone number (at least 7 digits)').optional()),
  slack_id: z.preprocess(cell, z.string().regex(/^[UW][A-Z0-9]{2,40}$/, 'is not a Slack user id (it starts with U, as in a Slack profile: U0123ABCD)').optional()),
  teams_id: z.preprocess(cell, z.string().refine((s) => parseIdentity(`teams:${s}`) !== undefined, 'is not a Teams (Entra) object id').optional()),
  capabilities: z.preprocess(cell, z.string().optional()).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const words = v.split(/[;,]/).map((w) => w.trim()).filter(Boolean);
    const keys = words.map((w) => Object.entries(CAPABILITY_LABELS).find(([k, l]) => k === w.toLowerCase() || l.toLowerCase() === w.toLowerCase())?.[0]);
    const bad = words.filter((_, i) => keys[i] === undefined);
    if (bad.length) ctx.addIssue({ code: 'custom', message: `${bad.map((b) => `\`${b.slice(0, 30)}\``).join(', ')} not on the menu: use ${Object.keys(CAPABILITY_LABELS).join(', ')}, separated by ;` });
    return [...new Set(keys.filter((k): k is string => k !== undefined))];
  }),
  timezone: z.preprocess(cell, z.string().refine(validZone, 'is not a time zone: use an IANA name such as America/Chicago').optional()),
  alternate_name: text(120),
  alternate_phone: z.preprocess(cell, z.string().max(80, 'at most 80 characters').refine(phoneDigits, 'needs a phone number (at least 7 digits)').optional()),
  alternate_email: z.preprocess(cell, z.email('not an email address').max(200).optional()),
});

export type RowValues = z.infer<typeof RowSchema>;

export interface Problem {
  row: number;
  message: string;
}

/** A row checked: what it does, as src/members/import.ts applies it, with the values it was read from. */
type PlannedRow = ImportRow & { values: RowValues };

export type Plan = ({ ok: true } & ImportPlan) | { ok: false; problems: Problem[] };

/** A row's values in the member record's terms; a blank cell (undefined) leaves a field as it is. */
function memberFields(v: RowValues): ImportFields {
  return {
    name: v.name,
    title: v.title,
    category: v.category,
    executiveLevel: v.executive_level,
    tier: v.tier,
    email: v.email,
    contact247: v.contact_247,
    capabilities: v.capabilities,
    timezone: v.timezone,
    alternateName: v.alternate_name,
    alternatePhone: v.alternate_phone,
    alternateEmail: v.alternate_email,
  };
}

/** The roster as read once at the start, so checking 5,000 rows is lookups in maps, not queries. */
interface Roster {
  byId: Map<number, MemberRow>;
  byIdentity: Map<string, number>;
  identitiesOf: Map<number, Identity[]>;
  byEmail: Map<string, number[]>;
  byName: Map<string, number[]>;
}

function loadRoster(tx: Tx): Roster {
  const byId = new Map(tx.select().from(members).all().map((m) => [m.id, m]));
  const byIdentity = new Map<string, number>();
  const identitiesOf = new Map<number, Identity[]>();
  for (const i of tx.select().from(identities).all()) {
    const identity = { platform: i.platform, id: i.externalId } as Identity;
    byIdentity.set(formatIdentity(identity), i.memberId);
    identitiesOf.set(i.memberId, [...(identitiesOf.get(i.memberId) ?? []), identity]);
  }
  const byEmail = new Map<string, number[]>();
  const byName = new Map<string, number[]>();
  for (const m of byId.values()) {
    if (m.email) byEmail.set(m.email.toLowerCase(), [...(byEmail.get(m.email.toLowerCase()) ?? []), m.id]);
    byName.set(m.name.toLowerCase(), [...(byName.get(m.name.toLowerCase()) ?? []), m.id]);
  }
  return { byId, byIdentity, identitiesOf, byEmail, byName };
}

function rowValues(columns: ParsedCsv['columns'], cells: string[]): { values?: RowValues; problems: string[] } {
  const problems: string[] = [];
  const extra = cells.slice(columns.length).filter((c) => c.trim() !== '');
  if (extra.length > 0) problems.push(`it has ${cells.length} cells but the header names ${columns.length} columns (a comma inside a field needs the field in double quotes)`);
  const raw: Partial<Record<Column, string>> = {};
  columns.forEach((c, i) => {
    if (c) raw[c] = cells[i] ?? '';
  });
  const parsed = RowSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${String(issue.path[0] ?? 'row')} ${issue.message}`);
    return { problems };
  }
  return { values: parsed.data, problems };
}

const dayOf = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd');

/**
 * Checks the whole file against the roster as it is in this transaction. `importer` is the coordinator
 * importing; `zone` the partnership's time zone, in which a vetting date is a day.
 */
export function planImport(tx: Tx, csv: ParsedCsv, importer: MemberRow, at: Date, zone: string): Plan {
  const roster = loadRoster(tx);
  const problems: Problem[] = [];
  const rows: PlannedRow[] = [];
  const firstRowOf = new Map<string, number>();
  const orgs = new Map<string, { name: string; kind?: string; sector?: string; hq?: boolean; first: Map<string, { value: string; row: number }> }>();
  const today = dayOf(at, zone);
  // A vetting done on or before this day has run its VETTING_MONTHS by now.
  const lapsedBefore = dayOf(DateTime.fromJSDate(at, { zone: 'utc' }).minus({ months: VETTING_MONTHS }).toJSDate(), zone);
  const startOfDay = memo((day) => DateTime.fromISO(day, { zone }).startOf('day').toJSDate());

  for (const { row, cells } of csv.rows) {
    // The template's made-up member, left in: nothing else about the row matters.
    if (isExampleRow(csv.columns, cells)) {
      problems.push({ row, message: `this is the example row of \`roster template\` (${EXAMPLE_ROW.name}): delete it, then send the file again` });
      continue;
    }
    const { values, problems: found } = rowValues(csv.columns, cells);
    const say = (message: string) => found.push(message);
    if (!values) {
      for (const message of found) problems.push({ row, message });
      continue;
    }
    // The same account, email or person twice in one file is a mistake either way round.
    const once = (key: string, what: string) => {
      const earlier = firstRowOf.get(key);
      if (earlier !== undefined) say(`${what} is also in row ${earlier}`);
      else firstRowOf.set(key, row);
    };
    const accounts: Identity[] = [];
    if (values.slack_id) accounts.push({ platform: 'slack', id: values.slack_id });
    if (values.teams_id) accounts.push({ platform: 'teams', id: values.teams_id });
    for (const a of accounts) once(formatIdentity(a), `${a.platform}_id ${a.id}`);
    if (values.email) once(`email:${values.email.toLowerCase()}`, `email ${values.email}`);

    // Who the row is: the member its accounts or its email name — one member, or nobody yet.
    const owners = new Map<number, string>();
    for (const a of accounts) {
      const id = roster.byIdentity.get(formatIdentity(a));
      if (id !== undefined) owners.set(id, `${a.platform}_id`);
    }
    const byEmail = values.email ? (roster.byEmail.get(values.email.toLowerCase()) ?? []) : [];
    if (byEmail.length > 1 && owners.size === 0) say(`email ${values.email} belongs to ${byEmail.length} members; add their slack_id or teams_id to say which`);
    else if (byEmail.length === 1 && !owners.has(byEmail[0]!)) owners.set(byEmail[0]!, 'email');
    if (owners.size > 1) {
      say(`it names different members: ${[...owners].map(([id, how]) => `${how} is ${roster.byId.get(id)?.name ?? `member #${id}`}'s`).join(', ')}`);
    }
    // Nobody by account or email: the same name is the same person (someone added by form, or without
    // any account, as an export shows them), unless what the row says of them contradicts the record.
    if (owners.size === 0 && values.name) {
      const named = roster.byName.get(values.name.toLowerCase()) ?? [];
      const current = named.filter((id) => roster.byId.get(id)?.status !== 'departed');
      const pick = named.length === 1 ? named : current;
      if (pick.length > 1) say(`${pick.length} members are named ${values.name}; add their slack_id, teams_id or email to say which`);
      else if (pick.length === 1) {
        const same = roster.byId.get(pick[0]!)!;
        if (values.email && same.email && same.email.toLowerCase() !== values.email.toLowerCase()) {
          say(`${same.name} is on the roster with another email; give that email to update them, or a different name for someone else`);
        } else owners.set(same.id, 'name');
      }
    }
    const existing = owners.size === 1 ? roster.byId.get([...owners.keys()][0]!) : undefined;
    if (existing) once(`member:${existing.id}`, `${existing.name} (the same member)`);

    const planned: PlannedRow = { row, values, existing, fields: memberFields(values), organization: values.organization?.toLowerCase(), attach: [] };
    for (const a of accounts) {
      if (roster.byIdentity.has(formatIdentity(a))) continue;
      const mine = existing ? roster.identitiesOf.get(existing.id)?.find((i) => i.platform === a.platform) : undefined;
      if (mine) say(`${a.platform}_id ${a.id} differs from the ${a.platform} account already linked to ${existing!.name} (${mine.id}); \`unlink ${a.platform} @${existing!.name}\` first to change it`);
      else planned.attach.push(a);
    }

    if (!existing && !values.name) say('name is required for someone not on the roster yet');
    if (values.organization) {
      // One organization, one kind: two rows disagreeing about it is a mistake to point out, not to guess.
      const key = values.organization.toLowerCase();
      const org = orgs.get(key) ?? { name: values.organization, first: new Map<string, { value: string; row: number }>() };
      const details: [string, string | boolean | undefined][] = [['organization_kind', values.organization_kind], ['sector', values.sector], ['headquartered', values.headquartered]];
      for (const [col, v] of details) {
        if (v === undefined) continue;
        const first = org.first.get(col);
        if (first && first.value !== String(v)) say(`${col} of ${values.organization} is ${String(v)} here but ${first.value} in row ${first.row}`);
        else if (!first) org.first.set(col, { value: String(v), row });
      }
      if (values.organization_kind) org.kind = values.organization_kind;
      if (values.sector) org.sector = values.sector;
      if (values.headquartered !== undefined) org.hq = values.headquartered;
      orgs.set(key, org);
    }

    // Status: new people come in active or nominated; the file vets, renews or re-nominates, but
    // suspending and recording departures are done one by one with `member`, which tells people.
    const want = values.status;
    const current = existing?.status;
    if (values.vetted_on && values.vetted_on > today) say(`vetted_on ${values.vetted_on} is in the future`);
    const vettedAt = values.vetted_on && values.vetted_on < today ? startOfDay(values.vetted_on) : at;
    const lapsed = values.vetted_on !== undefined && values.vetted_on <= lapsedBefore;
    const vetting = () => {
      if (existing?.id === importer.id) return say('nobody vets themselves: another coordinator must renew your own vetting');
      if (lapsed) return say(`a vetting on ${values.vetted_on} lapsed after ${VETTING_MONTHS} months; give the date of the latest vetting, or status nominated`);
      planned.status = 'active';
      planned.vettedAt = vettedAt;
    };
    if (!existing) {
      if (want === 'suspended' || want === 'departed') say(`someone new comes in active or nominated, not ${want}`);
      else if (want === 'active') vetting();
      else planned.status = 'nominated';
    } else if (want === 'active' && current !== 'active') {
      vetting();
    } else if (want === 'active' && values.vetted_on) {
      const onRecord = existing.vettedAt ? dayOf(existing.vettedAt, zone) : undefined;
      if (onRecord && values.vetted_on < onRecord) say(`vetted_on ${values.vetted_on} is earlier than the vetting on record (${onRecord}); a file renews a vetting, never shortens it`);
      else if (onRecord !== values.vetted_on) vetting();
    } else if (want === 'nominated' && current === 'departed') {
      planned.status = 'nominated';
    } else if (want && want !== current) {
      say(
        want === 'nominated'
          ? `${existing.name} is ${current}; a file cannot make them nominated again`
          : `${existing.name} is ${current}: suspending and recording a departure are done with \`member @${existing.name} ${want === 'suspended' ? 'suspend' : 'depart'}\`, which tells the people concerned`,
      );
    }

    if (found.length > 0) for (const message of found) problems.push({ row, message });
    else rows.push(planned);
  }
  if (csv.rows.length === 0) problems.push({ row: 2, message: 'the file has a header but no members' });
  if (problems.length > 0) return { ok: false, problems };
  const known = new Map(tx.select().from(organizations).all().map((o) => [o.name.toLowerCase(), o.name]));
  const plannedOrgs = new Map([...orgs].map(([k, o]) => [k, { name: known.get(k) ?? o.name, ...(o.kind ? { kind: o.kind } : {}), ...(o.sector ? { sector: o.sector } : {}), ...(o.hq !== undefined ? { hq: o.hq } : {}) }]));
  return { ok: true, rows, orgs: plannedOrgs };
}
