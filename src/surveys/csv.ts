// A closed survey's answers as CSV: one row per respondent, one column per question (choices by their
// labels). A named survey's rows carry the member; an anonymous one's carry nobody, come in no order,
// and a question's written answers are left out where fewer than three people wrote one.
import { stringify } from 'csv-stringify/sync';
import type { Question } from './definition.js';
import { MIN_ANONYMOUS } from './results.js';
import type { AnswerValues, SurveyRow } from './store.js';

/** A cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP "CSV injection"). */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(q: Question, v: AnswerValues[string] | undefined): string {
  if (v === undefined) return '';
  if (q.kind === 'text' || q.kind === 'scale') return String(v);
  const labels = (Array.isArray(v) ? v : [v]).map((i) => q.choices[Number(i)] ?? '');
  return labels.join('; ');
}

const WITHHELD = '(not shown: fewer than 3 wrote an answer)';

export function surveyRows(s: SurveyRow, answers: readonly { memberId: number | null; answers: AnswerValues }[], names: Map<number, { name: string; organization: string | null }>): string[][] {
  const questions = s.questions.map((q, i) => `${i + 1}. ${q.text}`);
  const header = s.anonymous ? ['survey', ...questions] : ['survey', 'member', 'organization', ...questions];
  const hidden = new Set(
    s.questions.map((q, i) => (s.anonymous && q.kind === 'text' && answers.filter((a) => a.answers[String(i + 1)] !== undefined).length < MIN_ANONYMOUS ? i : -1)).filter((i) => i >= 0),
  );
  const rows = answers.map((a) => {
    const cells = s.questions.map((q, i) => (hidden.has(i) ? (a.answers[String(i + 1)] === undefined ? '' : WITHHELD) : cell(q, a.answers[String(i + 1)])));
    if (s.anonymous) return [String(s.id), ...cells];
    const who = a.memberId === null ? undefined : names.get(a.memberId);
    return [String(s.id), who?.name ?? '', who?.organization ?? '', ...cells];
  });
  return [header, ...rows].map((r) => r.map(safeCell));
}

export const toCsv = (rows: string[][]): string => stringify(rows);
