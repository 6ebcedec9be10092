// A survey's life after it is sent: the response rate only while open, the results at its time to the
// coordinators and to the vetted conversation it names, the quarterly pulse opening its next occurrence
// itself (and stopping when told), and an event's attendees refused cleanly while summits are absent.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SURVEY_FROM_EVENT } from '../../src/core/seams.js';
import { SURVEY_ANSWER } from '../../src/surveys/refs.js';
import { until } from '../helpers/engine.js';
import { button, members, sendFromPreview, surveyBot, T0 } from './neutral.js';
import type { Identity } from '../../src/core/identity.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { renderText } from '../../src/cards/text.js';
import { createDraft, recordAttendance, scheduleEvent } from '../../src/summits/store.js';

const DAY = 86_400_000;

describe('results', () => {
  it('while open: the response rate only; at its time: results with the rate to coordinators and the named vetted conversation', async () => {
    const w = await surveyBot();
    const people = members(w.services, 3);
    expect((await w.run(w.coordinator, 'channel vet general')).texts()).toContain('vetted');
    const path = join(w.dataDir, 'cadence.yaml');
    writeFileSync(path, 'title: Cadence\nanonymous: true\nresults_to: console:local\nquestions:\n  - ask: How often should we meet?\n    kind: single\n    choices: [Monthly, Quarterly]\n  - ask: Why?\n    kind: text\n    required: false\n');
    const preview = (await w.run(w.coordinator, `survey import ${path}`)).sent.find((s) => s.card?.header?.startsWith('Preview'))!;
    expect(JSON.stringify(preview.card)).toContain('Results go to: ');
    const id = Number(/#(\d+)/.exec(preview.card!.header!)![1]);
    await w.press(w.coordinator, { actionId: 'survey.send', value: String(id) });
    await w.settled(`survey-${id}`);
    for (const [i, who] of people.entries()) {
      const send = button(w.dmsTo(who).at(-1)!.card, 'Send my answers');
      await w.press(who, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: String(i === 0 ? 0 : 1), q2: `reason ${i}` } });
    }
    const open = await w.run(w.coordinator, `survey results ${id}`);
    const status = open.sent[0]!.card!;
    expect(JSON.stringify(status)).toContain('3 of 4 answered (75%)');
    expect(JSON.stringify(status)).not.toContain('Monthly');
    expect(JSON.stringify(status)).not.toContain('reason 1');
    expect((await w.run(w.coordinator, `survey export ${id}`)).texts()).toContain('still open');

    w.now.at = new Date(T0.getTime() + 7 * DAY + 1000);
    await w.services.outbox.reconcile();
    await w.settled(`survey-${id}-results`);
    const posted = w.shown.filter((s) => s.text.startsWith('Results: Cadence'));
    expect(posted.map((s) => `${s.kind} ${s.to}`)).toEqual(expect.arrayContaining(['dm console:coordinator-0', 'post console:local']));
    expect(posted).toHaveLength(2);
    expect(posted[0]!.text).toContain('Response rate: 3 of 4 answered (75%). Closed.');
    expect(posted[0]!.text).toContain('███████░░░ 2 (67%) Quarterly');
    expect(posted[0]!.text).toContain('• “reason 1”');
    const results = await w.run(w.coordinator, `survey results ${id}`);
    expect(results.sent[0]!.card!.header).toBe('Results: Cadence');
    // The audit reads each step as a sentence naming the survey, never an answer.
    const audit = (await w.run(w.coordinator, 'audit 10')).texts();
    expect(audit).toMatch(/sent the survey “Cadence” \(#\d+\) to 4 members, anonymous, closing /);
    expect(audit).toMatch(/closed the survey “Cadence” \(#\d+\): 3 of 4 answered/);
    expect(audit).not.toMatch(/survey\.(send|close)|reason 1/);
  });
});

describe('the quarterly pulse repeats', () => {
  it('opens its next occurrence three months on, at the same wall-clock time, to the audience as it is then; repeat off stops the series', async () => {
    const w = await surveyBot();
    members(w.services, 2);
    const id = await sendFromPreview(w, 'survey send pulse');
    const next = w.services.db.$client.prepare("select key, due_at from timers where kind = 'survey.next'").get() as { key: string; due_at: number };
    // 1 March 09:00 CST → 1 June 09:00 CDT: three months on in Chicago, across the change to summer time.
    expect(next).toEqual({ key: `survey-${id}-next`, due_at: Date.parse('2027-06-01T14:00:00Z') });
    members(w.services, 1, 10);

    w.now.at = new Date('2027-06-01T14:00:05Z');
    await w.services.outbox.reconcile();
    const second = await until(() => w.services.db.$client.prepare("select id, status, sent_to from surveys where repeat_of = ?").get(id) as { id: number; status: string; sent_to: number } | undefined, 10_000, 'the next occurrence');
    await until(() => (w.services.db.$client.prepare('select status from surveys where id = ?').get(second.id) as { status: string }).status === 'open', 10_000, 'it to open');
    expect((w.services.db.$client.prepare('select sent_to, closes_at from surveys where id = ?').get(second.id) as { sent_to: number; closes_at: number })).toEqual({ sent_to: 4, closes_at: Date.parse('2027-06-01T14:00:05Z') + 7 * DAY });
    await w.settled(`survey-${second.id}-repeat`);
    expect(w.dmsTo(w.coordinator).map((s) => s.text).join('\n')).toContain(`Survey #${second.id}, “Quarterly partnership pulse”, the next occurrence of #${id}, was sent to 4 members.`);
    // A second pass, a restart: still one occurrence.
    await w.services.outbox.reconcile();
    expect(w.services.db.$client.prepare('select count(*) as n from surveys').get()).toEqual({ n: 2 });

    const off = await w.run(w.coordinator, `survey repeat ${second.id} off`);
    expect(off.texts()).toContain(`Survey #${second.id} does not repeat`);
    expect(w.services.db.$client.prepare("select status from timers where key = ?").get(`survey-${second.id}-next`)).toEqual({ status: 'cancelled' });
  });
});

describe('an event’s attendees', () => {
  it('the post-summit button drafts the feedback survey for exactly the members recorded as present, alternates included', async () => {
    const w = await surveyBot();
    const [ana, ben, cal, dee] = members(w.services, 4);
    const id = (who: Identity) => findMemberByIdentity(w.services.db, who)!.id;
    const coordinatorId = id(w.coordinator);
    const event = createDraft(w.services.db, { kind: 'summit', title: 'Spring summit', place: 'City Hall', startsAt: new Date('2027-02-20T15:00:00Z'), zone: 'America/Chicago', durationMs: 2 * 3_600_000 }, coordinatorId, T0);
    const by = { identity: 'console:coordinator-0', memberId: coordinatorId };
    w.services.db.transaction((tx) => scheduleEvent(tx, event.id, by, 4, T0));
    // Ana came; Ben sent Cal, a member, in his place; Dee stayed away.
    recordAttendance(w.services.db, event.id, [
      { memberId: id(ana!), via: 'self', alternateMemberId: null, alternateName: null },
      { memberId: id(ben!), via: 'alternate', alternateMemberId: id(cal!), alternateName: null },
    ], by, T0);
    expect(w.bot.services.registry.getAction(SURVEY_FROM_EVENT)).toBeDefined();
    const pressed = await w.press(w.coordinator, { actionId: SURVEY_FROM_EVENT, value: String(event.id) });
    const preview = pressed.sent.find((s) => s.card?.header?.startsWith('Preview'))?.card;
    expect(preview, pressed.texts()).toBeDefined();
    expect(renderText(preview!).text).toContain('How was “Spring summit”?');
    const send = button(preview, 'Send');
    await w.press(w.coordinator, { actionId: send.actionId, value: send.value! });
    const surveyId = Number(/^(\d+)/.exec(send.value!)![1]);
    await w.settled(`survey-${surveyId}`);
    const asked = [ana, ben, cal, dee].filter((m) => w.dmsTo(m!).length > 0);
    expect(asked).toEqual([ana, cal]);
    void dee;
  });

  it('an event that does not exist is refused with where to look', async () => {
    const w = await surveyBot();
    const path = join(w.dataDir, 'event.yaml');
    writeFileSync(path, 'title: How was the summit?\naudience: {event: 4}\nquestions:\n  - ask: Worth it?\n    kind: scale\n    low: No\n    high: Yes\n');
    const r = await w.run(w.coordinator, `survey import ${path}`);
    expect(r.texts()).toContain('There is no event #4');
  });
});
