// Surveys end to end on both platforms, through the real adapters on one server, the real delivery
// engine and fake Slack / Teams on loopback: the preview, one direct message per member, answering in
// the DM (inline on the card, or in a Slack modal / a Teams form card), the card then reading
// "Answered — Change", changing it, a non-member's click and a click after the close.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { surveyAnswers } from '../../db/schema.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { createDraft } from '../../src/surveys/store.js';
import type { Definition } from '../../src/surveys/definition.js';
import { makeActor } from '../helpers/db.js';
import { buttonPressBody, interactionBody, postSigned, TEAM_ID } from '../helpers/fake-slack.js';
import { cardActions, shownText, type TeamsUser } from '../helpers/fake-teams.js';
import { blockText, startWorld, until, type World } from '../helpers/world.js';

let world: World;
const TEAMS_MEMBER: TeamsUser = { id: '29:member-2', name: 'Dana Teams', aadObjectId: 'member-2' };

beforeEach(async () => {
  world = await startWorld();
});
afterEach(async () => {
  await world.close();
});

const INLINE: Definition = {
  title: 'Three quick questions',
  intro: 'After the tabletop exercise.',
  anonymous: true,
  audience: { kind: 'all' },
  closesAfterMs: 7 * 86_400_000,
  reminders: ['halfway'],
  repeat: 'none',
  questions: [
    { kind: 'scale', text: 'Was it useful?', required: true, low: 'Not at all', high: 'Very' },
    { kind: 'multiple', text: 'Which topics?', required: true, choices: ['Cyber', 'Protests', 'Insurance'] },
    { kind: 'text', text: 'Anything else?', required: false },
  ],
};

interface People {
  coordinator: string;
  slackMember: string;
}

async function people(): Promise<People> {
  const coordinator = makeActor(world.db, 'coordinator', 'slack', 0).id;
  const slackMember = makeActor(world.db, 'member', 'slack', 1).id;
  makeActor(world.db, 'member', 'teams', 2);
  // The Teams member has talked to the bot once, so it can open their 1:1 chat.
  await world.teams({ scope: 'personal', text: 'help', from: TEAMS_MEMBER });
  return { coordinator, slackMember };
}

/** A button press in a Slack DM, signed; `state` as Slack sends the message's input blocks. */
function press(user: string, channel: string, action: { action_id: string; value: string }, state?: Record<string, unknown>, responseId = `r-${Math.random()}`) {
  return postSigned(
    world.eventsUrl,
    buttonPressBody({
      user,
      channel,
      channelName: 'directmessage',
      messageTs: '1790000000.000001',
      responseUrl: world.slackFake.responseUrl(responseId),
      triggerId: `trigger-${responseId}`,
      state,
      actionId: action.action_id,
      value: action.value,
    }),
  );
}

/** Every button in some Block Kit, with its action id and value. */
function slackButtons(blocks: unknown): { action_id: string; value: string; text: string }[] {
  const out: { action_id: string; value: string; text: string }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o.type === 'button') out.push({ action_id: String(o.action_id), value: String(o.value), text: String((o.text as { text: string }).text) });
    Object.values(o).forEach(walk);
  };
  walk(blocks);
  return out;
}

/** The coordinator types `survey send …` in the channel and presses Send on the preview. */
async function sendAs(coordinator: string, line: string): Promise<number> {
  const before = world.slackFake.responses.length;
  const typed = await world.slash(coordinator, line);
  const blocks = await until(() => {
    if (JSON.stringify(typed.json ?? {}).includes('Preview: survey')) return typed.json!.blocks;
    return world.slackFake.responses.slice(before).find((r) => JSON.stringify(r.body).includes('Preview: survey'))?.body.blocks;
  }, 'the preview');
  expect(blockText(blocks)).toMatch(/Audience:\* every active member — 3 members; 3 by direct message \(2 on Slack, 1 on Teams\)/);
  const send = slackButtons(blocks).find((b) => b.text === 'Send')!;
  expect((await press(coordinator, 'C0CHIEFS', send)).status).toBe(200);
  const id = Number(/^(\d+)/.exec(send.value)![1]);
  await until(() => deliveryReport(world.db, `survey-${id}`).settled && deliveryReport(world.db, `survey-${id}`).total === 3, 'the survey cards to be delivered');
  return id;
}

const slackBallot = (user: string) => world.slackFake.callsTo('chat.postMessage').filter((c) => c.params.channel === `D${user}`).at(-1)!;
const teamsBallot = () => world.teamsFake.messagesIn(`a:dm-${TEAMS_MEMBER.id}`).filter((c) => shownText(c.body).includes('Survey:')).at(-1)!;

describe('a short survey answered on the card itself', () => {
  it('Slack: the questions are in the DM; Send records the answer and replaces the card with "Answered — Change"; Change then Save changes it', async () => {
    const p = await people();
    const draft = createDraft(world.db, INLINE, { memberId: 1, identity: `slack:${p.coordinator}` }, new Date());
    const id = await sendAs(p.coordinator, `survey send ${draft.id}`);
    const ballot = slackBallot(p.slackMember);
    const blocks = ballot.params.blocks as { type: string; block_id?: string }[];
    expect(blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['in~q1', 'in~q2', 'in~q3']);
    expect(blockText(blocks)).toContain('Anonymous: your answers are stored with no name or member id.');
    const send = slackButtons(blocks).find((b) => b.text === 'Send my answers')!;
    const state = {
      'in~q1': { value: { type: 'static_select', selected_option: { value: '4' } } },
      'in~q2': { value: { type: 'multi_static_select', selected_options: [{ value: '0' }, { value: '2' }] } },
      'in~q3': { value: { type: 'plain_text_input', value: 'More <!here> drills & fewer slides' } },
    };
    expect((await press(p.slackMember, String(ballot.params.channel), send, state, 'answer-1')).status).toBe(200);
    const replaced = await until(() => world.slackFake.responses.find((r) => r.id === 'answer-1'), 'the card replaced');
    expect(replaced.body.replace_original).toBe(true);
    expect(blockText(replaced.body.blocks)).toContain('Answered — thank you.');
    const change = slackButtons(replaced.body.blocks).find((b) => b.text === 'Change')!;
    expect(change.value).toMatch(new RegExp(`^${id}~k[A-Za-z0-9_-]{22}$`));
    expect(world.db.select({ m: surveyAnswers.memberId, a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ m: null, a: { '1': 4, '2': [0, 2], '3': 'More <!here> drills & fewer slides' } }]);

    await press(p.slackMember, String(ballot.params.channel), change, undefined, 'change-1');
    const again = await until(() => world.slackFake.responses.find((r) => r.id === 'change-1'), 'the card with the answers');
    const q1 = (again.body.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find((b) => b.block_id === 'in~q1')!;
    expect(q1.element!.initial_option!.value).toBe('4');
    const save = slackButtons(again.body.blocks).find((b) => b.text === 'Save my changes')!;
    await press(p.slackMember, String(ballot.params.channel), save, { ...state, 'in~q1': { value: { type: 'static_select', selected_option: { value: '2' } } } }, 'save-1');
    const saved = await until(() => world.slackFake.responses.find((r) => r.id === 'save-1'), 'the change saved');
    expect(blockText(saved.body.blocks)).toContain('Answered — your change is saved.');
    expect(world.db.select({ a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ a: { '1': 2, '2': [0, 2], '3': 'More <!here> drills & fewer slides' } }]);
  });

  it('Teams: the card holds the inputs; its button submits them and the card is updated in place to "Answered — Change"', async () => {
    const p = await people();
    const draft = createDraft(world.db, INLINE, { memberId: 1, identity: `slack:${p.coordinator}` }, new Date());
    const id = await sendAs(p.coordinator, `survey send ${draft.id}`);
    const ballot = teamsBallot();
    const content = ballot.body.attachments[0].content;
    expect(JSON.stringify(content.body)).toContain('"id":"q1"');
    const send = cardActions(ballot.body).find((a) => a.title === 'Send my answers')!;
    await world.teams({ scope: 'personal', from: TEAMS_MEMBER, replyToId: ballot.answeredId!, value: { ...send.data, q1: '5', q2: '1,2', q3: 'Kept us talking' } });
    const update = await until(() => world.teamsFake.calls.find((c) => c.kind === 'update' && c.activityId === ballot.answeredId && shownText(c.body).includes('Answered')), 'the card updated');
    expect(shownText(update.body)).toContain('Answered — thank you.');
    expect(cardActions(update.body).map((a) => a.title)).toEqual(['Change']);
    expect(world.db.select({ a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ a: { '1': 5, '2': [1, 2], '3': 'Kept us talking' } }]);
    void id;
  });
});

describe('a longer survey answered in a form', () => {
  it('Slack: Answer opens a modal; its submission redraws the DM card to "Answered — Change", holding the key only there', async () => {
    const p = await people();
    const id = await sendAs(p.coordinator, 'survey send pulse');
    const ballot = slackBallot(p.slackMember);
    const answer = slackButtons(ballot.params.blocks).find((b) => b.text === 'Answer')!;
    await press(p.slackMember, String(ballot.params.channel), answer, undefined, 'open-1');
    const opened = await world.slackFake.waitForCall('views.open');
    const view = opened.params.view as { private_metadata: string; blocks: { block_id?: string }[] };
    expect(view.blocks.filter((b) => b.block_id?.startsWith('in~')).map((b) => b.block_id)).toEqual(['in~q1', 'in~q2', 'in~q3', 'in~q4']);
    const submitted = await postSigned(
      world.eventsUrl,
      interactionBody({
        type: 'view_submission',
        team: { id: TEAM_ID },
        user: { id: p.slackMember, username: 'member', team_id: TEAM_ID },
        view: {
          id: 'V1',
          callback_id: 'ppp.form',
          private_metadata: view.private_metadata,
          blocks: view.blocks,
          state: {
            values: {
              'in~q1': { value: { type: 'static_select', selected_option: { value: '4' } } },
              'in~q2': { value: { type: 'static_select', selected_option: { value: '3' } } },
              'in~q3': { value: { type: 'static_select', selected_option: { value: '1' } } },
              'in~q4': { value: { type: 'plain_text_input', value: null } },
            },
          },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    const update = await until(() => world.slackFake.callsTo('chat.update').find((c) => c.params.channel === ballot.params.channel && blockText(c.params.blocks).includes('Answered')), 'the DM card redrawn');
    // The card edited is the survey card the member received (its ts from the delivery ledger).
    const delivered = world.db.$client.prepare('select message_id as ts from deliveries where batch = ? and target = ?').get(`survey-${id}`, `slack:${p.slackMember}`) as { ts: string };
    expect(update.params.ts).toBe(delivered.ts);
    const change = slackButtons(update.params.blocks).find((b) => b.text === 'Change')!;
    expect(change.value).toMatch(new RegExp(`^${id}~k[A-Za-z0-9_-]{22}$`));
    expect(world.db.select({ a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ a: { '1': 4, '2': 3, '3': 1 } }]);
    // The key went to Slack in the card, and nowhere into SQLite.
    const key = change.value.split('~k')[1]!;
    const everything = JSON.stringify(world.db.$client.prepare('select * from deliveries').all()) + JSON.stringify(world.db.$client.prepare('select * from refreshes').all());
    expect(everything).not.toContain(key);
  });

  it('Teams: Answer sends the form as a card in the 1:1 chat; submitting it updates the survey card to "Answered — Change"', async () => {
    const p = await people();
    await sendAs(p.coordinator, 'survey send pulse');
    const ballot = teamsBallot();
    const answer = cardActions(ballot.body).find((a) => a.title === 'Answer')!;
    await world.teams({ scope: 'personal', from: TEAMS_MEMBER, replyToId: ballot.answeredId!, value: answer.data });
    const formCard = await until(() => world.teamsFake.messagesIn(`a:dm-${TEAMS_MEMBER.id}`).find((c) => cardActions(c.body).some((a) => a.title === 'Send my answers')), 'the form card');
    const submit = cardActions(formCard.body).find((a) => a.title === 'Send my answers')!;
    await world.teams({ scope: 'personal', from: TEAMS_MEMBER, replyToId: formCard.answeredId!, value: { ...submit.data, q1: '2', q2: '2', q3: '0', q4: '' } });
    const update = await until(() => world.teamsFake.calls.find((c) => c.kind === 'update' && c.activityId === ballot.answeredId && shownText(c.body).includes('Answered')), 'the survey card updated');
    expect(cardActions(update.body).map((a) => a.title)).toEqual(['Change']);
    expect(world.db.select({ a: surveyAnswers.answers }).from(surveyAnswers).all()).toEqual([{ a: { '1': 2, '2': 2, '3': 0 } }]);
  });
});

describe('refusals on Slack', () => {
  it('a non-member’s click and a click after the close are each answered privately with the reason', async () => {
    const p = await people();
    const draft = createDraft(world.db, INLINE, { memberId: 1, identity: `slack:${p.coordinator}` }, new Date());
    const id = await sendAs(p.coordinator, `survey send ${draft.id}`);
    const ballot = slackBallot(p.slackMember);
    const send = slackButtons(ballot.params.blocks).find((b) => b.text === 'Send my answers')!;
    const state = { 'in~q1': { value: { type: 'static_select', selected_option: { value: '4' } } }, 'in~q2': { value: { type: 'multi_static_select', selected_options: [{ value: '0' }] } } };
    await press('U0STRANGER', 'DU0STRANGER', send, state, 'stranger-1');
    const refused = await until(() => world.slackFake.responses.find((r) => r.id === 'stranger-1'), 'the refusal');
    expect(refused.body.response_type).toBe('ephemeral');
    expect(blockText(refused.body.blocks)).toContain('This is for members, and you are not on the partnership');

    await world.slash(p.coordinator, `survey close ${id}`);
    await until(() => deliveryReport(world.db, `survey-${id}-results`).settled, 'the results');
    await press(p.slackMember, String(ballot.params.channel), send, state, 'late-1');
    const late = await until(() => world.slackFake.responses.find((r) => r.id === 'late-1'), 'the late refusal');
    expect(blockText(late.body.blocks)).toMatch(/This survey closed on .*, so answers are no longer taken/);
    expect(world.db.select().from(surveyAnswers).all()).toEqual([]);
    // The results reached the coordinator's DM, with the response rate.
    const results = world.slackFake.callsTo('chat.postMessage').find((c) => c.params.channel === `D${p.coordinator}` && blockText(c.params.blocks).includes('Results: Three quick questions'))!;
    expect(blockText(results.params.blocks)).toContain('*Response rate:* 0 of 3 answered (0%)');
  });
});
