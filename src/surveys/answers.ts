// Answers as members give them: the inputs a card or form shows per question, and the checking of what
// comes back (a choice that exists, a scale point, at most 500 characters, required ones present),
// whichever platform sent it — an array from Slack or the console, comma-joined text from Teams.
import type { Choice, FieldErrors, Input } from '../cards/card.js';
import { MAX_TEXT_ANSWER, SCALE, type Question } from './definition.js';
import type { AnswerValues } from './store.js';

export const inputId = (n: number) => `q${n}`;

export function optionsOf(q: Question): Choice[] {
  if (q.kind === 'scale') return SCALE.map((p) => ({ label: p === 1 ? `1 — ${q.low}` : p === 5 ? `5 — ${q.high}` : String(p), value: String(p) }));
  if (q.kind === 'text') return [];
  return q.choices.map((label, i) => ({ label, value: String(i) }));
}

/** The answer as an input's initial value, to change it. */
function initialOf(q: Question, value: AnswerValues[string] | undefined): string | string[] | undefined {
  if (value === undefined) return undefined;
  if (q.kind === 'multiple') return Array.isArray(value) ? value.map(String) : undefined;
  return String(value);
}

export function inputsOf(questions: readonly Question[], current?: AnswerValues): Input[] {
  return questions.map((q, i) => {
    const n = i + 1;
    const input: Input = {
      id: inputId(n),
      label: `${n}. ${q.text}`,
      kind: q.kind === 'text' ? 'multiline' : q.kind === 'multiple' ? 'multiselect' : 'select',
      required: q.required,
    };
    if (q.kind === 'text') input.maxLength = MAX_TEXT_ANSWER;
    else input.options = optionsOf(q);
    if (q.kind === 'multiple') input.hint = 'Pick any that apply.';
    if (q.kind === 'scale') input.placeholder = `1 (${q.low}) to 5 (${q.high})`;
    const initial = initialOf(q, current?.[String(n)]);
    if (initial !== undefined) input.initial = initial;
    return input;
  });
}

export type Checked = { ok: true; values: AnswerValues } | { ok: false; errors: FieldErrors };

const list = (raw: string | string[]): string[] => (Array.isArray(raw) ? raw : raw.split(',')).map((v) => v.trim()).filter(Boolean);

/** Reads submitted values against the questions; every problem is keyed by its input, in words. */
export function checkAnswers(questions: readonly Question[], raw: Record<string, string | string[] | undefined>): Checked {
  const values: AnswerValues = {};
  const errors: FieldErrors = {};
  questions.forEach((q, i) => {
    const n = i + 1;
    const id = inputId(n);
    const given = raw[id];
    const empty = given === undefined || (Array.isArray(given) ? given.length === 0 : given.trim() === '');
    if (empty) {
      if (q.required) errors[id] = `Question ${n} needs an answer.`;
      return;
    }
    if (q.kind === 'text') {
      const text = (Array.isArray(given) ? given.join(', ') : given).trim();
      if (text.length > MAX_TEXT_ANSWER) errors[id] = `Question ${n}: at most ${MAX_TEXT_ANSWER} characters (this is ${text.length}).`;
      else values[String(n)] = text;
      return;
    }
    const options = optionsOf(q).map((o) => o.value);
    const picked = list(given);
    if (picked.some((p) => !options.includes(p))) {
      errors[id] = `Question ${n}: pick from the choices shown.`;
      return;
    }
    if (q.kind === 'multiple') values[String(n)] = [...new Set(picked.map(Number))].sort((a, b) => a - b);
    else if (picked.length !== 1) errors[id] = `Question ${n}: pick one.`;
    else values[String(n)] = Number(picked[0]);
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** Whether any question was answered at all (a console press of Submit brings none: it opens the form). */
export function anyGiven(raw: Record<string, string | string[] | undefined> | undefined): boolean {
  return !!raw && Object.values(raw).some((v) => v !== undefined && (Array.isArray(v) ? v.length > 0 : v.trim() !== ''));
}
