// Results: counts and bars per choice, mean and spread for a scale, written answers, the response rate;
// an anonymous survey shows nothing below three respondents and hides a question's written answers
// below three writers; the CSV export follows the same rules and names members only in a named survey.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/cards/text.js';
import { surveyRows, toCsv } from '../../src/surveys/csv.js';
import type { Definition } from '../../src/surveys/definition.js';
import { resultsCard, tallySurvey } from '../../src/surveys/results.js';
import type { AnswerValues, SurveyRow } from '../../src/surveys/store.js';

const DEF: Definition = {
  title: 'Pulse',
  intro: '',
  anonymous: true,
  audience: { kind: 'all' },
  closesAfterMs: 86_400_000,
  reminders: [],
  repeat: 'none',
  questions: [
    { kind: 'scale', text: 'Value delivered', required: true, low: 'None', high: 'A great deal' },
    { kind: 'single', text: 'Cadence', required: true, choices: ['Too often', 'About right', 'Not often enough'] },
    { kind: 'multiple', text: 'Useful products', required: false, choices: ['Alerts', 'Briefings', 'Digests'] },
    { kind: 'text', text: 'One thing to improve', required: false },
  ],
};

const survey = (anonymous: boolean): SurveyRow =>
  ({ ...DEF, id: 7, anonymous, status: 'closed', sentTo: 10, answered: 4, resultsTo: null, template: null, createdBy: 1, createdAt: new Date(), openedBy: 1, openedAt: new Date(), closesAt: new Date(), closedAt: new Date(), repeatOf: null }) as unknown as SurveyRow;

const answers: { memberId: number | null; answers: AnswerValues }[] = [
  { memberId: null, answers: { '1': 5, '2': 1, '3': [0, 1], '4': 'More =cmd|calc drills' } },
  { memberId: null, answers: { '1': 4, '2': 1, '3': [0] } },
  { memberId: null, answers: { '1': 4, '2': 2, '4': 'Shorter\nmeetings' } },
  { memberId: null, answers: { '1': 2, '2': 0, '3': [2] } },
];

describe('the results card', () => {
  it('shows the response rate, bars per choice, the mean and spread of a scale — and hides written answers fewer than three wrote', () => {
    const text = renderText(resultsCard(survey(true), tallySurvey(survey(true), answers, 10), 'Twin Cities')).text;
    expect(text).toBe(
      [
        'Results: Pulse',
        '==============',
        'Response rate: 4 of 10 answered (40%). Closed.',
        '————————————————————',
        '1. Value delivered — 4 answered · mean 3.8 of 5',
        '1 ░░░░░░░░░░ 0',
        '2 ███░░░░░░░ 1',
        '3 ░░░░░░░░░░ 0',
        '4 █████░░░░░ 2',
        '5 ███░░░░░░░ 1',
        '(1 = None · 5 = A great deal)',
        '————————————————————',
        '2. Cadence — 4 answered',
        '███░░░░░░░ 1 (25%) Too often',
        '█████░░░░░ 2 (50%) About right',
        '███░░░░░░░ 1 (25%) Not often enough',
        '————————————————————',
        '3. Useful products — 3 answered (several choices each)',
        '███████░░░ 2 (67%) Alerts',
        '███░░░░░░░ 1 (33%) Briefings',
        '███░░░░░░░ 1 (33%) Digests',
        '————————————————————',
        '4. One thing to improve — 2 answered',
        '(Not shown: fewer than 3 people wrote an answer, and with so few it could be told who wrote what.)',
        '(Anonymous survey #7 of Twin Cities: no answer here is stored with a member’s name or id, and who answered was deleted at the close.)',
      ].join('\n'),
    );
  });

  it('a named survey shows the written answers, each on one line', () => {
    const text = renderText(resultsCard(survey(false), tallySurvey(survey(false), answers, 10), 'Twin Cities')).text;
    expect(text).toContain('4. One thing to improve — 2 answered\n• “More =cmd|calc drills”\n• “Shorter / meetings”');
  });

  it('an anonymous survey with fewer than three respondents shows the rate and nothing else', () => {
    const text = renderText(resultsCard(survey(true), tallySurvey(survey(true), answers.slice(0, 2), 10), 'Twin Cities')).text;
    expect(text).toContain('Response rate: 2 of 10 answered (20%). Closed.');
    expect(text).toContain('Fewer than 3 people answered, so no answers are shown');
    expect(text).not.toContain('Cadence');
  });
});

describe('the CSV export', () => {
  it('anonymous: no member columns, choices by label, formulas defused, written answers withheld below three writers', () => {
    const rows = parse(toCsv(surveyRows(survey(true), answers, new Map())));
    expect(rows).toEqual([
      ['survey', '1. Value delivered', '2. Cadence', '3. Useful products', '4. One thing to improve'],
      ['7', '5', 'About right', 'Alerts; Briefings', '(not shown: fewer than 3 wrote an answer)'],
      ['7', '4', 'About right', 'Alerts', ''],
      ['7', '4', 'Not often enough', '', '(not shown: fewer than 3 wrote an answer)'],
      ['7', '2', 'Too often', 'Digests', ''],
    ]);
  });

  it('named: each row names the member and organization; a cell starting with = gets an apostrophe', () => {
    const named = answers.map((a, i) => ({ ...a, memberId: i + 1 }));
    const names = new Map([1, 2, 3, 4].map((id) => [id, { name: `Chief ${id}`, organization: id === 1 ? '=Acme' : null }]));
    const rows = parse(toCsv(surveyRows(survey(false), named, names)));
    expect(rows[0]).toEqual(['survey', 'member', 'organization', '1. Value delivered', '2. Cadence', '3. Useful products', '4. One thing to improve']);
    expect(rows[1]).toEqual(['7', 'Chief 1', "'=Acme", '5', 'About right', 'Alerts; Briefings', 'More =cmd|calc drills']);
  });
});
