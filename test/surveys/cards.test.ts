// The survey cards as each platform receives them, with exact JSON where it matters (the card members
// answer on, and the card once answered), checked by Microsoft's own Adaptive Card parser for Teams and
// kept within Slack's limits for the largest survey and results.
import { describe, expect, it } from 'vitest';
import { cardToBlockKit } from '../../adapters/slack/cards.js';
import { cardToAdaptiveCard, formToAdaptiveCard } from '../../adapters/teams/cards.js';
import { renderText } from '../../src/cards/text.js';
import { answerForm, answeredCard, ballotCard, ANONYMOUS_NOTE } from '../../src/surveys/ballot.js';
import { resultsCard, tallySurvey } from '../../src/surveys/results.js';
import type { SurveyRow } from '../../src/surveys/store.js';
import { TEMPLATES } from '../../src/surveys/templates.js';
import { checked } from '../adapters/teams/adaptive.js';

const READER = { partnership: 'Twin Cities', zone: 'America/Chicago', readerZone: 'America/New_York' };

const row = (fields: Partial<SurveyRow>): SurveyRow =>
  ({ id: 3, intro: '', anonymous: true, status: 'open', closesAt: new Date('2027-03-08T23:00:00Z'), sentTo: 40, answered: 0, repeat: 'none', reminders: [], ...fields }) as SurveyRow;

const SHORT = row({
  title: 'Tabletop <!here>',
  intro: 'After *the* exercise.',
  questions: [
    { kind: 'scale', text: 'Was it useful?', required: true, low: 'Not at all', high: 'Very' },
    { kind: 'multiple', text: 'Which topics?', required: false, choices: ['Cyber', 'Protests'] },
  ],
});

const NOTE_MRKDWN = ANONYMOUS_NOTE;
const scaleOptions = [
  { text: { type: 'plain_text', text: '1 — Not at all', emoji: true }, value: '1' },
  { text: { type: 'plain_text', text: '2', emoji: true }, value: '2' },
  { text: { type: 'plain_text', text: '3', emoji: true }, value: '3' },
  { text: { type: 'plain_text', text: '4', emoji: true }, value: '4' },
  { text: { type: 'plain_text', text: '5 — Very', emoji: true }, value: '5' },
];

describe('the survey card in a member’s DM', () => {
  it('Slack: the questions as input blocks and one Send button; user text escaped, markers broken', () => {
    expect(cardToBlockKit(ballotCard(SHORT, READER))).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Survey: Tabletop <!here>', emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: 'After \u2060*\u2060the\u2060*\u2060 exercise.', verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '2 questions from Twin Cities · closes Monday 8 March 2027, 17:00 CST (18:00 EST your time)', verbatim: true }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: NOTE_MRKDWN, verbatim: true }] },
      {
        type: 'input',
        block_id: 'in~q1',
        label: { type: 'plain_text', text: '1. Was it useful?', emoji: true },
        optional: false,
        element: { type: 'static_select', action_id: 'value', options: scaleOptions, placeholder: { type: 'plain_text', text: '1 (Not at all) to 5 (Very)', emoji: true } },
      },
      {
        type: 'input',
        block_id: 'in~q2',
        label: { type: 'plain_text', text: '2. Which topics?', emoji: true },
        optional: true,
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          options: [
            { text: { type: 'plain_text', text: 'Cyber', emoji: true }, value: '0' },
            { text: { type: 'plain_text', text: 'Protests', emoji: true }, value: '1' },
          ],
        },
        hint: { type: 'plain_text', text: 'Pick any that apply.', emoji: true },
      },
      { type: 'actions', elements: [{ type: 'button', action_id: 'survey.answer', text: { type: 'plain_text', text: 'Send my answers', emoji: true }, value: '3', style: 'primary' }] },
    ]);
  });

  it('Teams: labelled inputs, the required one with its message, and one Submit carrying the survey', () => {
    const card = checked(cardToAdaptiveCard(ballotCard(SHORT, READER)));
    expect(card.body.slice(4)).toEqual([
      {
        type: 'Input.ChoiceSet',
        id: 'q1',
        label: '1. Was it useful?',
        style: 'compact',
        choices: [
          { title: '1 — Not at all', value: '1' },
          { title: '2', value: '2' },
          { title: '3', value: '3' },
          { title: '4', value: '4' },
          { title: '5 — Very', value: '5' },
        ],
        placeholder: '1 (Not at all) to 5 (Very)',
        isRequired: true,
        errorMessage: '1. Was it useful? is required.',
      },
      { type: 'Input.ChoiceSet', id: 'q2', label: '2. Which topics?', style: 'compact', choices: [{ title: 'Cyber', value: '0' }, { title: 'Protests', value: '1' }], isMultiSelect: true },
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Send my answers', data: { _ppp: { k: 'a', a: 'survey.answer', v: '3' } }, style: 'positive' }] },
    ]);
    expect(card.body[1]).toEqual({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'After *the* exercise.' }] });
  });

  it('once answered: "Answered — Change", the key only in the button’s value', () => {
    const blocks = cardToBlockKit(answeredCard(SHORT, READER, 'AAAAAAAAAAAAAAAAAAAAAA', false));
    expect(blocks.at(1)).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Answered — thank you.* You can change your answer until Monday 8 March 2027, 17:00 CST (18:00 EST your time).', verbatim: true } });
    expect(blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', action_id: 'survey.change', text: { type: 'plain_text', text: 'Change', emoji: true }, value: '3~kAAAAAAAAAAAAAAAAAAAAAA' }] });
    expect(JSON.stringify(blocks.slice(0, -1))).not.toContain('AAAAAAAAAAAAAAAAAAAAAA');
    checked(cardToAdaptiveCard(answeredCard(SHORT, READER, 'AAAAAAAAAAAAAAAAAAAAAA', true)));
  });

  it('a named survey says it is named', () => {
    expect(renderText(ballotCard({ ...SHORT, anonymous: false }, READER)).text).toContain('(Named: coordinators see your name beside your answers.)');
  });

  it('every template: an Answer button on the card, and a form within Slack’s modal and Teams’ limits', () => {
    for (const t of TEMPLATES) {
      const s = row({ ...t.definition, title: t.definition.title });
      const card = ballotCard(s, READER);
      expect(cardToBlockKit(card).length).toBeLessThanOrEqual(50);
      checked(cardToAdaptiveCard(card));
      const form = answerForm(s, READER);
      expect(form.inputs).toHaveLength(t.definition.questions.length);
      checked(formToAdaptiveCard(form));
    }
  });

  it('the largest results (10 questions, 5,000 long answers each) stay within Slack’s 50 blocks and Teams’ size', () => {
    const questions = Array.from({ length: 10 }, (_, i) => (i % 2 ? { kind: 'text' as const, text: `Q${i}`, required: false } : { kind: 'single' as const, text: `Q${i}`, required: true, choices: Array.from({ length: 10 }, (_, c) => `Choice ${c} ${'x'.repeat(60)}`) }));
    const s = row({ title: 'Big', questions, status: 'closed', sentTo: 5000 });
    const answers = Array.from({ length: 5000 }, (_, n) => ({ answers: Object.fromEntries(questions.map((q, i) => [String(i + 1), q.kind === 'text' ? `${n} ${'y'.repeat(499 - String(n).length)}` : n % 10])) }));
    const card = resultsCard(s, tallySurvey(s, answers, 5000), 'Twin Cities');
    expect(cardToBlockKit(card).length).toBeLessThanOrEqual(50);
    checked(cardToAdaptiveCard(card));
  });
});
