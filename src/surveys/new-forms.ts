// `survey new` as forms: first the survey itself (title, intro, audience, anonymity, how long it stays
// open, where results go, whether it repeats), then one form per question until the last — on Slack a
// modal that moves on, on Teams a card each, on the console one prompt at a time.
import type { MemberActor } from '../auth/actor.js';
import { message, type Form, type Input } from '../cards/card.js';
import type { FormContext, FormResult } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { describeChannel, vettedConversations } from '../channels/store.js';
import type { Db } from '../../db/client.js';
import { CATEGORIES, ORGANIZATION_KINDS } from '../members/model.js';
import { ANONYMOUS_NOTE, NAMED_NOTE } from './ballot.js';
import { DEFAULT_REMINDERS, MAX_QUESTIONS, parseSpan, readQuestion, REPEATS, type Audience, type Definition, type Repeat } from './definition.js';
import { byOf } from './lookup.js';
import { appendQuestion, createDraft, getSurvey } from './store.js';
import { showPreview } from './use-cases/preview-survey.js';

export const DETAILS_FORM = 'survey.new';
export const QUESTION_FORM = 'survey.new-question';

const option = (value: string, label: string) => ({ value, label });

function audienceOptions() {
  return [
    option('all', 'Every active member'),
    option('board', 'The executive board'),
    ...Object.entries(ORGANIZATION_KINDS).map(([k, label]) => option(`kind:${k}`, `Members from: ${label}`)),
    ...Object.entries(CATEGORIES).map(([k, label]) => option(`category:${k}`, `Members who are: ${label}`)),
  ];
}

function audienceOf(value: string | undefined): Audience | undefined {
  if (value === 'all' || value === 'board') return { kind: value };
  if (value?.startsWith('kind:') && value.slice(5) in ORGANIZATION_KINDS) return { kind: 'organization-kinds', values: [value.slice(5)] };
  if (value?.startsWith('category:') && value.slice(9) in CATEGORIES) return { kind: 'categories', values: [value.slice(9)] };
  return undefined;
}

export function detailsForm(db: Db): Form {
  // A Slack option's value holds at most 150 characters: a longer address is left out of the choice.
  const conversations = vettedConversations(db).filter((c) => c.address.length <= 150);
  const inputs: Input[] = [
    { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: 120 },
    { id: 'intro', label: 'A line or two for members: why you ask', kind: 'multiline', required: false, maxLength: 1000 },
    { id: 'audience', label: 'Who is asked', kind: 'select', required: true, options: audienceOptions(), initial: 'all' },
    { id: 'anonymous', label: 'Anonymous or named', kind: 'select', required: true, options: [option('anonymous', 'Anonymous'), option('named', 'Named')], initial: 'anonymous', hint: `${ANONYMOUS_NOTE} / ${NAMED_NOTE}` },
    { id: 'open', label: 'Open for', kind: 'select', required: true, options: [option('2d', '2 days'), option('3d', '3 days'), option('7d', 'A week'), option('14d', 'Two weeks')], initial: '7d' },
    { id: 'repeat', label: 'Repeat', kind: 'select', required: true, options: [option('none', 'Once'), option('monthly', 'Every month'), option('quarterly', 'Every quarter')], initial: 'none' },
  ];
  if (conversations.length > 0) {
    inputs.push({ id: 'results', label: 'Results also to (besides coordinators)', kind: 'select', required: false, options: conversations.map((c) => option(c.address, describeChannel(c))) });
  }
  return { id: DETAILS_FORM, title: 'New survey', submitLabel: 'Next: questions', intro: 'First the survey, then its questions one at a time (up to 10).', inputs };
}

export function questionForm(surveyId: number, n: number): Form {
  const inputs: Input[] = [
    { id: 'ask', label: `Question ${n}`, kind: 'text', required: true, maxLength: 300 },
    {
      id: 'kind',
      label: 'Answered with',
      kind: 'select',
      required: true,
      initial: 'single',
      options: [option('single', 'One choice'), option('multiple', 'Several choices'), option('scale', 'A scale from 1 to 5'), option('text', 'Short text (up to 500 characters)')],
    },
    { id: 'choices', label: 'Choices, one per line (2 to 10)', kind: 'multiline', required: false, hint: 'For one choice or several choices; on one line, separate them with ;' },
    { id: 'low', label: 'What 1 means', kind: 'text', required: false, maxLength: 75, hint: 'For a scale, e.g. “Not at all”.' },
    { id: 'high', label: 'What 5 means', kind: 'text', required: false, maxLength: 75, hint: 'For a scale, e.g. “Completely”.' },
    { id: 'required', label: 'Must be answered', kind: 'select', required: true, options: [option('yes', 'Yes'), option('no', 'No, optional')], initial: 'yes' },
  ];
  if (n < MAX_QUESTIONS) {
    inputs.push({ id: 'next', label: 'Then', kind: 'select', required: true, options: [option('more', 'Add another question'), option('done', 'That was the last: show me the preview')], initial: 'more' });
  }
  return { id: QUESTION_FORM, title: `Question ${n} of up to ${MAX_QUESTIONS}`, submitLabel: 'Save question', inputs, state: `${surveyId}:${n}` };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

async function onDetails(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const { services, values } = ctx;
  const title = one(values.title).replace(/\s+/g, ' ');
  const audience = audienceOf(one(values.audience));
  const closesAfterMs = parseSpan(one(values.open) || '7d');
  const repeat = one(values.repeat) || 'none';
  if (!title) return { title: 'Give the survey a title.' };
  if (title.length > 120) return { title: 'At most 120 characters.' };
  if (!audience) return { audience: 'Pick who is asked.' };
  if (!closesAfterMs) return { open: 'Pick how long it stays open.' };
  if (!(REPEATS as readonly string[]).includes(repeat)) return { repeat: 'Pick how often it repeats.' };
  const intro = one(values.intro);
  if (intro.length > 1000) return { intro: 'At most 1,000 characters.' };
  const definition: Definition = { title, intro, questions: [], audience, anonymous: one(values.anonymous) !== 'named', closesAfterMs, reminders: DEFAULT_REMINDERS, repeat: repeat as Repeat };
  const results = one(values.results);
  if (results) definition.resultsTo = results;
  const draft = createDraft(services.db, definition, byOf(ctx.actor), services.clock());
  await ctx.respond.openForm(questionForm(draft.id, 1));
  return undefined;
}

/** Choices one per line; typed on one line (the console), separated by `;`. */
function lines(v: string | string[] | undefined): string[] {
  const text = Array.isArray(v) ? v.join('\n') : (v ?? '');
  return text.split(text.includes('\n') ? '\n' : ';').map((l) => l.trim()).filter(Boolean);
}

/** The field of the form each part of a question comes from. */
const FIELD: Record<string, string> = { ask: 'ask', kind: 'kind', choices: 'choices', low: 'low', high: 'high', required: 'required' };

async function onQuestion(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const { services, values } = ctx;
  const [id, n] = (ctx.state ?? '').split(':').map(Number);
  const draft = id ? getSurvey(services.db, id) : undefined;
  if (!draft || !n || draft.status !== 'draft') {
    await ctx.respond.replyPrivately(message('That survey is no longer a draft being written. Start again with `survey new`.'));
    return undefined;
  }
  const kind = one(values.kind);
  const raw: Record<string, unknown> = { ask: one(values.ask), kind, required: one(values.required) !== 'no' };
  if (kind === 'single' || kind === 'multiple') raw.choices = lines(values.choices);
  if (kind === 'scale') Object.assign(raw, { low: one(values.low), high: one(values.high) });
  // A form sent twice (a double click) adds its question once.
  let current = draft;
  if (draft.questions.length < n) {
    const read = readQuestion(raw);
    if (!read.ok) return Object.fromEntries(Object.entries(read.problems).map(([field, problem]) => [FIELD[field] ?? 'ask', problem]));
    current = appendQuestion(services.db, draft.id, read.question) ?? draft;
  }
  if (one(values.next) === 'more' && n < MAX_QUESTIONS) {
    await ctx.respond.openForm(questionForm(draft.id, n + 1));
    return undefined;
  }
  await showPreview(ctx, current);
  return undefined;
}

export function registerSurveyForms(registry: Registry): void {
  registry.form({ formId: DETAILS_FORM, permission: 'coordinator', handler: onDetails });
  registry.form({ formId: QUESTION_FORM, permission: 'coordinator', handler: onQuestion });
}
