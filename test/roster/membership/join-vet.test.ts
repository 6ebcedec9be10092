// Joining: a stranger's request reaches every coordinator by DM with Vet / Decline; Vet makes them an
// active member who is told and can use the roster; Decline tells them and leaves them a stranger.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, identities, members } from '../../../db/schema.js';
import { cardToBlockKit } from '../../../adapters/slack/cards.js';
import { renderText } from '../../../src/cards/text.js';
import { findMemberByIdentity } from '../../../src/members/store.js';
import { ROSTER_DECLINE, ROSTER_VET } from '../../../src/roster/membership/cards.js';
import { JOIN_FORM } from '../../../src/roster/membership/join-command.js';
import { recorder } from '../../helpers/responder.js';
import { memberNamed, seed } from '../../helpers/db.js';
import { buttonOn, consoleTurn, mention, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const sam = person('sam');
const cora = person('cora');
const carl = person('carl');
const bea = person('bea');
const mo = person('mo');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(w.db, { name: 'Carl Coordinator', identity: carl, set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(w.db, { name: 'Bea Board', identity: bea, set: { tier: 'board' } });
  seed(w.db, { name: 'Mo Member', identity: mo });
});
afterEach(async () => {
  await w.close();
});

async function askToJoin(who = sam) {
  const help = await w.run(who, 'help');
  expect(help.texts()).toMatch(/vetted partnership/);
  expect(help.texts()).toMatch(/join/);
  const opened = await w.run(who, 'join');
  const form = opened.sent.find((s) => s.kind === 'form')?.form;
  expect(form?.id).toBe(JOIN_FORM);
  expect(form?.inputs.map((i) => i.id)).toEqual(['name', 'title', 'organization', 'category']);
  const respond = recorder();
  const errors = await w.bot.handleForm(
    consoleTurn(who),
    { formId: JOIN_FORM, values: { name: 'Sam Sheriff', title: 'Sheriff', organization: 'Dakota County Sheriff’s Office', category: 'law-enforcement' } },
    respond,
  );
  expect(errors).toBeUndefined();
  expect(respond.texts()).toMatch(/with the coordinators/);
  await w.settled();
  return memberNamed(w.db, 'Sam Sheriff')!;
}

describe('who is asking', () => {
  it('a nomination names the nominee’s account as the platform shows it, and the email when known', async () => {
    await w.run(mo, ['nominate ', mention({ platform: 'slack', id: 'U0NEWBIE' }, 'newbie'), ' "New Bie"']);
    await w.run(mo, 'nominate lee.outside@example.org Lee Outside');
    await w.settled();
    const [bySlack, byEmail] = w.dmsTo('console:cora').map((d) => d.card);
    const slackFields = JSON.stringify(cardToBlockKit(bySlack!).filter((b) => b.type === 'section' && 'fields' in b));
    expect(slackFields).toContain('*Account*\\n<@U0NEWBIE> on Slack');
    expect(slackFields).toContain('*Email*\\nnot known');
    expect(renderText(bySlack!).text).toMatch(/Account: New Bie on Slack/);
    expect(renderText(byEmail!).text).toMatch(/Account: not on Slack or Teams yet\nEmail: lee\.outside@example\.org \(given in the nomination\)/);
  });

  it('a join request from the console names the console user by their name', async () => {
    await askToJoin();
    expect(renderText(w.dmsTo('console:cora')[0]!.card).text).toMatch(/Account: Sam Sheriff on the console\nEmail: not known/);
  });
});

describe('form values are sanitized before any handler sees them', () => {
  it('drops bidi overrides, zero-width and control characters from a join form, and keeps a name on one line', async () => {
    const respond = recorder();
    const errors = await w.bot.handleForm(
      consoleTurn(sam),
      {
        formId: JOIN_FORM,
        values: { name: 'Sam\u202E Sher\u200Biff\u0007', title: 'Sheriff\n> of\u2066 the County\u0085', organization: '\uFEFFDakota\u200D County\u{E0041}', category: 'law-enforcement' },
      },
      respond,
    );
    expect(errors).toBeUndefined();
    const sam2 = findMemberByIdentity(w.db, sam)!;
    expect(sam2.name).toBe('Sam Sheriff');
    expect(sam2.title).toBe('Sheriff > of the County');
    expect(w.db.select().from(members).all().map((m) => m.name)).not.toContain('Sam\u202E Sher\u200Biff\u0007');
    await w.settled();
    expect(w.dmsTo('console:cora')[0]?.text).toMatch(/Dakota County/);
    expect(JSON.stringify(w.dmsTo('console:cora')[0]?.card)).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u0000-\u0008]/);
  });
});

describe('join → coordinators → vet', () => {
  it('a request reaches every coordinator by DM; Vet makes the requester an active member who is told and can use the roster', async () => {
    const before = await w.run(sam, 'roster');
    expect(before.sent[0]!.card?.tone).toBe('refusal');
    expect(before.texts()).toMatch(/join/);

    const requested = await askToJoin();
    expect(requested.status).toBe('nominated');
    expect(findMemberByIdentity(w.db, sam)?.id).toBe(requested.id);

    const [toCora] = w.dmsTo('console:cora');
    const [toCarl] = w.dmsTo('console:carl');
    expect(toCora?.text).toMatch(/Sam Sheriff asks to join/);
    expect(toCora?.text).toMatch(/Dakota County Sheriff’s Office/);
    expect(toCarl?.text).toMatch(/Sam Sheriff asks to join/);
    expect(w.dmsTo('console:bea')).toEqual([]);

    const vetButton = buttonOn(toCora!.card, ROSTER_VET);
    const pressed = recorder();
    await w.bot.handleAction(consoleTurn(cora), { actionId: vetButton.actionId, value: vetButton.value! }, pressed);
    expect(pressed.sent[0]?.kind).toBe('replace');
    expect(pressed.texts()).toMatch(/Sam Sheriff is now a vetted member/);

    const vetted = memberNamed(w.db, 'Sam Sheriff')!;
    expect(vetted.status).toBe('active');
    expect(vetted.vettedBy).toBe(memberNamed(w.db, 'Cora Coordinator')!.id);
    expect(vetted.vettingExpiresAt!.getTime()).toBe(DateTime.fromJSDate(vetted.vettedAt!, { zone: 'utc' }).plus({ months: 12 }).toMillis());

    await w.settled();
    expect(w.dmsTo('console:sam').map((d) => d.text).join('\n')).toMatch(/You are now a vetted member of Twin Cities Test Partnership/);
    const roster = await w.run(sam, 'roster');
    expect(roster.sent.map((s) => s.kind)).toEqual(['private']);
    expect(roster.texts()).toMatch(/Sam Sheriff — Sheriff, Dakota County Sheriff’s Office/);

    // The other coordinator's card is now stale: pressing it vets nobody twice.
    const late = recorder();
    const carlButton = buttonOn(toCarl!.card, ROSTER_VET);
    await w.bot.handleAction(consoleTurn(carl), { actionId: carlButton.actionId, value: carlButton.value! }, late);
    expect(late.texts()).toMatch(/already answered/);
    const vets = w.db.select().from(auditLog).where(eq(auditLog.action, 'member.vet')).all();
    expect(vets).toHaveLength(1);
  });

  it('Decline tells the requester, removes the request and its identity, and keeps the name in the audit', async () => {
    const requested = await askToJoin();
    const card = w.dmsTo('console:carl')[0]!.card;
    const decline = buttonOn(card, ROSTER_DECLINE);
    const pressed = recorder();
    await w.bot.handleAction(consoleTurn(carl), { actionId: decline.actionId, value: decline.value! }, pressed);
    expect(pressed.texts()).toMatch(/Declined: Sam Sheriff/);

    expect(w.db.select().from(members).where(eq(members.id, requested.id)).all()).toEqual([]);
    expect(w.db.select().from(identities).where(eq(identities.memberId, requested.id)).all()).toEqual([]);
    const row = w.db.select().from(auditLog).where(eq(auditLog.action, 'member.decline')).get()!;
    expect(row.subject).toBe('Sam Sheriff');
    expect(row.details).toMatchObject({ name: 'Sam Sheriff', identities: ['console:sam'] });

    await w.settled();
    expect(w.dmsTo('console:sam').map((d) => d.text).join('\n')).toMatch(/was not accepted/);
    const roster = await w.run(sam, 'roster');
    expect(roster.sent[0]!.card?.tone).toBe('refusal');
    expect(roster.texts()).toMatch(/not on the partnership's roster/);
    // A stranger again, who may ask again.
    const again = await w.run(sam, 'join');
    expect(again.sent[0]?.kind).toBe('form');
  });

  it('only board members and coordinators may press Vet or Decline', async () => {
    const requested = await askToJoin();
    const pressed = recorder();
    await w.bot.handleAction(consoleTurn(mo), { actionId: ROSTER_VET, value: String(requested.id) }, pressed);
    expect(pressed.sent[0]!.card?.tone).toBe('refusal');
    expect(pressed.texts()).toMatch(/board members and coordinators/);
    expect(memberNamed(w.db, 'Sam Sheriff')!.status).toBe('nominated');

    const byBoard = recorder();
    await w.bot.handleAction(consoleTurn(bea), { actionId: ROSTER_DECLINE, value: String(requested.id) }, byBoard);
    expect(byBoard.texts()).toMatch(/Declined/);
  });

  it('the join form checks every field and says what is wrong beside it', async () => {
    const respond = recorder();
    const errors = await w.bot.handleForm(consoleTurn(sam), { formId: JOIN_FORM, values: { name: 'Sam', title: '  ', organization: 'x'.repeat(200), category: 'pirate' } }, respond);
    expect(errors).toEqual({
      title: expect.stringMatching(/required/),
      organization: expect.stringMatching(/at most 120/),
      category: expect.stringMatching(/Choose a category/),
    });
    expect(findMemberByIdentity(w.db, sam)).toBeUndefined();
  });

  it('someone already on the roster cannot use join', async () => {
    const respond = await w.run(mo, 'join');
    expect(respond.sent[0]!.card?.tone).toBe('refusal');
    expect(respond.texts()).toMatch(/already on the roster/);
  });
});

describe('nominate and vet', () => {
  it('a member nominates a workspace user; coordinators get Vet / Decline; vet @user activates them and tells them and the nominator', async () => {
    // The console has no profiles to read a name from, so the nominator gives it after the mention.
    const nominated = await w.run(mo, ['nominate ', mention(person('nina'), 'nina'), ' "Nina Nominee"']);
    expect(nominated.texts()).toMatch(/Nominated: Nina Nominee\. The coordinators have been told \(2\)/);
    await w.settled();
    expect(w.dmsTo('console:cora')[0]!.text).toMatch(/Mo Member nominates Nina Nominee/);
    const nina = findMemberByIdentity(w.db, person('nina'))!;
    expect(nina).toMatchObject({ status: 'nominated', nominatedBy: memberNamed(w.db, 'Mo Member')!.id });

    const again = await w.run(bea, ['nominate ', mention(person('nina'), 'Nina Nominee')]);
    expect(again.texts()).toMatch(/already on the roster \(nominated\)/);

    const vetted = await w.run(bea, ['vet ', mention(person('nina'), 'Nina Nominee')]);
    expect(vetted.texts()).toMatch(/Nina Nominee is now an active member \(was nominated\), vetted until/);
    await w.settled();
    expect(w.dmsTo('console:nina')[0]!.text).toMatch(/You are now a vetted member/);
    expect(w.dmsTo('console:mo').map((d) => d.text).join('\n')).toMatch(/Nina Nominee, whom you nominated, is now a vetted member/);
  });

  it('nominates someone not in the workspace by email: a nominated member without an account', async () => {
    const respond = await w.run(mo, 'nominate jane.doe@example.org Jane Doe');
    expect(respond.texts()).toMatch(/Nominated: Jane Doe/);
    const jane = memberNamed(w.db, 'Jane Doe')!;
    expect(jane).toMatchObject({ status: 'nominated', email: 'jane.doe@example.org' });
    expect(w.db.select().from(identities).where(eq(identities.memberId, jane.id)).all()).toEqual([]);
    await w.settled();
    expect(w.dmsTo('console:carl')[0]!.text).toMatch(/Account: not on Slack or Teams yet\nEmail: jane\.doe@example\.org \(given in the nomination\)/);

    const bad = await w.run(mo, 'nominate jane-at-example Jane');
    expect(bad.texts()).toMatch(/must be their email address/);
  });

  it('vet renews an active member, refuses to vet oneself, and sends someone who left back to nomination', async () => {
    const mem = memberNamed(w.db, 'Mo Member')!;
    const renewed = await w.run(cora, 'vet @"Mo Member"');
    expect(renewed.texts()).toMatch(/Renewed Mo Member's vetting until/);
    const row = w.db.select().from(auditLog).where(eq(auditLog.action, 'member.vet')).get()!;
    expect(row.details).toMatchObject({ renewed: true, previousStatus: 'active' });
    expect(memberNamed(w.db, 'Mo Member')!.vettingExpiresAt!.getTime()).toBeGreaterThan(mem.createdAt.getTime());

    expect((await w.run(bea, 'vet @bea')).texts()).toMatch(/Nobody vets themselves/);

    seed(w.db, { name: 'Dee Departed', status: 'departed', identity: person('dee') });
    expect((await w.run(cora, 'vet @dee')).texts()).toMatch(/left the partnership\. Nominate them again first/);
    expect((await w.run(cora, 'nominate @dee')).texts()).toMatch(/Nominated again: Dee Departed/);
    expect((await w.run(cora, 'vet @dee')).texts()).toMatch(/Dee Departed is now an active member \(was nominated\)/);
  });

  it('vet of a mention not on the roster says to nominate first', async () => {
    const respond = await w.run(cora, ['vet ', mention(person('zed'), 'Zed')]);
    expect(respond.texts()).toMatch(/Zed is not on the roster\. Nominate them first/);
  });
});
