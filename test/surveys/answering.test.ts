// Answering a survey through the real bot: from the card and from the form, changing an answer,
// once per member across linked accounts, refused after the close, to a non-member, and to a member
// the survey was not sent to — each refusal with its reason.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { identities, surveyAnswers, surveyResponders } from '../../db/schema.js';
import { SURVEY_ANSWER, SURVEY_CHANGE, SURVEY_OPEN_FORM, ANSWER_FORM } from '../../src/surveys/refs.js';
import { members, sendFromPreview, surveyBot, button, inputsOf, type SurveyBot } from './neutral.js';
import { recorder } from '../helpers/responder.js';
import { renderText } from '../../src/cards/text.js';

async function pulseTo(w: SurveyBot, count: number) {
  const people = members(w.services, count);
  const id = await sendFromPreview(w, 'survey send pulse closes March 8 5pm');
  await w.settled(`survey-${id}`);
  return { id, people };
}

describe('answering the pulse', () => {
  it('a member answers in the form, their card then reads "Answered" with Change; the answer is stored once', async () => {
    const w = await surveyBot();
    const { id, people } = await pulseTo(w, 3);
    const [ann] = people;
    const ballot = w.dmsTo(ann!).at(-1)!;
    expect(ballot.text).toContain('Quarterly partnership pulse');
    expect(ballot.text).toContain('Anonymous: your answers are stored with no name or member id.');
    const answer = button(ballot.card, 'Answer');
    const opened = await w.press(ann!, { actionId: answer.actionId, value: answer.value! });
    const form = opened.sent.find((s) => s.kind === 'form')!.form!;
    expect(form.inputs.map((i) => i.id)).toEqual(['q1', 'q2', 'q3', 'q4']);
    const r = recorder();
    const errors = await w.bot.handleForm({ platform: 'console', identity: ann!, conversation: 'console:local', scope: 'console', prefix: '/ppp ' }, { formId: ANSWER_FORM, values: { q1: '4', q2: '5', q3: '1', q4: 'More cyber briefings' }, state: form.state! }, r);
    expect(errors).toBeUndefined();
    expect(w.services.db.select().from(surveyAnswers).all()).toHaveLength(1);
    const redrawn = w.shown.filter((s) => s.kind === 'edit' && s.to === `console:dm-${ann!.id}`).at(-1)!;
    expect(redrawn.text).toContain('Answered — thank you.');
    expect(button(redrawn.card, 'Change').value).toMatch(new RegExp(`^${id}~k[A-Za-z0-9_-]{22}$`));
  });
});

const consoleTurn = (who: { platform: 'console' | 'slack' | 'teams'; id: string }) => ({ platform: who.platform, identity: who, conversation: 'console:local', scope: 'console' as const, prefix: '/ppp ' });

async function importAndSend(w: SurveyBot, yaml: string, close = 'closes March 8 5pm'): Promise<number> {
  const path = join(w.dataDir, `s-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, yaml);
  const imported = await w.run(w.coordinator, `survey import ${path}`);
  const preview = imported.sent.find((s) => s.card?.header?.startsWith('Preview'));
  if (!preview) throw new Error(imported.texts());
  const id = Number(/survey #(\d+)/.exec(preview.card!.header!)![1]);
  const sent = await w.press(w.coordinator, { actionId: 'survey.send', value: `${id}@${Date.parse('2027-03-08T23:00:00Z')}` });
  expect(sent.texts()).toContain(`Survey #${id} sent`);
  void close;
  await w.settled(`survey-${id}`);
  return id;
}

const THREE = (anonymous: boolean) => `title: Three questions
anonymous: ${anonymous}
questions:
  - ask: Was it useful?
    kind: scale
    low: Not at all
    high: Very
  - ask: Which topics?
    kind: multiple
    choices: [Cyber, Protests, Insurance]
  - ask: Anything else?
    kind: text
    required: false
`;

describe('answering from the card itself', () => {
  it('three questions inline: Send records them and the card becomes "Answered — Change"; Change brings the answers back; the change is saved in place', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 3);
    const id = await importAndSend(w, THREE(true));
    const ballot = w.dmsTo(ann!).at(-1)!;
    expect(inputsOf(ballot.card).map((i) => i.id)).toEqual(['q1', 'q2', 'q3']);
    const send = button(ballot.card, 'Send my answers');
    expect(send.actionId).toBe(SURVEY_ANSWER);
    const first = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '4', q2: ['0', '2'], q3: 'Good <!here> & fine' } });
    const answered = first.sent.find((s) => s.kind === 'replace')!;
    expect(renderText(answered.card!).text).toContain('Answered — thank you.');
    const change = button(answered.card, 'Change');
    expect(change.actionId).toBe(SURVEY_CHANGE);
    expect(w.services.db.select().from(surveyAnswers).all().map((a) => a.answers)).toEqual([{ '1': 4, '2': [0, 2], '3': 'Good <!here> & fine' }]);

    const again = await w.press(ann!, { actionId: SURVEY_CHANGE, value: change.value! });
    const card = again.sent.find((s) => s.kind === 'replace')!.card!;
    expect(inputsOf(card).map((i) => i.initial)).toEqual(['4', ['0', '2'], 'Good <!here> & fine']);
    const save = button(card, 'Save my changes');
    const changed = await w.press(ann!, { actionId: SURVEY_ANSWER, value: save.value!, values: { q1: '2', q2: ['1'] } });
    expect(renderText(changed.sent.find((s) => s.kind === 'replace')!.card!).text).toContain('Answered — your change is saved.');
    expect(w.services.db.select().from(surveyAnswers).all().map((a) => a.answers)).toEqual([{ '1': 2, '2': [1] }]);
    expect(w.services.db.select().from(surveyResponders).all()).toHaveLength(1);
    void id;
  });

  it('Send with nothing filled in (always so on the console) opens the form; a missing required answer is named', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    await importAndSend(w, THREE(false));
    const send = button(w.dmsTo(ann!).at(-1)!.card, 'Send my answers');
    const pressed = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value! });
    expect(pressed.sent.map((s) => s.kind)).toEqual(['form']);
    const half = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q3: 'only text' } });
    expect(half.texts()).toContain('Not saved yet: Question 1 needs an answer. Question 2 needs an answer.');
    const bad = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '9', q2: ['7'] } });
    expect(bad.texts()).toContain('Question 1: pick from the choices shown. Question 2: pick from the choices shown.');
    const long = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '3', q2: ['0'], q3: 'x'.repeat(501) } });
    expect(long.texts()).toContain('Question 3: at most 500 characters (this is 501).');
    expect(w.services.db.select().from(surveyAnswers).all()).toEqual([]);
  });

  it('one question of one choice is a row of buttons; a press answers it', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    await importAndSend(w, 'title: Cadence\nanonymous: false\nquestions:\n  - ask: How often should we meet?\n    kind: single\n    choices: [Monthly, Quarterly, Twice a year]\n');
    const card = w.dmsTo(ann!).at(-1)!.card;
    const quarterly = button(card, 'Quarterly');
    const r = await w.press(ann!, { actionId: quarterly.actionId, value: quarterly.value! });
    expect(renderText(r.sent.find((s) => s.kind === 'replace')!.card!).text).toContain('Answered');
    expect(w.services.db.select({ answers: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ answers: { '1': 1 } }]);
  });
});

describe('what is refused, and why', () => {
  it('after the close: refused with the reason, and nothing is stored', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    const id = await importAndSend(w, THREE(true));
    const send = button(w.dmsTo(ann!).at(-1)!.card, 'Send my answers');
    const closed = await w.run(w.coordinator, `survey close ${id}`);
    expect(closed.texts()).toContain(`Closed survey #${id}: 0 of 2 answered (0%).`);
    const late = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '3', q2: ['0'] } });
    expect(late.sent[0]!.card!.tone).toBe('refusal');
    expect(late.texts()).toMatch(/This survey closed on .*, so answers are no longer taken/);
    expect(w.services.db.select().from(surveyAnswers).all()).toEqual([]);
  });

  it('past its closing time, even before the close has run (the bot was down): refused', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    await importAndSend(w, THREE(false));
    const send = button(w.dmsTo(ann!).at(-1)!.card, 'Send my answers');
    w.now.at = new Date('2027-03-08T23:00:01Z');
    const late = await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '3', q2: ['0'] } });
    expect(late.texts()).toMatch(/This survey closed on Monday 8 March 2027, 17:00 CST/);
    expect(w.services.db.select().from(surveyAnswers).all()).toEqual([]);
  });

  it('a non-member’s click is refused by the permission, saying why and what to do; a member it was not sent to is told so', async () => {
    const w = await surveyBot();
    members(w.services, 1);
    await importAndSend(w, THREE(false));
    const send = button(w.dmsTo(w.coordinator).at(-1)!.card, 'Send my answers');
    const stranger = await w.press({ platform: 'console', id: 'stranger' }, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '3', q2: ['0'] } });
    expect(stranger.sent[0]!.card!.tone).toBe('refusal');
    expect(stranger.texts()).toMatch(/This is for members, and you are not on the partnership's roster\. (Ask a coordinator|Send `\/ppp join`)/);
    const [late] = members(w.services, 1, 50);
    const notSent = await w.press(late!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '3', q2: ['0'] } });
    expect(notSent.texts()).toContain('This survey was not sent to you');
    expect(w.services.db.select().from(surveyAnswers).all()).toEqual([]);
  });

  it('a forged or broken button value is answered, never thrown', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    for (const value of ['', 'abc', '1~kshort', '1~c999999', `${'9'.repeat(40)}`]) {
      const r = await w.press(ann!, { actionId: SURVEY_ANSWER, value, values: { q1: '1' } });
      expect(r.sent.length).toBe(1);
      expect(r.sent[0]!.card!.tone).not.toBe('error');
    }
    const r = await w.press(ann!, { actionId: SURVEY_OPEN_FORM, value: '4242' });
    expect(r.texts()).toContain('That survey no longer exists');
  });
});

describe('once per member, across platforms and linked accounts', () => {
  it('named: a second answer from the member’s other account replaces the first', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    const id = await importAndSend(w, THREE(false));
    const member = w.services.db.select().from(identities).where(eq(identities.externalId, ann!.id)).get()!;
    w.services.db.insert(identities).values({ memberId: member.memberId, platform: 'teams', externalId: 'ann-teams', createdAt: new Date() }).run();
    const send = button(w.dmsTo(ann!).at(-1)!.card, 'Send my answers');
    await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '5', q2: ['0'] } });
    await w.press({ platform: 'teams', id: 'ann-teams' }, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '1', q2: ['2'] } });
    expect(w.services.db.select({ m: surveyAnswers.memberId, a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ m: member.memberId, a: { '1': 1, '2': [2] } }]);
    void id;
  });

  it('anonymous: the other account cannot add a second answer; it is told to use Change on the card that holds the key', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    await importAndSend(w, THREE(true));
    const member = w.services.db.select().from(identities).where(eq(identities.externalId, ann!.id)).get()!;
    w.services.db.insert(identities).values({ memberId: member.memberId, platform: 'slack', externalId: 'UANNSLACK', createdAt: new Date() }).run();
    const send = button(w.dmsTo(ann!).at(-1)!.card, 'Send my answers');
    await w.press(ann!, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '5', q2: ['0'] } });
    const second = await w.press({ platform: 'slack', id: 'UANNSLACK' }, { actionId: SURVEY_ANSWER, value: send.value!, values: { q1: '1', q2: ['2'] } });
    expect(second.texts()).toContain('You have already answered this survey, and it counts once.');
    expect(w.services.db.select({ a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ a: { '1': 5, '2': [0] } }]);
  });
});

describe('survey list for a member', () => {
  it('shows the surveys open for them, answered or not, with a button to answer there', async () => {
    const w = await surveyBot();
    const [ann] = members(w.services, 1);
    const id = await importAndSend(w, THREE(true));
    const list = await w.run(ann!, 'survey list');
    const card = list.sent[0]!.card!;
    expect(renderText(card).text).toContain(`#${id} Three questions — not answered yet; closes Monday 8 March 2027, 17:00 CST.`);
    const answer = button(card, 'Answer');
    const opened = await w.press(ann!, { actionId: answer.actionId, value: answer.value! });
    const form = opened.sent.find((s) => s.kind === 'form')!.form!;
    await w.bot.handleForm(consoleTurn(ann!), { formId: form.id, values: { q1: '3', q2: ['1'] }, state: form.state! }, recorder());
    const after = await w.run(ann!, 'survey list');
    expect(renderText(after.sent[0]!.card!).text).toContain(`#${id} Three questions — answered;`);
    expect(() => button(after.sent[0]!.card, 'Change')).toThrow();
    // Their DM card now holds the key to the answer given in the form.
    const redrawn = w.shown.filter((s) => s.kind === 'edit' && s.to === `console:dm-${ann!.id}`).at(-1)!;
    expect(button(redrawn.card, 'Change').value).toMatch(/~k[A-Za-z0-9_-]{22}$/);
  });
});
