// The results of a survey: counts and bars per choice, mean and spread for a scale, the written answers,
// and the response rate. An anonymous survey shows nothing below three respondents, and a question's
// written answers only where at least three people wrote one.
import { bold, code, context, literal, text, type Card, type CardElement, type Span } from '../cards/card.js';
import { SCALE, type Question } from './definition.js';
import type { AnswerValues, SurveyRow } from './store.js';

/** Fewer respondents than this and an anonymous survey's answers could point at someone. */
export const MIN_ANONYMOUS = 3;
/** Written answers shown per question in the posted results; the rest are in `survey export`. */
const TEXTS_SHOWN = 10;
const TEXT_CHARS = 280;
const BAR = 10;

export type QuestionTally =
  | { kind: 'single' | 'multiple'; question: Question; answered: number; counts: number[] }
  | { kind: 'scale'; question: Question; answered: number; counts: number[]; mean: number | undefined }
  | { kind: 'text'; question: Question; answered: number; texts: string[]; hidden: boolean };

export interface Tally {
  sentTo: number;
  answered: number;
  /** An anonymous survey with too few respondents: nothing but the rate is shown. */
  withheld: boolean;
  questions: QuestionTally[];
}

export function tallySurvey(s: Pick<SurveyRow, 'questions' | 'anonymous'>, answers: readonly { answers: AnswerValues }[], sentTo: number): Tally {
  const withheld = s.anonymous && answers.length < MIN_ANONYMOUS;
  const questions = s.questions.map((q, i): QuestionTally => {
    const values = answers.map((a) => a.answers[String(i + 1)]).filter((v) => v !== undefined);
    if (q.kind === 'text') {
      const texts = values.filter((v): v is string => typeof v === 'string');
      return { kind: 'text', question: q, answered: texts.length, texts, hidden: s.anonymous && texts.length < MIN_ANONYMOUS };
    }
    if (q.kind === 'scale') {
      const points = values.filter((v): v is number => typeof v === 'number' && v >= 1 && v <= 5);
      const counts = SCALE.map((p) => points.filter((v) => v === p).length);
      const mean = points.length ? points.reduce((a, b) => a + b, 0) / points.length : undefined;
      return { kind: 'scale', question: q, answered: points.length, counts, mean };
    }
    const counts = q.choices.map(() => 0);
    for (const v of values) for (const c of Array.isArray(v) ? v : [v]) if (typeof c === 'number' && c >= 0 && c < counts.length) counts[c]!++;
    return { kind: q.kind, question: q, answered: values.length, counts };
  });
  return { sentTo, answered: answers.length, withheld, questions };
}

/** A written answer on one line: its line breaks as ` / `. */
const flat = (s: string) => s.trim().replace(/\s*\n\s*/g, ' / ');

const percent = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 100) : 0);

export function bar(n: number, of: number): string {
  const filled = of > 0 ? Math.round((n / of) * BAR) : 0;
  return `${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}`;
}

export function responseRate(answered: number, sentTo: number): string {
  return `${answered} of ${sentTo} answered (${percent(answered, sentTo)}%)`;
}

function questionElements(t: QuestionTally, n: number, surveyId: number): CardElement[] {
  const title: Span[] = [bold(`${n}. `), { text: t.question.text, bold: true, literal: true }];
  const answered = ` — ${t.answered} answered`;
  switch (t.kind) {
    case 'single':
    case 'multiple': {
      const of = t.answered;
      const lines = t.counts.flatMap((c, i) => [`\n${bar(c, of)} ${c} (${percent(c, of)}%) `, literal((t.question as { choices: string[] }).choices[i]!)]);
      return [text([...title, answered, t.kind === 'multiple' ? ' (several choices each)' : '', ...lines])];
    }
    case 'scale': {
      const q = t.question as { low: string; high: string };
      const mean = t.mean === undefined ? 'no answers' : `mean ${t.mean.toFixed(1)} of 5`;
      const lines = t.counts.map((c, i) => `\n${i + 1} ${bar(c, t.answered)} ${c}`);
      return [text([...title, answered, ` · ${mean}`, ...lines]), context(['1 = ', literal(q.low), ' · 5 = ', literal(q.high)])];
    }
    case 'text': {
      if (t.hidden) return [text([...title, answered]), context(`Not shown: fewer than ${MIN_ANONYMOUS} people wrote an answer, and with so few it could be told who wrote what.`)];
      if (t.answered === 0) return [text([...title, answered])];
      const shown = t.texts.slice(0, TEXTS_SHOWN).map(flat).flatMap((s) => ['\n• “', literal(s.length > TEXT_CHARS ? `${s.slice(0, TEXT_CHARS - 1)}…` : s), '”']);
      const more = t.answered > TEXTS_SHOWN ? [context(['…and ', String(t.answered - TEXTS_SHOWN), ' more: ', code(`survey export ${surveyId}`), ' has every answer.'])] : [];
      return [text([...title, answered, ...shown]), ...more];
    }
  }
}

export function resultsCard(s: SurveyRow, tally: Tally, partnership: string): Card {
  const elements: CardElement[] = [text([bold('Response rate: '), responseRate(tally.answered, tally.sentTo), s.status === 'closed' ? '. Closed.' : '.'])];
  if (tally.withheld) {
    elements.push(text(`Fewer than ${MIN_ANONYMOUS} people answered, so no answers are shown: this survey is anonymous, and with so few it could be told who said what.`));
  } else {
    tally.questions.forEach((t, i) => {
      elements.push({ type: 'divider' });
      elements.push(...questionElements(t, i + 1, s.id));
    });
  }
  elements.push(
    context(
      s.anonymous
        ? `Anonymous survey #${s.id} of ${partnership}: no answer here is stored with a member’s name or id, and who answered was deleted at the close.`
        : `Named survey #${s.id} of ${partnership}: \`survey export ${s.id}\` gives each member’s answers.`,
    ),
  );
  return { header: `Results: ${s.title}`, elements, fallback: `Results of ${s.title}: ${responseRate(tally.answered, tally.sentTo)}` };
}
