// `roster [filter]` and `audit [n]`: private, paged lists; the pager re-runs the command, and the audit
// reads newest first in the partnership's time zone.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema.js';
import { PAGE_ACTION, type Card, type PagedList } from '../../../src/cards/card.js';
import { pagerButtons, plain } from '../../../src/cards/card.js';
import { renderText } from '../../../src/cards/text.js';
import { PROFILE_FORM } from '../../../src/roster/directory/profile-command.js';
import { MEMBER_FORM } from '../../../src/roster/membership/member-form.js';
import { recorder } from '../../helpers/responder.js';
import { organization, seed } from '../../helpers/db.js';
import { consoleTurn, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const cora = person('cora');
const mo = person('mo');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(w.db, { name: 'Mo Member', identity: mo });
});
afterEach(async () => {
  await w.close();
});

const listOf = (card: Card | undefined): PagedList => {
  const el = card?.elements.find((e) => e.type === 'list');
  if (el?.type !== 'list') throw new Error('no list on the card');
  return el.list;
};

describe('roster', () => {
  it('lists name, title, organization, category and tier, privately, filtered on any of them', async () => {
    const mpd = organization(w.db, 'Minneapolis Police Department');
    seed(w.db, { name: 'Medaria Chief', set: { organizationId: mpd, title: 'Chief of Police', category: 'law-enforcement', tier: 'board', contact247: '612 555 0001', email: 'chief@example.org' } });
    seed(w.db, { name: 'Greg Guard', set: { title: 'Director of Corporate Security', category: 'security-practitioner' } });
    seed(w.db, { name: 'Nate Nominee', status: 'nominated' });

    const all = await w.run(mo, 'roster');
    expect(all.sent.map((s) => s.kind)).toEqual(['private']);
    const text = all.texts();
    expect(text).toMatch(/Medaria Chief — Chief of Police, Minneapolis Police Department · Law-enforcement official · board/);
    expect(text).not.toMatch(/555|chief@example/);
    expect(text).not.toMatch(/Nate Nominee/);

    expect((await w.run(mo, 'roster board')).texts()).not.toMatch(/Greg Guard/);
    expect((await w.run(mo, 'roster security practitioner')).texts()).toMatch(/Greg Guard/);
    expect((await w.run(mo, 'roster minneapolis')).texts()).toMatch(/1\. Medaria Chief/);
    expect((await w.run(mo, 'roster nobody-like-this')).texts()).toMatch(/Nobody on the roster matches “nobody-like-this”/);
    // Coordinators also see who is waiting to be vetted.
    expect((await w.run(cora, 'roster nominated')).texts()).toMatch(/Nate Nominee — nominated/);
  });

  it('pages a long roster and turns the page by re-running the command', async () => {
    for (let i = 0; i < 45; i++) seed(w.db, { name: `Exec ${String(i).padStart(2, '0')}`, set: { title: 'CSO' } });
    const first = await w.run(mo, 'roster exec');
    const list = listOf(first.sent[0]!.card);
    expect(list).toMatchObject({ page: 1, total: 45, command: 'roster exec' });
    expect(list.items).toHaveLength(20);
    // The footer counts what the page shows, not the whole list as if it were on it.
    const footer = renderText(first.sent[0]!.card!).text.split('\n').at(-1)!;
    expect(footer).toMatch(/^\(1–20 of 45 matching “exec”; /);
    expect(footer).not.toMatch(/45 shown/);
    const next = pagerButtons(list).find((b) => b.label === 'Next')!;
    const respond = recorder();
    await w.bot.handleAction(consoleTurn(mo), { actionId: PAGE_ACTION, value: next.value! }, respond);
    // A private list turns its page privately too.
    expect(respond.sent[0]!.kind).toBe('private');
    const page2 = listOf(respond.sent[0]!.card);
    expect(page2.page).toBe(2);
    expect(plain(page2.items[0]!.title)).toBe('Exec 20');
  });
});

describe('audit', () => {
  it('shows coordinators who did what to whom and when, newest first, in PPP_TIMEZONE', async () => {
    await w.bot.handleForm(consoleTurn(mo), { formId: PROFILE_FORM, values: { title: 'Chief', contact247: '612 555 0100' } }, recorder());
    await w.run(cora, 'member @mo tier board');
    await w.run(cora, 'member @mo issuer on');
    w.db.insert(auditLog).values({ at: new Date('2026-07-04T17:30:00Z'), actor: 'system', action: 'coordinator.grant', subject: 'slack:UADMIN', details: { via: 'PPP_ADMINS' } }).run();
    const respond = await w.run(cora, 'audit 10');
    expect(respond.sent.map((s) => s.kind)).toEqual(['private']);
    const lines = listOf(respond.sent[0]!.card).items.map((i) => `${String(i.title)} | ${String(i.detail ?? '')}`);
    expect(lines[0]).toMatch(/Cora Coordinator made Mo Member an alert issuer\./);
    expect(lines[1]).toMatch(/Cora Coordinator moved Mo Member to the executive board\./);
    // Someone acting on their own record is named once, and a contact's value never shows.
    expect(lines[2]).toMatch(/— Mo Member edited their profile: title, 24\/7 contact\. \| $/);
    expect(lines[3]).toBe('4 Jul 2026 12:30 CDT — PPP Bot made a Slack account listed in PPP_ADMINS a coordinator. | ');
  });

  it('pages and is for coordinators only', async () => {
    for (let i = 0; i < 30; i++) w.db.insert(auditLog).values({ at: new Date(Date.UTC(2026, 0, 1, 0, i)), actor: 'system', action: 'member.contacts-erased', subject: `Old ${i}` }).run();
    const list = listOf((await w.run(cora, 'audit 25')).sent[0]!.card);
    expect(list).toMatchObject({ total: 25, command: 'audit 25' });
    expect(list.items[0]!.title).toMatch(/erased the contact details of Old 29/);
    expect(listOf((await w.run(cora, 'audit 5')).sent[0]!.card).items).toHaveLength(5);
    const refused = await w.run(mo, 'audit');
    expect(refused.sent[0]!.card?.tone).toBe('refusal');
    expect(refused.texts()).toMatch(/is for coordinators/);
  });
});

describe('audit in words', () => {
  /** Every line as a coordinator reads it on any platform: the card's text. */
  const auditText = async (n = 50) => renderText((await w.run(cora, `audit ${n}`)).sent[0]!.card!).text;

  it('every line is a full sentence with people’s and conversations’ names, and only the fields a person changed, in their labels', async () => {
    // A checklist opened and exported here, this terminal vetted, a record edited, a roster file imported.
    await w.run(cora, 'checklist');
    await w.run(cora, 'checklist export');
    await w.run(cora, 'channel vet executive', { conversationName: 'this terminal' });
    const edit = (await w.run(cora, 'member @mo edit')).sent.find((s) => s.kind === 'form')!.form!;
    const values = Object.fromEntries(edit.inputs.map((i) => [i.id, Array.isArray(i.initial) ? i.initial : (i.initial ?? '')]));
    await w.bot.handleForm(consoleTurn(cora), { formId: MEMBER_FORM, values: { ...values, title: 'Chief of Police' }, state: edit.state! }, recorder());
    const dir = mkdtempSync(join(tmpdir(), 'ppp-audit-'));
    const file = join(dir, 'members.csv');
    writeFileSync(file, 'name,title,organization,category,tier,status,email\nKaren Wu,Sheriff,Hennepin County,law-enforcement,member,active,karen@example.org\nMo Member,Deputy Chief,,,member,active,\n');
    expect((await w.run(cora, `roster import ${file}`)).texts()).toMatch(/Roster imported/);

    const text = await auditText();
    expect(text).toMatch(/Cora Coordinator exported Key ingredients review #1 as a CSV file \(0 rows\)\./);
    expect(text).toMatch(/Cora Coordinator vetted this terminal as an executive conversation\./);
    expect(text).toMatch(/Cora Coordinator edited Mo Member's record: title\./);
    expect(text).toMatch(/Cora Coordinator added Karen Wu to the roster from members\.csv \(active\)\./);
    expect(text).toMatch(/Cora Coordinator updated Mo Member from members\.csv: title\./);
    expect(text).toMatch(/Cora Coordinator imported members\.csv: 1 added, 1 updated\./);
    for (const line of text.split('\n').filter((l) => /^\d+\. /.test(l))) {
      expect(line, line).toMatch(/\.$/);
      expect(line, line).not.toMatch(/console:|checklist-\d|[a-z][A-Z]|statusChangedAt|vetted_by/);
    }
  });

  it('someone acting on themselves reads as a whole sentence, not one that stops', async () => {
    const coraRow = w.db.select().from(auditLog).all().length; // nothing yet
    expect(coraRow).toBe(0);
    const me = (await import('../../helpers/db.js')).memberNamed(w.db, 'Cora Coordinator')!;
    w.db.insert(auditLog).values({ at: new Date('2026-11-20T15:00:00Z'), actor: 'console:root', actorMemberId: me.id, action: 'member.coordinator', subjectMemberId: me.id, subject: me.name, details: { on: false } }).run();
    expect(await auditText()).toMatch(/Cora Coordinator gave up the coordinator role\./);
  });

  it('says how many actions it shows in plain words', async () => {
    for (let i = 0; i < 7; i++) w.db.insert(auditLog).values({ at: new Date(Date.UTC(2026, 0, 1, 0, i)), actor: 'system', action: 'member.contacts-erased', subject: `Old ${i}` }).run();
    expect(await auditText(5)).toContain('The 5 most recent actions, newest first');
    expect(await auditText(50)).toContain('All 7 actions so far, newest first');
  });
});
