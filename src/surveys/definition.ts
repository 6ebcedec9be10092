// A survey's definition: its questions, audience, anonymity, close and reminders — the shape the
// database keeps, and the YAML / JSON file `survey import` reads and `survey export-definition` writes,
// checked with zod so that every error names the question and the field.
import { stringify } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, ORGANIZATION_KINDS } from '../members/model.js';

export const MAX_QUESTIONS = 10;
export const MAX_CHOICES = 10;
export const MAX_TEXT_ANSWER = 500;
export const SCALE = [1, 2, 3, 4, 5] as const;
export const REPEATS = ['none', 'monthly', 'quarterly'] as const;
export type Repeat = (typeof REPEATS)[number];

export type Question =
  | { kind: 'single' | 'multiple'; text: string; required: boolean; choices: string[] }
  | { kind: 'scale'; text: string; required: boolean; low: string; high: string }
  | { kind: 'text'; text: string; required: boolean };

export type QuestionKind = Question['kind'];

export const KIND_LABEL: Record<QuestionKind, string> = {
  single: 'one choice',
  multiple: 'several choices',
  scale: 'a scale from 1 to 5',
  text: `short text (up to ${MAX_TEXT_ANSWER} characters)`,
};

export type Audience =
  | { kind: 'all' }
  | { kind: 'board' }
  | { kind: 'organization-kinds'; values: string[] }
  | { kind: 'categories'; values: string[] }
  | { kind: 'event'; eventId: number };

export interface Definition {
  title: string;
  intro: string;
  questions: Question[];
  audience: Audience;
  anonymous: boolean;
  closesAfterMs: number;
  /** `halfway`, or a time before the close such as `24h`. */
  reminders: string[];
  /** A vetted conversation, by address or name, that also gets the results. */
  resultsTo?: string;
  repeat: Repeat;
}

const HOUR = 3_600_000;
const UNIT: Record<string, number> = { m: 60_000, h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR };

/** `90m`, `48h`, `7d`, `2w` in milliseconds; undefined when it is not one. */
export function parseSpan(text: string): number | undefined {
  const match = /^\s*(\d{1,4})\s*(m|h|d|w)\s*$/i.exec(text);
  return match ? Number(match[1]) * UNIT[match[2]!.toLowerCase()]! : undefined;
}

/** The shortest way to write a span: `7d`, `36h`, `90m`. */
export function formatSpan(ms: number): string {
  for (const unit of ['w', 'd', 'h'] as const) if (ms % UNIT[unit]! === 0) return `${ms / UNIT[unit]!}${unit}`;
  return `${Math.round(ms / 60_000)}m`;
}

/** A span in words: `7 days`, `36 hours`, `90 minutes`. */
export function describeSpan(ms: number): string {
  const say = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms % UNIT.d! === 0) return say(ms / UNIT.d!, 'day');
  if (ms % HOUR === 0) return say(ms / HOUR, 'hour');
  return say(Math.round(ms / 60_000), 'minute');
}

export const DEFAULT_REMINDERS = ['halfway', '24h'];
export const MIN_OPEN_MS = HOUR;
export const MAX_OPEN_MS = 90 * 24 * HOUR;

// Text people typed: one line, not empty.
const line = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`);

const span = (min: number, max: number, what: string) =>
  z.string().refine((s) => {
    const ms = parseSpan(s);
    return ms !== undefined && ms >= min && ms <= max;
  }, `${what}, written like 7d, 48h or 90m (between ${formatSpan(min)} and ${formatSpan(max)})`);

const reminder = z.union([z.literal('halfway'), span(HOUR, 30 * 24 * HOUR, 'a time before the close')]);

const base = { ask: line(300), required: z.boolean().default(true) };
const choices = z.array(line(75)).min(2, 'at least 2 choices').max(MAX_CHOICES, `at most ${MAX_CHOICES} choices`);

const questionFile = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ ...base, kind: z.literal('single'), choices }),
    z.strictObject({ ...base, kind: z.literal('multiple'), choices }),
    z.strictObject({ ...base, kind: z.literal('scale'), low: line(75), high: line(75) }),
    z.strictObject({ ...base, kind: z.literal('text') }),
  ],
  { error: 'kind must be one of single, multiple, scale, text' },
);

const audienceFile = z.union(
  [
    z.literal('all'),
    z.literal('board'),
    z.strictObject({ organization_kinds: z.array(z.enum(Object.keys(ORGANIZATION_KINDS) as [string, ...string[]])).min(1) }),
    z.strictObject({ categories: z.array(z.enum(Object.keys(CATEGORIES) as [string, ...string[]])).min(1) }),
    z.strictObject({ event: z.number().int().positive() }),
  ],
  {
    error: `audience must be all, board, {organization_kinds: [${Object.keys(ORGANIZATION_KINDS).join(', ')}]}, {categories: [${Object.keys(CATEGORIES).join(', ')}]} or {event: <id>}`,
  },
);

/** The file `survey import` reads (YAML or JSON), snake_case as people write YAML. */
export const definitionFile = z.strictObject({
  title: line(120),
  intro: z.string().trim().max(1000, 'at most 1000 characters').default(''),
  anonymous: z.boolean().default(true),
  audience: audienceFile.default('all'),
  closes_after: span(MIN_OPEN_MS, MAX_OPEN_MS, 'how long it stays open').default('7d'),
  reminders: z.array(reminder).max(3, 'at most 3 reminders').default(DEFAULT_REMINDERS),
  results_to: line(200).optional(),
  repeat: z.enum(REPEATS, { error: 'repeat must be none, monthly or quarterly' }).default('none'),
  questions: z.array(questionFile).min(1, 'at least 1 question').max(MAX_QUESTIONS, `at most ${MAX_QUESTIONS} questions`),
});

export type DefinitionFile = z.input<typeof definitionFile>;

function audienceOf(a: z.infer<typeof audienceFile>): Audience {
  if (a === 'all' || a === 'board') return { kind: a };
  if ('organization_kinds' in a) return { kind: 'organization-kinds', values: [...new Set(a.organization_kinds)] };
  if ('categories' in a) return { kind: 'categories', values: [...new Set(a.categories)] };
  return { kind: 'event', eventId: a.event };
}

function audienceToFile(a: Audience): z.input<typeof audienceFile> {
  switch (a.kind) {
    case 'all':
    case 'board':
      return a.kind;
    case 'organization-kinds':
      return { organization_kinds: a.values };
    case 'categories':
      return { categories: a.values };
    case 'event':
      return { event: a.eventId };
  }
}

/** Where a problem is, in words: `question 3 (“How timely…”), field choices (item 1)`. */
function where(path: readonly PropertyKey[], raw: unknown): string {
  if (path.length === 0) return 'the file';
  const [first, ...rest] = path;
  if (first === 'questions' && typeof rest[0] === 'number') {
    const n = rest[0];
    const ask = (raw as { questions?: { ask?: unknown }[] } | undefined)?.questions?.[n]?.ask;
    const shown = typeof ask === 'string' && ask.trim() ? ` (“${ask.trim().slice(0, 40)}${ask.trim().length > 40 ? '…' : ''}”)` : '';
    const field = rest.slice(1);
    const item = typeof field[1] === 'number' ? ` (item ${field[1] + 1})` : '';
    return `question ${n + 1}${shown}${field.length ? `, field ${String(field[0])}${item}` : ''}`;
  }
  const item = typeof rest[0] === 'number' ? ` (item ${rest[0] + 1})` : '';
  return `field ${String(first)}${item}`;
}

function questionOf(q: z.infer<typeof questionFile>): Question {
  switch (q.kind) {
    case 'single':
    case 'multiple':
      return { kind: q.kind, text: q.ask, required: q.required, choices: q.choices };
    case 'scale':
      return { kind: 'scale', text: q.ask, required: q.required, low: q.low, high: q.high };
    case 'text':
      return { kind: 'text', text: q.ask, required: q.required };
  }
}

/** One question as a form gives it (`survey new`): its problems keyed by the file's field names. */
export function readQuestion(raw: unknown): { ok: true; question: Question } | { ok: false; problems: Record<string, string> } {
  const parsed = questionFile.safeParse(raw);
  if (parsed.success) return { ok: true, question: questionOf(parsed.data) };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'kind');
    problems[field] ??= issue.message;
  }
  return { ok: false, problems };
}

export type Parsed = { ok: true; definition: Definition } | { ok: false; problems: string[] };

/** Checks a parsed file; each problem names the question and the field. */
export function readDefinition(raw: unknown): Parsed {
  const parsed = definitionFile.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => `${where([...issue.path, key], raw)}: not a field here`) : [`${where(issue.path, raw)}: ${issue.message}`],
    );
    return { ok: false, problems: [...new Set(problems)] };
  }
  const f = parsed.data;
  const definition: Definition = {
    title: f.title,
    intro: f.intro,
    anonymous: f.anonymous,
    audience: audienceOf(f.audience),
    closesAfterMs: parseSpan(f.closes_after)!,
    reminders: [...new Set(f.reminders)],
    repeat: f.repeat,
    questions: f.questions.map(questionOf),
  };
  if (f.results_to) definition.resultsTo = f.results_to;
  return { ok: true, definition };
}

/** The definition as the file people edit: import(export(d)) gives d again. */
export function definitionToFile(d: Definition): DefinitionFile {
  const file: DefinitionFile = {
    title: d.title,
    intro: d.intro,
    anonymous: d.anonymous,
    audience: audienceToFile(d.audience),
    closes_after: formatSpan(d.closesAfterMs),
    reminders: d.reminders,
    repeat: d.repeat,
    questions: d.questions.map((q) => {
      const head = { ask: q.text, kind: q.kind, required: q.required };
      if (q.kind === 'scale') return { ...head, kind: 'scale' as const, low: q.low, high: q.high };
      if (q.kind === 'text') return { ...head, kind: 'text' as const };
      return { ...head, kind: q.kind, choices: q.choices };
    }),
  };
  if (d.resultsTo) file.results_to = d.resultsTo;
  return file;
}

export function definitionToYaml(d: Definition, comment: string): string {
  const body = stringify(definitionToFile(d), { lineWidth: 0 });
  return `${comment
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n')}\n${body}`;
}
