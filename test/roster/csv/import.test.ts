// `roster import` (on the console, by path): a good file; one bad row among 60 (nothing applied, the row
// named); quoted fields, UTF-8 with a BOM and CRLF; existing members updated, not duplicated; 5,000 rows;
// and an export imported again changes nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, identities, members, organizations } from '../../../db/schema.js';
import { findMemberByIdentity } from '../../../src/members/store.js';
import { COLUMNS } from '../../../src/roster/csv/layout.js';
import { rosterRows } from '../../../src/roster/csv/export-command.js';
import { templateCsv } from '../../../src/roster/csv/template-command.js';
import type { recorder } from '../../helpers/responder.js';
import { memberNamed, seed } from '../../helpers/db.js';
import { fullText, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
let dir: string;
const cora = person('cora');
const now = new Date('2026-11-22T15:00:00Z');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  w.services.clock = () => now;
  dir = mkdtempSync(join(tmpdir(), 'ppp-import-'));
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
});
afterEach(async () => {
  await w.close();
});

const said = (r: ReturnType<typeof recorder>) => r.sent.map((s) => (s.card ? fullText(s.card) : s.text)).join('\n');

let files = 0;
/** Writes the file and imports it as Cora; returns what she was told. */
async function importText(content: string | Buffer, who = cora): Promise<string> {
  const path = join(dir, `members-${++files}.csv`);
  writeFileSync(path, content);
  const answer = await w.run(who, `roster import ${path}`);
  expect(answer.sent.map((s) => s.kind)).toEqual(['private']);
  return said(answer);
}

const csvOf = (rows: Record<string, string>[], columns: readonly string[] = COLUMNS) => stringify([columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))]);

function sixty(): Record<string, string>[] {
  return Array.from({ length: 60 }, (_, i) => ({
    name: `Member ${String(i + 1).padStart(2, '0')}`,
    title: i % 2 ? 'Chief Security Officer' : 'Chief of Police',
    organization: `Organization ${i % 12}`,
    organization_kind: i % 12 < 6 ? 'corporation' : 'local-agency',
    category: i % 12 < 6 ? 'security-practitioner' : 'law-enforcement',
    status: i % 5 === 0 ? 'nominated' : 'active',
    vetted_on: i % 5 === 0 ? '' : '2026-06-01',
    email: `member${i + 1}@example.org`,
    contact_247: `+1 612 555 ${String(1000 + i)}`,
    slack_id: i < 30 ? `U0IMP${String(i).padStart(3, '0')}` : '',
    teams_id: i >= 30 ? `aad-${i}` : '',
    capabilities: i % 3 === 0 ? 'cctv;facilities' : '',
  }));
}

const memberCount = () => w.db.select().from(members).all().length;

describe('a good file', () => {
  it('adds 60 members in one go: active ones vetted by the importer on the file’s date, accounts attached, organizations made, audited', async () => {
    const told = await importText(csvOf(sixty()));
    expect(told).toMatch(/Roster imported/);
    expect(told).toMatch(/60 rows — 60 members added \(48 active, 12 nominated\), 0 updated, 0 unchanged/);
    expect(memberCount()).toBe(61);
    const coraId = memberNamed(w.db, 'Cora Coordinator')!.id;
    const m2 = memberNamed(w.db, 'Member 02')!;
    expect(m2).toMatchObject({ status: 'active', vettedBy: coraId, title: 'Chief Security Officer', email: 'member2@example.org', contact247: '+1 612 555 1001', nameEdited: true });
    expect(DateTime.fromJSDate(m2.vettedAt!, { zone: 'America/Chicago' }).toFormat('yyyy-MM-dd')).toBe('2026-06-01');
    expect(m2.vettingExpiresAt!.getTime()).toBe(DateTime.fromJSDate(m2.vettedAt!, { zone: 'utc' }).plus({ months: 12 }).toMillis());
    expect(memberNamed(w.db, 'Member 01')).toMatchObject({ status: 'nominated', nominatedBy: coraId, vettedAt: null });
    expect(memberNamed(w.db, 'Member 01')!.capabilities).toEqual(['cctv', 'facilities']);
    expect(findMemberByIdentity(w.db, person('U0IMP004', 'slack'))?.name).toBe('Member 05');
    expect(findMemberByIdentity(w.db, person('aad-44', 'teams'))?.name).toBe('Member 45');
    expect(w.db.select().from(organizations).all()).toHaveLength(12);
    expect(w.db.select().from(organizations).where(eq(organizations.name, 'Organization 7')).get()?.kind).toBe('local-agency');
    const audits = w.db.select().from(auditLog).all();
    expect(audits.filter((a) => a.action === 'member.import')).toHaveLength(60);
    expect(audits.find((a) => a.action === 'roster.import')?.details).toMatchObject({ rows: 60, added: 60, updated: 0 });
    // Contact details are named in the audit, never copied into it.
    expect(JSON.stringify(audits)).not.toContain('555 1001');
    expect(JSON.stringify(audits)).not.toContain('member2@example.org');
  });

  it('reads quoted fields (commas, quotes, a line break), UTF-8 names, a BOM and CRLF line ends', async () => {
    const text =
      '\uFEFFname,title,organization,status,email\r\n' +
      '"Núñez, José","Director, ""Global"" Security","Café Olé, Inc.",active,jose@example.org\r\n' +
      'Zoë Ødegaard,"Chief\r\nof Police",Städtische Polizei,nominated,zoe@example.org\r\n' +
      '李雷,安全总监,北京公司,,li@example.org\r\n' +
      ',,,,\r\n';
    const told = await importText(Buffer.from(text, 'utf8'));
    expect(told).toMatch(/3 rows — 3 members added \(1 active, 2 nominated\)/);
    expect(memberNamed(w.db, 'Núñez, José')).toMatchObject({ title: 'Director, "Global" Security', status: 'active' });
    // A name, title or organization is one line: a line break in a cell becomes a space.
    expect(memberNamed(w.db, 'Zoë Ødegaard')?.title).toBe('Chief of Police');
    expect(memberNamed(w.db, '李雷')).toMatchObject({ title: '安全总监', status: 'nominated' });
    expect(w.db.select().from(organizations).all().map((o) => o.name).sort()).toEqual(['Café Olé, Inc.', 'Städtische Polizei', '北京公司']);
  });

  it('cleans every cell of bidi overrides, zero-width and control characters before anything is stored', async () => {
    const text = 'name,title,organization,email\r\n' + '"Ev\u202Eil\u200B Name\u0007","Chief\u2066 of\u0000 Police",Acme\u200D Corp\u{E0041},ev\u200Bil@example.org\r\n';
    const told = await importText(Buffer.from(text, 'utf8'));
    expect(told).toMatch(/1 row — 1 member added/);
    const row = memberNamed(w.db, 'Evil Name');
    expect(row).toMatchObject({ title: 'Chief of Police', email: 'evil@example.org' });
    expect(w.db.select().from(organizations).all().map((o) => o.name)).toContain('Acme Corp');
  });

  it('updates members matched by account or email instead of adding them twice; a blank cell changes nothing', async () => {
    const jane = seed(w.db, { name: 'Jane Chief', identity: person('U0JANE', 'slack'), set: { title: 'Chief', contact247: '+1 612 555 0100' } });
    const ray = seed(w.db, { name: 'Ray Sheriff', set: { email: 'ray@example.org', status: 'nominated' } });
    // Added by form without an account: the same name, with no contradicting email, is the same person.
    const lee = seed(w.db, { name: 'Lee Analyst' });
    const told = await importText(
      csvOf([
        { name: 'Jane Chief', slack_id: 'U0JANE', title: 'Chief of Police', teams_id: 'aad-jane', status: 'active' },
        { email: 'RAY@example.org', status: 'active', vetted_on: '11/1/2026', tier: 'board' },
        { name: 'lee analyst', slack_id: 'U0LEE', email: 'lee@example.org' },
      ]),
    );
    expect(told).toMatch(/nobody added, 3 updated, 0 unchanged/);
    expect(memberCount()).toBe(4);
    expect(findMemberByIdentity(w.db, person('U0LEE', 'slack'))?.id).toBe(lee.id);
    expect(memberNamed(w.db, 'lee analyst')?.email).toBe('lee@example.org');
    expect(findMemberByIdentity(w.db, person('aad-jane', 'teams'))?.id).toBe(jane.id);
    expect(memberNamed(w.db, 'Jane Chief')).toMatchObject({ title: 'Chief of Police', contact247: '+1 612 555 0100', status: 'active' });
    const vetted = memberNamed(w.db, 'Ray Sheriff')!;
    expect(vetted).toMatchObject({ id: ray.id, status: 'active', tier: 'board', vettedBy: memberNamed(w.db, 'Cora Coordinator')!.id });
    expect(DateTime.fromJSDate(vetted.vettedAt!, { zone: 'America/Chicago' }).toFormat('yyyy-MM-dd')).toBe('2026-11-01');
    expect(w.db.select().from(identities).where(eq(identities.memberId, jane.id)).all()).toHaveLength(2);
  });
});

describe('a file with problems', () => {
  it('one bad row among 60: nothing is applied, and the answer names the row and why', async () => {
    const rows = sixty();
    rows[36]!.email = 'member37-at-example.org';
    const told = await importText(csvOf(rows));
    expect(told).toMatch(/Nothing was imported/);
    expect(told).toMatch(/1 row has problems, so no row was applied/);
    expect(told).toMatch(/Row 38: email not an email address\./);
    expect(told).not.toMatch(/Row 37:|Row 39:/);
    expect(memberCount()).toBe(1);
    expect(w.db.select().from(organizations).all()).toEqual([]);
    expect(w.db.select().from(auditLog).all()).toEqual([]);
  });

  it('lists the first 50 problems and counts the rest; names conflicts with the roster and within the file', async () => {
    seed(w.db, { name: 'Jane Chief', identity: person('U0JANE', 'slack') });
    seed(w.db, { name: 'Ray Sheriff', set: { email: 'ray@example.org' } });
    const rows: Record<string, string>[] = [
      { name: 'Someone', slack_id: 'U0JANE', email: 'ray@example.org' },
      { name: 'Twice', email: 'twice@example.org' },
      { name: 'Again', email: 'TWICE@example.org' },
      { name: 'Gone', status: 'departed' },
      { name: 'Future', status: 'active', vetted_on: '2027-01-01' },
      { name: 'Stale', status: 'active', vetted_on: '2025-06-01' },
      { slack_id: 'U0NEW' },
      ...Array.from({ length: 60 }, (_, i) => ({ name: `Bad ${i}`, tier: 'president' })),
    ];
    const told = await importText(csvOf(rows));
    expect(told).toMatch(/Row 2: it names different members: slack_id is Jane Chief's, email is Ray Sheriff's\./);
    expect(told).toMatch(/Row 4: email TWICE@example.org is also in row 3\./);
    expect(told).toMatch(/Row 5: someone new comes in active or nominated, not departed\./);
    expect(told).toMatch(/Row 6: vetted_on 2027-01-01 is in the future\./);
    expect(told).toMatch(/Row 7: a vetting on 2025-06-01 lapsed after 12 months/);
    expect(told).toMatch(/Row 8: name is required for someone not on the roster yet\./);
    expect(told).toMatch(/Row 9: tier `president` is not a tier: use one of member, board\./);
    expect(told).toMatch(/…and 16 more problems \(in 16 more rows\)\./);
    expect(memberCount()).toBe(3);
  });

  it('refuses a file that is not UTF-8, an unknown column, and broken quoting, saying how to fix each', async () => {
    expect(await importText(Buffer.from('name,title\nJos\xe9,Chief\n', 'latin1'))).toMatch(/not UTF-8 text.*CSV UTF-8/);
    expect(await importText('name,titel\nJane,Chief\n')).toMatch(/Unknown column `titel` \(did you mean .*`title`\?\)/);
    expect(await importText('name,title\n"Jane,Chief\n')).toMatch(/not valid CSV/);
    expect(await importText('name,title\n')).toMatch(/header but no members/);
    expect(memberCount()).toBe(1);
  });

  it('is for coordinators; the console needs a path', async () => {
    seed(w.db, { name: 'Mo Member', identity: person('mo') });
    const refused = await w.run(person('mo'), 'roster import /tmp/x.csv');
    expect(refused.sent[0]!.card?.tone).toBe('refusal');
    expect(said(await w.run(cora, 'roster import'))).toMatch(/give the CSV file’s path/);
    expect(said(await w.run(cora, `roster import ${join(dir, 'missing.csv')}`))).toMatch(/cannot read a file at/);
  });
});

describe('at scale and round trip', () => {
  it('applies 5,000 rows in one transaction', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      name: `Person ${i}`,
      organization: `Org ${i % 400}`,
      status: i % 2 ? 'active' : 'nominated',
      email: `p${i}@example.org`,
      slack_id: `U0BULK${i}`,
      contact_247: `+1 612 555 ${String(i).padStart(4, '0')}`,
    }));
    const told = await importText(csvOf(rows));
    expect(told).toMatch(/5,000 rows — 5,000 members added \(2500 active, 2500 nominated\)/);
    expect(memberCount()).toBe(5001);
    expect(w.db.select().from(identities).all()).toHaveLength(5001);
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, 'member.import')).all()).toHaveLength(5000);
  });

  it('an export imports again unchanged, formulas neutralised on the way out and restored on the way in', async () => {
    await importText(csvOf(sixty()));
    seed(w.db, { name: '=HYPERLINK("http://evil.example","click")', set: { title: '+1 call me', email: 'evil@example.org' } });
    const rows = rosterRows(w.db, 'America/Chicago');
    const evil = rows.find((r) => r[0]!.includes('HYPERLINK'))!;
    expect(rows[0]).toEqual([...COLUMNS, 'vetting_expires']);
    const exported = stringify(rows.map((r) => r.map((c) => (/^[=+\-@]/.test(c) ? `'${c}` : c))));
    expect(exported).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(evil[1]).toBe('+1 call me');
    const told = await importText(exported);
    expect(told).toMatch(/62 rows — nobody added, 0 updated, 62 unchanged/);
    expect(memberNamed(w.db, '=HYPERLINK("http://evil.example","click")')?.title).toBe('+1 call me');
  });

  it('the unedited template is refused with a message to delete its example row, and imports nothing; the template says so itself', async () => {
    const template = templateCsv();
    expect(template.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^# .*delete the example row/i);
    const members0 = w.db.select().from(members).all().length;
    const told = await importText(template);
    expect(told).toMatch(/Nothing was imported/);
    expect(told).toMatch(/Row 3: this is the example row of `roster template` \(Dana Example\): delete it/);
    expect(memberNamed(w.db, 'Dana Example')).toBeUndefined();
    expect(w.db.select().from(members).all()).toHaveLength(members0);
    // Half-edited (a new name, the example's email left in) is still the example row.
    const renamed = await importText(template.replace('Dana Example,', 'Pat Real,'));
    expect(renamed).toMatch(/Row 3: this is the example row/);
    expect(memberNamed(w.db, 'Pat Real')).toBeUndefined();
  });

  it('the template filled in imports; its comment row is skipped and rows keep their spreadsheet numbers', async () => {
    const [comment, header] = templateCsv().split('\r\n');
    const bad = await importText([comment, header, 'Pat Real,Chief of Police', 'Lee Wrong,,,,,,,,,gone'].join('\r\n'));
    expect(bad).toMatch(/Row 4: status `gone` is not a status/);
    const told = await importText([comment, header, 'Pat Real,Chief of Police', '# a note of our own in the middle', 'Lee Right,CSO'].join('\r\n'));
    expect(told).toMatch(/2 rows — 2 members added/);
    expect(memberNamed(w.db, 'Lee Right')?.title).toBe('CSO');
  });
});
