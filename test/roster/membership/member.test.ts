// Running members' records: suspend and depart take rights away at once, a successor inherits being
// someone's alternate, the last coordinator keeps the role, and each change is audited once.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../../db/schema.js';
import { MEMBER_FORM } from '../../../src/roster/membership/member-form.js';
import type { Identity } from '../../../src/core/identity.js';
import { recorder } from '../../helpers/responder.js';
import { memberNamed, organization, seed } from '../../helpers/db.js';
import { consoleTurn, fullText, mention, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const cora = person('cora');
const al = person('al');
const bo = person('bo');
const cy = person('cy');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
  const target = organization(w.db, 'Target Corporation', { kind: 'corporation' });
  const al0 = seed(w.db, { name: 'Al Alpha', identity: al, set: { organizationId: target, contact247: '+1 612 555 0101' } });
  seed(w.db, { name: 'Bo Beta', identity: bo, set: { alternateMemberId: al0.id } });
  seed(w.db, { name: 'Cy Gamma', identity: cy, set: { alternateMemberId: al0.id } });
});
afterEach(async () => {
  await w.close();
});

const audits = (action: string) => w.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

/** Presses the button labelled `label` on the card a command answered with, as `who`. */
async function press(answer: ReturnType<typeof recorder>, label: string, who: Identity = cora) {
  const card = answer.sent.find((s) => s.card)?.card;
  const button = card?.elements.flatMap((e) => (e.type === 'actions' ? e.elements : [])).find((b) => b.type === 'button' && b.label === label);
  if (button?.type !== 'button') throw new Error(`no ${label} button in: ${answer.texts()}`);
  const pressed = recorder();
  await w.bot.handleAction(consoleTurn(who), { actionId: button.actionId, ...(button.value === undefined ? {} : { value: button.value }) }, pressed);
  return pressed;
}

/** A command that asks before it acts, confirmed. */
async function confirmed(line: string, label: string) {
  return press(await w.run(cora, line), label);
}

describe('member @user suspend', () => {
  it('takes member rights away at once, tells them, and vet restores them', async () => {
    expect((await w.run(al, 'roster')).sent[0]!.card?.tone).toBeUndefined();
    const respond = await w.run(cora, 'member @"Al Alpha" suspend missed both summits');
    expect(respond.texts()).toMatch(/Al Alpha is suspended \(missed both summits\) and has lost member rights/);
    expect(memberNamed(w.db, 'Al Alpha')).toMatchObject({ status: 'suspended', statusReason: 'missed both summits' });

    const refused = await w.run(al, 'roster');
    expect(refused.sent[0]!.card?.tone).toBe('refusal');
    expect(refused.texts()).toMatch(/suspended \(missed both summits\)/);
    await w.settled();
    expect(w.dmsTo('console:al').map((d) => d.text).join('\n')).toMatch(/Your membership of Twin Cities Test Partnership is suspended/);

    expect((await w.run(cora, 'member @"Al Alpha" suspend')).texts()).toMatch(/not active, so there is nothing to suspend/);
    await w.run(cora, 'vet @"Al Alpha"');
    expect(memberNamed(w.db, 'Al Alpha')!.status).toBe('active');
    expect(audits('member.suspend')).toHaveLength(1);
  });
});

describe('member @user depart', () => {
  it('with a successor: the successor becomes the alternate of whoever had the departed member, and they are told', async () => {
    const sue = seed(w.db, { name: 'Sue Successor', identity: person('sue') });
    const respond = await confirmed('member @"Al Alpha" depart successor @"Sue Successor"', 'Record the departure');
    expect(respond.texts()).toMatch(/Al Alpha is recorded as having left; Sue Successor succeeds them\. Sue Successor is now the alternate of Bo Beta, Cy Gamma\./);
    expect(memberNamed(w.db, 'Al Alpha')).toMatchObject({ status: 'departed', successorId: sue.id });
    expect(memberNamed(w.db, 'Bo Beta')!.alternateMemberId).toBe(sue.id);
    expect(memberNamed(w.db, 'Cy Gamma')!.alternateMemberId).toBe(sue.id);
    const [row] = audits('member.depart');
    expect(row!.details).toMatchObject({ successor: { id: sue.id, name: 'Sue Successor' } });

    const refused = await w.run(al, 'who target');
    expect(refused.sent[0]!.card?.tone).toBe('refusal');
    expect(refused.texts()).toMatch(/left the partnership/);
    await w.settled();
    expect(w.dmsTo('console:bo')[0]!.text).toMatch(/Sue Successor, their successor, is your alternate now/);
  });

  it('without a successor: those who had them as alternate lose it and are asked to choose another', async () => {
    const respond = await confirmed('member @"Al Alpha" depart', 'Record the departure');
    expect(respond.texts()).toMatch(/Bo Beta, Cy Gamma no longer have an alternate/);
    expect(memberNamed(w.db, 'Bo Beta')!.alternateMemberId).toBeNull();
    await w.settled();
    expect(w.dmsTo('console:cy')[0]!.text).toMatch(/Al Alpha, your alternate .* has left .* Send `\/ppp profile`/);
  });

  it('refuses a successor who is not active, and an unexpected word', async () => {
    seed(w.db, { name: 'Ned Nominee', status: 'nominated' });
    expect((await w.run(cora, 'member @"Al Alpha" depart successor @Ned')).texts()).toMatch(/a successor must be an active member/);
    expect((await w.run(cora, 'member @"Al Alpha" depart tomorrow')).texts()).toMatch(/Usage: `\/ppp member @name depart \[successor @name\]`/);
    expect(memberNamed(w.db, 'Al Alpha')!.status).toBe('active');
  });
});

describe('nothing irreversible in one keystroke', () => {
  it('`depart` asks first, says what follows, and Keep changes nothing', async () => {
    const asked = await w.run(cora, 'member @"Al Alpha" depart');
    const question = fullText(asked.sent[0]!.card!);
    expect(question).toMatch(/Record that Al Alpha has left\?/);
    expect(question).toMatch(/Bo Beta, Cy Gamma lose their alternate/);
    expect(memberNamed(w.db, 'Al Alpha')!.status).toBe('active');
    const kept = await press(asked, 'Keep them on the roster');
    expect(kept.sent[0]!.kind).toBe('replace');
    expect(kept.texts()).toMatch(/Nothing changed: Al Alpha stays on the roster/);
    expect(memberNamed(w.db, 'Al Alpha')!.status).toBe('active');
    expect(audits('member.depart')).toEqual([]);
  });

  it('`coordinator off` asks first; the answer replaces the question', async () => {
    await w.run(cora, 'member @bo coordinator on');
    const asked = await w.run(cora, 'member @bo coordinator off');
    expect(asked.texts()).toMatch(/Take the coordinator role from Bo Beta\?/);
    expect(memberNamed(w.db, 'Bo Beta')!.isCoordinator).toBe(true);
    const done = await press(asked, 'Take the role away');
    expect(done.sent[0]!.kind).toBe('replace');
    expect(memberNamed(w.db, 'Bo Beta')!.isCoordinator).toBe(false);
  });

  it('whoever holds the console keeps the coordinator role there, even with another coordinator on Slack', async () => {
    const root = person('root');
    seed(w.db, { name: 'Maya Chen', identity: root, set: { isCoordinator: true, coordinatorVia: 'console' } });
    for (const line of ['member @me coordinator off', 'member @me suspend', 'member @me depart']) {
      const answer = await w.run(root, line);
      expect(answer.texts(), line).toMatch(/You hold the console/);
      expect(answer.sent.some((s) => s.card?.elements.some((e) => e.type === 'actions')), line).toBe(false);
    }
    expect(memberNamed(w.db, 'Maya Chen')).toMatchObject({ isCoordinator: true, status: 'active' });
  });
});

describe('roles and tier', () => {
  it('the last active coordinator cannot lose the role, be suspended or depart; with a second one they can', async () => {
    for (const line of ['member @cora coordinator off', 'member @cora suspend', 'member @cora depart']) {
      // Refused before anything is asked: there is nothing to confirm.
      const respond = await w.run(cora, line);
      expect(respond.texts()).toMatch(/Cora Coordinator is the last active coordinator/);
      expect(respond.texts()).toMatch(/member @someone coordinator on/);
    }
    expect(memberNamed(w.db, 'Cora Coordinator')).toMatchObject({ isCoordinator: true, status: 'active' });

    expect((await w.run(cora, 'member @bo coordinator on')).texts()).toMatch(/Bo Beta now has the coordinator role/);
    expect((await confirmed('member @cora coordinator off', 'Take the role away')).texts()).toMatch(/Cora Coordinator no longer has the coordinator role\./);
    // Cora's own rights went with it, on the very next command.
    expect((await w.run(cora, 'audit')).sent[0]!.card?.tone).toBe('refusal');
    expect((await w.run(bo, 'member @bo coordinator off')).texts()).toMatch(/last active coordinator/);
  });

  it('a PPP_ADMINS coordinator whose role is taken away is told it comes back at the next start', async () => {
    await w.close();
    w = await startWorld({ platforms: ['console'], env: { PPP_ADMINS: 'slack:UADMIN1' } });
    seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
    seed(w.db, { name: 'Ada Admin', identity: person('UADMIN1', 'slack'), set: { isCoordinator: true, coordinatorVia: 'env' } });
    const respond = await confirmed('member @"Ada Admin" coordinator off', 'Take the role away');
    expect(respond.texts()).toMatch(/Ada Admin no longer has the coordinator role\. Note: Ada Admin is listed in PPP_ADMINS, so the next start makes them an active coordinator again/);
  });

  it('tier and issuer changes are audited once; repeating one changes nothing', async () => {
    expect((await w.run(cora, 'member @bo tier board')).texts()).toMatch(/Bo Beta is now on the board/);
    expect((await w.run(cora, 'member @bo tier board')).texts()).toMatch(/already on the board; nothing changed/);
    expect((await w.run(cora, 'member @bo issuer on')).texts()).toMatch(/Bo Beta now has the alert-issuer role/);
    expect((await w.run(cora, 'member @bo issuer on')).texts()).toMatch(/already has the alert-issuer role/);
    expect((await w.run(cora, 'member @bo tier chair')).texts()).toMatch(/Usage: `\/ppp member @name tier board\|member`/);
    expect(audits('member.tier')).toHaveLength(1);
    expect(audits('member.issuer')).toHaveLength(1);
    expect(memberNamed(w.db, 'Bo Beta')).toMatchObject({ tier: 'board', isIssuer: true });
  });

  it('names an unknown or ambiguous member instead of guessing', async () => {
    seed(w.db, { name: 'Bo Betamax' });
    expect((await w.run(cora, 'member @zz suspend')).texts()).toMatch(/cannot find “zz” on the roster/);
    expect((await w.run(cora, 'member @"bo bet" tier board')).texts()).toMatch(/“bo bet” matches 2 people on the roster\. Did you mean @"Bo Beta" or @"Bo Betamax"\?/);
    // An exact name wins over a longer one it begins.
    expect((await w.run(cora, 'member @"BO BETA" suspend')).texts()).toMatch(/Bo Beta is suspended/);
  });
});

describe('member @user edit and roster add', () => {
  it('edit opens a form with the record, saves what changed and audits contact fields by name only', async () => {
    const opened = await w.run(cora, 'member @"Al Alpha" edit');
    const form = opened.sent.find((s) => s.kind === 'form')!.form!;
    expect(form.id).toBe(MEMBER_FORM);
    const values = Object.fromEntries(form.inputs.map((i) => [i.id, i.initial as string | undefined]));
    expect(values).toMatchObject({ name: 'Al Alpha', organization: 'Target Corporation', orgKind: 'corporation', contact247: '+1 612 555 0101', tier: 'member' });

    const respond = recorder();
    const errors = await w.bot.handleForm(consoleTurn(cora), { formId: form.id, state: form.state!, values: { ...values, title: 'VP Corporate Security', contact247: '+1 612 555 0199', email: 'not-an-email' } }, respond);
    expect(errors).toEqual({ email: 'Email is not an email address.' });
    const saved = await w.bot.handleForm(consoleTurn(cora), { formId: form.id, state: form.state!, values: { ...values, title: 'VP Corporate Security', contact247: '+1 612 555 0199', sector: 'Commercial Facilities', hq: 'yes' } }, respond);
    expect(saved).toBeUndefined();
    expect(respond.texts()).toMatch(/Saved Al Alpha's record: title, 24\/7 contact, sector and whether the organization is headquartered here changed\./);
    const [row] = audits('member.edit');
    expect(row!.details).toMatchObject({ changed: expect.arrayContaining(['contact247', 'title']), values: { title: 'VP Corporate Security' } });
    expect(JSON.stringify(row!.details)).not.toContain('555');
  });

  it('roster add @user attaches their account and makes them active; without a mention they have none', async () => {
    const opened = await w.run(cora, ['roster add ', mention(person('dana'), 'Dana')]);
    const form = opened.sent.find((s) => s.kind === 'form')!.form!;
    // A mention's label is not a name; the console has no profile to give one, so the field starts empty.
    expect(form.inputs.find((i) => i.id === 'name')?.initial).toBeUndefined();
    const respond = recorder();
    const errors = await w.bot.handleForm(
      consoleTurn(cora),
      { formId: form.id, state: form.state!, values: { name: 'Dana Chief', title: 'Chief of Police', organization: 'Plymouth Police Department', orgKind: 'local-agency', hq: 'yes', category: 'law-enforcement', tier: 'board', status: 'active', contact247: '763 555 0100' } },
      respond,
    );
    expect(errors).toBeUndefined();
    expect(respond.texts()).toMatch(/Added Dana Chief \(active, vetted until .*\)\. They have been welcomed by direct message\./);
    expect(memberNamed(w.db, 'Dana Chief')).toMatchObject({ status: 'active', tier: 'board', vettedBy: memberNamed(w.db, 'Cora Coordinator')!.id });
    expect((await w.run(person('dana'), 'who plymouth')).texts()).toMatch(/Dana Chief — Chief of Police, Plymouth Police Department/);

    const twice = await w.run(cora, ['roster add ', mention(person('dana'), 'Dana')]);
    expect(twice.texts()).toMatch(/Dana Chief is already on the roster \(active\)/);

    const plain = await w.run(cora, 'roster add');
    const form2 = plain.sent[0]!.form!;
    expect(form2.intro).toMatch(/no Slack or Teams account attached/);
    expect(await w.bot.handleForm(consoleTurn(cora), { formId: form2.id, state: form2.state!, values: { name: 'Eve Offline', tier: 'member', status: 'nominated' } }, recorder())).toBeUndefined();
    expect(memberNamed(w.db, 'Eve Offline')!.status).toBe('nominated');
  });

  it('a forged form state is refused rather than trusted', async () => {
    const respond = recorder();
    await w.bot.handleForm(consoleTurn(cora), { formId: MEMBER_FORM, state: '{"m":"edit"', values: { name: 'X', tier: 'member' } }, respond);
    expect(respond.texts()).toMatch(/That form has expired/);
  });
});
