// After the event: the day-after card (the survey offer only when the surveys feature handles it), the
// attendance form with RSVPs preselected and alternates beside their member, the read-only seam for
// surveys, and `cadence` — rates, meetings piling up, and who missed every summit of the year.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, summitEvents } from '../../db/schema.js';
import { Registry } from '../../src/commands/registry.js';
import { createRegistry, FEATURES } from '../../src/features.js';
import { register as registerSurveys } from '../../src/surveys/index.js';
import { SURVEY_FROM_EVENT } from '../../src/core/seams.js';
import { eventAttendees, eventSummary } from '../../src/summits/attendance.js';
import { SUMMIT_ATTENDANCE, SUMMIT_CONFIRM, SUMMIT_RSVP } from '../../src/summits/cards.js';
import { ATTENDANCE_FORM } from '../../src/summits/use-cases/attendance.js';
import { until } from '../helpers/engine.js';
import { buttonOn, consoleId, press, said, seed, summitWorld, vet, type SummitWorld, type WorldOptions } from './world.js';

async function partnership(options: WorldOptions = {}) {
  const w = await summitWorld(options);
  const casey = seed(w.db, { name: 'Casey Coordinator', set: { isCoordinator: true, coordinatorVia: 'command' } });
  const dana = seed(w.db, { name: 'Dana Deputy' });
  const avery = seed(w.db, { name: 'Avery Chief', set: { alternateMemberId: dana.id } });
  const blake = seed(w.db, { name: 'Blake Sheriff' });
  const riley = seed(w.db, { name: 'Riley Security' });
  vet(w.db, casey);
  return { w, casey, dana, avery, blake, riley, me: consoleId(casey) };
}

async function schedule(w: SummitWorld, who: ReturnType<typeof consoleId>, line: string): Promise<number> {
  const check = await w.run(who, line);
  const confirm = buttonOn(check.sent[0]!.card, SUMMIT_CONFIRM);
  await w.press(who, press(confirm));
  return Number(confirm.value);
}

describe('the day after', () => {
  it('asks coordinators to record attendance, without a survey button while no feature handles it; the card loses its buttons', async () => {
    // A build without the surveys feature: every other feature, and nothing that handles the offer.
    const registry = () => {
      const r = new Registry();
      for (const register of FEATURES) if (register !== registerSurveys) register(r);
      return r;
    };
    const { w, me } = await partnership({ registry });
    await schedule(w, me, 'summit schedule Spring summit March 15 9am');
    w.now.at = new Date('2027-03-16T14:00:00Z'); // 09:00 CDT the next morning
    await w.services.outbox.reconcile();
    const card = await until(() => w.shown.find((s) => s.kind === 'dm' && s.card.header === 'After the summit: Spring summit'), 10_000, 'the follow-up');
    expect(card.to).toBe('console:casey-coordinator');
    expect(buttonOn(card.card, SUMMIT_ATTENDANCE).value).toBe('1');
    expect(JSON.stringify(card.card)).not.toContain(SURVEY_FROM_EVENT);
    // The posted card is redrawn without its answer buttons.
    const closed = await until(() => w.shown.find((s) => s.kind === 'edit' && s.text.includes('It has started: answers are closed.')), 10_000, 'the closed card');
    expect(JSON.stringify(closed.card)).not.toContain(SUMMIT_RSVP);
  });

  it('offers the post-summit survey in one click when the surveys feature registered it', async () => {
    const { w, me } = await partnership({ registry: createRegistry });
    await schedule(w, me, 'summit schedule Spring summit March 15 9am');
    w.now.at = new Date('2027-03-16T14:00:00Z');
    await w.services.outbox.reconcile();
    const card = await until(() => w.shown.find((s) => s.card.header === 'After the summit: Spring summit'), 10_000, 'the follow-up');
    expect(buttonOn(card.card, SURVEY_FROM_EVENT)).toMatchObject({ label: 'Send the feedback survey', value: '1' });
  });
});

describe('summit attendance', () => {
  it('preselects those going and the alternates sent; records who came; surveys read the attendees', async () => {
    const { w, me, casey, dana, avery, blake } = await partnership();
    const id = await schedule(w, me, 'summit schedule Spring summit March 15 9am');
    await w.press(consoleId(blake), { actionId: SUMMIT_RSVP, value: `${id}:going` });
    await w.press(consoleId(avery), { actionId: SUMMIT_RSVP, value: `${id}:alternate` });
    expect(said(await w.run(me, `summit attendance ${id}`))).toMatch(/has not started yet/);

    w.now.at = new Date('2027-03-15T18:00:00Z');
    const form = (await w.run(me, `summit attendance ${id}`)).sent[0]!.form!;
    expect(form.id).toBe(ATTENDANCE_FORM);
    const input = form.inputs[0]!;
    expect(input.options!.map((o) => o.label)).toEqual([
      'Avery Chief',
      'Dana Deputy (alternate for Avery Chief)',
      'Blake Sheriff',
      'Casey Coordinator',
      'Dana Deputy',
      'Riley Security',
    ]);
    expect(input.initial).toEqual([`a:${avery.id}`, `m:${blake.id}`]);

    // Blake sent word he could not come after all; Casey came.
    const saved = await w.submit(me, form, { [input.id]: [`a:${avery.id}`, `m:${casey.id}`, 'm:99999', 'forged'] });
    expect(saved.errors).toBeUndefined();
    expect(said(saved.answer)).toContain(`Attendance of #${id} recorded: 1 in person, 1 represented by an alternate — 40% of the 5 invited.`);
    expect(eventAttendees(w.db, id)).toEqual([casey.id, dana.id].sort((a, b) => a - b));
    expect(eventSummary(w.db, id)).toEqual({ id, kind: 'summit', title: 'Spring summit', startsAt: new Date('2027-03-15T14:00:00Z'), zone: 'America/Chicago', status: 'scheduled' });
    expect(w.db.select().from(auditLog).where(eq(auditLog.action, 'summit.attendance')).all()).toHaveLength(1);
    // Opened again, the form shows what was recorded.
    expect((await w.run(me, `summit attendance ${id}`)).sent[0]!.form!.inputs[0]!.initial).toEqual([`a:${avery.id}`, `m:${casey.id}`]);
  });
});

describe('cadence', () => {
  it('shows the year with RSVP and attendance rates; coordinators see who missed every summit since they joined', async () => {
    const { w, me, avery, blake, riley } = await partnership();
    const spring = await schedule(w, me, 'summit schedule Spring summit March 15 9am');
    const fall = await schedule(w, me, 'summit schedule Fall summit September 20 9am');
    await w.press(consoleId(blake), { actionId: SUMMIT_RSVP, value: `${spring}:going` });
    await w.press(consoleId(avery), { actionId: SUMMIT_RSVP, value: `${spring}:alternate` });
    // Logan joined after the spring summit: only the fall one counts for Logan.
    w.db.update(summitEvents).set({ audience: 5 }).run();
    seed(w.db, { name: 'Logan Latecomer', set: { vettedAt: new Date('2027-06-01T00:00:00Z') } });

    w.now.at = new Date('2027-03-16T12:00:00Z');
    let form = (await w.run(me, `summit attendance ${spring}`)).sent[0]!.form!;
    await w.submit(me, form, { [form.inputs[0]!.id]: [`m:${blake.id}`, `a:${avery.id}`] });
    w.now.at = new Date('2027-09-21T12:00:00Z');
    form = (await w.run(me, `summit attendance ${fall}`)).sent[0]!.form!;
    await w.submit(me, form, { [form.inputs[0]!.id]: [`m:${riley.id}`] });

    const text = said(await w.run(me, 'cadence'));
    expect(text).toContain('Summits: 2 held in the last 12 months, 0 scheduled ahead.');
    expect(text).toContain('#2 Summit: Fall summit');
    expect(text).toMatch(/#1 Summit: Spring summit — Mon 15 Mar 2027, 09:00 CDT · RSVP 40% \(going 1, alternate 1, not going 0\) · attended 2 \(40%\)/);
    expect(text).toContain('Missed every summit held since they joined (2):');
    const missed = text.slice(text.indexOf('Missed every summit'));
    expect(missed).toContain('Casey Coordinator');
    expect(missed).toContain('Logan Latecomer');
    for (const present of ['Avery Chief', 'Dana Deputy', 'Blake Sheriff', 'Riley Security']) expect(missed).not.toContain(present);

    const member = said(await w.run(consoleId(blake), 'cadence'));
    expect(member).toContain('Summits: 2 held');
    expect(member).not.toContain('Missed every summit');
  });

  it('warns when more than PPP_MAX_MEETINGS_PER_30D meetings fall within 30 days', async () => {
    const { w, me } = await partnership({ env: { PPP_MAX_MEETINGS_PER_30D: '2' } });
    await schedule(w, me, 'summit schedule Spring summit March 15 9am');
    expect(said(await w.run(me, 'cadence'))).not.toContain('⚠️');
    await schedule(w, me, 'meeting schedule Cyber tabletop March 22 9am');
    await schedule(w, me, 'meeting schedule Radio drill April 2 9am');
    expect(said(await w.run(me, 'cadence'))).toContain('⚠️ 3 meetings within 30 days (Mon 15 Mar 2027, 09:00 CDT to Fri 2 Apr 2027, 09:00 CDT): more than 2');
  });
});
