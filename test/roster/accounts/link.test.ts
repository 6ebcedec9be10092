// Linking one member's Slack and Teams accounts by a one-time code: the right code, a wrong one five
// times, an expired one, a reused one; an account that belongs to someone else; unlink; and after a link
// an action from either platform counts as the same member.
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, checklistMarks, identities, linkRequests } from '../../../db/schema.js';
import { MARK_ACTION, itemContext, optionValue } from '../../../src/checklist/cards.js';
import { createBot } from '../../../src/bot.js';
import { findMemberByIdentity } from '../../../src/members/store.js';
import { recorder } from '../../helpers/responder.js';
import { seed } from '../../helpers/db.js';
import { consoleTurn, fullText, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
let now: Date;
const janeSlack = person('U0JANE', 'slack');
const janeTeams = person('0a7c3a1e-jane', 'teams');
const rayTeams = person('1b8d4b2f-ray', 'teams');
const cora = person('cora');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  now = new Date('2026-11-22T15:00:00Z');
  w.services.clock = () => now;
  // Jane's name still follows her platform profile, as for anyone who has not edited it.
  seed(w.db, { name: 'Jane Chief', identity: janeSlack, set: { nameEdited: false } });
  seed(w.db, { name: 'Ray Sheriff', identity: rayTeams });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
});
afterEach(async () => {
  await w.close();
});

/** Everything the bot answered, each card rendered whole. */
const said = (r: ReturnType<typeof recorder>) => r.sent.map((s) => (s.card ? fullText(s.card) : s.text)).join('\n');

/** Asks for a code as Jane on Slack and returns it as shown. */
async function codeFor(who = janeSlack): Promise<string> {
  const asked = await w.run(who, 'link');
  expect(asked.sent.map((s) => s.kind)).toEqual(['private']);
  const code = /one-time code is `?([0-9A-Z]{4}-[0-9A-Z]{4})/.exec(said(asked))?.[1];
  expect(code, said(asked)).toBeDefined();
  return code!;
}

const teamsTurn = { conversation: 'teams:a:dm-29:jane', scope: 'personal' as const, prefix: '' };

describe('link by code', () => {
  it('the right code attaches the Teams account to the member who asked, once, audited; only a hash is stored', async () => {
    const code = await codeFor();
    expect(said(await w.run(janeSlack, 'link'))).toMatch(/Microsoft Teams, send `link [0-9A-Z-]{9}`/);
    // Asking again replaced the first code: it no longer works.
    const stale = await w.run(janeTeams, `link ${code}`, teamsTurn);
    expect(said(stale)).toMatch(/That code was replaced: asking for a code again replaces the last one/);
    const fresh = await codeFor();
    const rows = w.db.select().from(linkRequests).all();
    expect(JSON.stringify(rows)).not.toContain(fresh.replace('-', ''));
    expect(JSON.stringify(rows)).not.toContain(fresh.replace('-', '').slice(3));

    const entered = await w.run(janeTeams, `link ${fresh.toLowerCase()}`, teamsTurn);
    expect(said(entered)).toMatch(/Linked: this Microsoft Teams account is now Jane Chief's/);
    const jane = findMemberByIdentity(w.db, janeSlack)!;
    expect(findMemberByIdentity(w.db, janeTeams)?.id).toBe(jane.id);
    // The two profiles' names no longer take turns: the record keeps the one it had.
    await w.run(janeTeams, 'help', { ...teamsTurn, displayName: 'Chief Jane (Teams)' });
    expect(findMemberByIdentity(w.db, janeSlack)?.name).toBe('Jane Chief');
    const audit = w.db.select().from(auditLog).where(eq(auditLog.action, 'identity.link')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subjectMemberId: jane.id, details: { identity: `teams:${janeTeams.id}`, via: 'code' } });
    expect(said(await w.run(cora, 'audit'))).toMatch(/Jane Chief linked their Teams account\.\n/);

    // Reused: the code worked once.
    const again = await w.run(person('2c9e-other', 'teams'), `link ${fresh}`, teamsTurn);
    expect(said(again)).toMatch(/used already/);
    expect(findMemberByIdentity(w.db, person('2c9e-other', 'teams'))).toBeUndefined();
  });

  it('a wrong code gets one answer, whether or not its first characters name a live code, and no count of tries left', async () => {
    const code = await codeFor();
    // Same locator as the live code, wrong secret; and a locator no live code has.
    const live = `${code.slice(0, 5)}${code.slice(5) === 'ZZZZ' ? 'YYYY' : 'ZZZZ'}`;
    const other = `${code[0] === 'Z' ? 'Y' : 'Z'}${code.slice(1, 5)}ZZZZ`;
    const onLive = said(await w.run(janeTeams, `link ${live}`, teamsTurn));
    const onNothing = said(await w.run(janeTeams, `link ${other}`, teamsTurn));
    expect(onLive).toBe(onNothing);
    expect(onLive).not.toMatch(/tries? left/);
    expect(onLive).toMatch(/not a valid link code/);
    expect(findMemberByIdentity(w.db, janeTeams)).toBeUndefined();
  });

  it('five wrong codes from one account in 15 minutes stop it for the rest of the window, even with the right code; the count is kept in SQLite', async () => {
    const code = await codeFor();
    const wrong = (i: number) => `${code[0] === 'Z' ? 'Y' : 'Z'}${code.slice(1, 5)}ZZZ${i}`;
    for (let i = 0; i < 5; i++) expect(said(await w.run(janeTeams, `link ${wrong(i)}`, teamsTurn))).toMatch(/not a valid link code/);
    const stopped = await w.run(janeTeams, `link ${code}`, teamsTurn);
    expect(said(stopped)).toMatch(/Too many wrong link codes from this account\. Try again in 15 minutes/);
    expect(findMemberByIdentity(w.db, janeTeams)).toBeUndefined();
    // Another process on the same database sees the same count: it lives in SQLite, not in memory.
    const counted = w.db.$client.prepare('select count(*) as n from link_attempts where identity = ?').get(`teams:${janeTeams.id}`) as { n: number };
    expect(counted.n).toBe(5);
    const second = createBot(w.services);
    const respond = recorder();
    await second.handleCommand(consoleTurn(janeTeams, teamsTurn), `link ${code}`, respond);
    expect(said(respond)).toMatch(/Try again in 15 minutes/);
    // Nonsense is not a guess: it is neither counted nor refused as one.
    expect(said(await w.run(rayTeams, 'link banana', teamsTurn))).toMatch(/not a link code/);
    now = new Date(now.getTime() + 14 * 60_000);
    expect(said(await w.run(janeTeams, `link ${code}`, teamsTurn))).toMatch(/Try again in 1 minute\b/);
    now = new Date(now.getTime() + 60_000 + 1);
    expect(said(await w.run(janeTeams, `link ${await codeFor()}`, teamsTurn))).toMatch(/Linked/);
  });

  it('a code guessed wrong five times locks, and whoever holds the right one is told so', async () => {
    const code = await codeFor();
    const secret = code.slice(5) === 'ZZZZ' ? 'YYY' : 'ZZZ';
    for (let i = 0; i < 5; i++) await w.run(person(`3d${i}-guesser`, 'teams'), `link ${code.slice(0, 5)}${secret}${i}`, teamsTurn);
    const right = await w.run(janeTeams, `link ${code}`, teamsTurn);
    expect(said(right)).toMatch(/locked after 5 wrong tries/);
    expect(findMemberByIdentity(w.db, janeTeams)).toBeUndefined();
  });

  it('an expired code is refused with what to do; nonsense is not counted as a try', async () => {
    const code = await codeFor();
    now = new Date(now.getTime() + 10 * 60_000 + 1);
    const late = await w.run(janeTeams, `link ${code}`, teamsTurn);
    expect(said(late)).toMatch(/expired: codes last 10 minutes\. Run `link` on the platform you already use/);
    expect(findMemberByIdentity(w.db, janeTeams)).toBeUndefined();
    expect(said(await w.run(janeTeams, 'link banana', teamsTurn))).toMatch(/not a link code/);
  });

  it('refuses, with the reason and what a coordinator can do, an account that already belongs to another member', async () => {
    const code = await codeFor();
    const tried = await w.run(rayTeams, `link ${code}`, teamsTurn);
    expect(said(tried)).toMatch(/already on the roster as Ray Sheriff \(active\), a different record from Jane Chief's, and I never merge two records/);
    expect(said(tried)).toMatch(/member @Ray Sheriff depart.*unlink teams @Ray Sheriff/);
    expect(findMemberByIdentity(w.db, rayTeams)?.name).toBe('Ray Sheriff');
    // Not consumed: once the duplicate is sorted out, the same code still works from a free account.
    expect(said(await w.run(janeTeams, `link ${code}`, teamsTurn))).toMatch(/Linked/);
  });

  it('one account per platform: a code entered from a second Slack account is refused, and a member with both gets no code', async () => {
    const other = person('U0SECOND', 'slack');
    const tried = await w.run(other, `link ${await codeFor()}`);
    expect(said(tried)).toMatch(/Jane Chief already has a Slack account linked, and a member has one account per platform.*unlink slack/);
    expect(findMemberByIdentity(w.db, other)).toBeUndefined();
    await w.run(janeTeams, `link ${await codeFor()}`, teamsTurn);
    expect(said(await w.run(janeSlack, 'link'))).toMatch(/already has both accounts linked/);
  });

  it('asking for a code needs an active member; a stranger is told how to link or join', async () => {
    const stranger = await w.run(person('U0NOBODY', 'slack'), 'link');
    expect(stranger.sent[0]!.card?.tone).toBe('refusal');
    expect(said(stranger)).toMatch(/without a code is for members.*run `link` there and send the code.*join/s);
    seed(w.db, { name: 'Sus Pended', identity: person('U0SUS', 'slack'), status: 'suspended' });
    const suspended = await w.run(person('U0SUS', 'slack'), 'link');
    expect(suspended.sent[0]!.card?.tone).toBe('refusal');
    expect(w.db.select().from(linkRequests).all()).toEqual([]);
  });
});

describe('after linking', () => {
  it('an action on either platform counts as the same member: one checklist mark, not two', async () => {
    await w.run(janeTeams, `link ${await codeFor()}`, teamsTurn);
    await w.run(janeSlack, 'checklist', { conversation: 'console:local' });
    const review = w.db.select().from(checklistMarks).all();
    expect(review).toEqual([]);
    const reviewId = 1;
    const mark = async (who: typeof janeSlack, choice: 'in' | 'partly') => {
      const respond = recorder();
      await w.bot.handleAction(consoleTurn(who), { actionId: MARK_ACTION, value: optionValue('exec.1', choice), context: itemContext(reviewId, 'exec.1') }, respond);
      return respond.texts();
    };
    expect(await mark(janeSlack, 'in')).not.toMatch(/not on the partnership/);
    expect(await mark(janeTeams, 'partly')).not.toMatch(/not on the partnership/);
    const marks = w.db.select().from(checklistMarks).where(eq(checklistMarks.itemKey, 'exec.1')).all();
    expect(marks).toHaveLength(1);
    expect(marks[0]).toMatchObject({ mark: 'partly', memberId: findMemberByIdentity(w.db, janeSlack)!.id });
    const profile = await w.run(janeTeams, 'profile', teamsTurn);
    expect(profile.sent.find((s) => s.kind === 'form')?.form?.title).toBe('Your profile');
  });

  it('unlink removes one account, never the last; a coordinator may clear a departed duplicate', async () => {
    await w.run(janeTeams, `link ${await codeFor()}`, teamsTurn);
    const undone = await w.run(janeSlack, 'unlink');
    expect(said(undone)).toMatch(/Unlinked your Microsoft Teams account: it is no longer recognised as you/);
    expect(findMemberByIdentity(w.db, janeTeams)).toBeUndefined();
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, 'identity.unlink')).all()).toHaveLength(1);
    expect(said(await w.run(janeSlack, 'unlink'))).toMatch(/one account on the roster, so there is nothing to unlink/);
    expect(said(await w.run(janeSlack, 'unlink slack'))).toMatch(/only account/);
    expect(findMemberByIdentity(w.db, janeSlack)?.name).toBe('Jane Chief');

    // Ray's record is a duplicate of Jane: a coordinator records it departed, then frees the account.
    const ray = findMemberByIdentity(w.db, rayTeams)!;
    expect((await w.run(janeSlack, 'unlink teams @"Ray Sheriff"')).sent[0]!.card?.tone).toBe('refusal');
    expect(said(await w.run(cora, 'unlink teams @"Ray Sheriff"'))).toMatch(/only account/);
    // A departure is asked first: confirmed here.
    const asked = await w.run(cora, 'member @"Ray Sheriff" depart');
    const confirm = asked.sent[0]!.card!.elements.flatMap((e) => (e.type === 'actions' ? e.elements : [])).find((b) => b.type === 'button' && b.label === 'Record the departure')!;
    await w.bot.handleAction(consoleTurn(cora), { actionId: confirm.actionId, ...(confirm.type === 'button' && confirm.value ? { value: confirm.value } : {}) }, recorder());
    expect(said(await w.run(cora, 'unlink teams @"Ray Sheriff"'))).toMatch(/Took the Microsoft Teams account/);
    expect(w.db.select().from(identities).where(and(eq(identities.memberId, ray.id))).all()).toEqual([]);
    expect(said(await w.run(rayTeams, `link ${await codeFor()}`, teamsTurn))).toMatch(/Linked: this Microsoft Teams account is now Jane Chief's/);
  });

  it('never unlinks an account PPP_ADMINS names, since a restart would make it a coordinator of its own', async () => {
    await w.close();
    w = await startWorld({ platforms: ['console'], env: { PPP_ADMINS: `slack:${janeSlack.id}` } });
    w.services.clock = () => now;
    seed(w.db, { name: 'Jane Chief', identity: janeSlack });
    await w.run(janeTeams, `link ${await codeFor()}`, teamsTurn);
    const refused = await w.run(janeTeams, 'unlink slack', teamsTurn);
    expect(said(refused)).toMatch(/listed in PPP_ADMINS/);
  });
});
