// `summit schedule <title> <when> [at <place>] [for 90m]` and `meeting schedule [board] …`: one line, or
// a form when nothing follows. The parsed date is shown back in words with Confirm / Cancel.
import type { MemberActor } from '../auth/actor.js';
import { message, type Form } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { Caller, FormContext, FormResult } from '../commands/context.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { parseDuration } from '../core/when.js';
import { isKind, KIND_LABEL, KINDS, type EventKind } from './kinds.js';
import { DEFAULT_DURATION_MS, MAX_PLACE, MAX_TITLE, parseMoment, parseScheduleLine } from './parse.js';
import { proposeEvent } from './use-cases/propose.js';

export const SCHEDULE_FORM = 'summit.schedule';
const ARGS = [{ name: 'text', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];
const EXAMPLES = '`Spring summit March 12 9am at Target HQ`, `Cyber briefing next Thursday 14:00 for 90m`, `Fall summit 2027-10-05 09:00 America/New_York`';

function scheduleForm(kind: EventKind): Form {
  return {
    id: SCHEDULE_FORM,
    title: 'Schedule a meeting',
    submitLabel: 'Check the date',
    intro: 'The date is read in the partnership’s time zone unless you name one; you confirm it before anything is announced.',
    inputs: [
      { id: 'kind', label: 'Kind', kind: 'select', required: true, options: KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] })), initial: kind },
      { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: MAX_TITLE, placeholder: 'Spring summit' },
      { id: 'when', label: 'When', kind: 'text', required: true, maxLength: 120, placeholder: 'March 12 9am', hint: 'e.g. "next Thursday 14:00" or "2027-03-12 09:00 America/New_York"' },
      { id: 'place', label: 'Where', kind: 'text', maxLength: MAX_PLACE, placeholder: 'Target HQ, 1000 Nicollet Mall' },
      { id: 'length', label: 'How long', kind: 'text', maxLength: 20, placeholder: '2h', hint: 'e.g. 90m or 1h30; two hours if left empty' },
    ],
  };
}

async function fromLine(caller: Caller<MemberActor>, kind: EventKind, line: string): Promise<void> {
  const { services } = caller;
  const parsed = parseScheduleLine(line, { zone: services.config.timezone, now: services.clock() });
  if (!parsed.ok) {
    await caller.respond.replyPrivately(message(`${parsed.problem} For example: ${EXAMPLES}.`, 'refusal'));
    return;
  }
  await proposeEvent(caller, { kind, title: parsed.title, place: parsed.place, startsAt: parsed.startsAt, zone: parsed.zone, durationMs: parsed.durationMs });
}

const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';

async function submit(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const { services } = ctx;
  const kind = text(ctx.values.kind);
  const title = text(ctx.values.title);
  const place = text(ctx.values.place);
  const length = text(ctx.values.length);
  const errors: Record<string, string> = {};
  if (!isKind(kind)) errors.kind = 'Choose a kind.';
  if (!title) errors.title = 'Give it a title.';
  else if (title.length > MAX_TITLE) errors.title = `At most ${MAX_TITLE} characters.`;
  if (place.length > MAX_PLACE) errors.place = `At most ${MAX_PLACE} characters.`;
  const when = parseMoment(text(ctx.values.when), { zone: services.config.timezone, now: services.clock() });
  if (!when.ok) errors.when = when.problem.slice(0, 150);
  const duration = length ? parseDuration(`for ${/^\d+$/.test(length) ? `${length}m` : length}`) : { rest: '' };
  if (length && (duration.problem || duration.ms === undefined || duration.rest)) errors.length = duration.problem ?? 'Write it like 90m, 2h or 1h30.';
  if (Object.keys(errors).length > 0 || !when.ok || !isKind(kind)) return errors;
  await proposeEvent(ctx, { kind, title, place: place || null, startsAt: when.at, zone: when.zone, durationMs: duration.ms ?? DEFAULT_DURATION_MS });
  return undefined;
}

function handlerFor(kind: EventKind) {
  return async (ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> => {
    let line = ctx.args.text ?? '';
    let chosen = kind;
    // `meeting schedule board …`: a board meeting, for the executive board only.
    if (kind === 'meeting' && /^board\b/i.test(line)) {
      chosen = 'board-meeting';
      line = line.replace(/^board\s*/i, '');
    }
    if (!line.trim()) return ctx.respond.openForm(scheduleForm(chosen));
    await fromLine(ctx, chosen, line);
  };
}

export function registerSchedule(registry: Registry): void {
  const details =
    'Read in PPP_TIMEZONE unless a zone is named (`America/New_York`, `Eastern`); two hours long unless `for 90m`. The answer shows the date in words with Confirm / Cancel; a past, dateless or doubled date is refused with what was understood. On Confirm it is announced to every vetted conversation with RSVP buttons (a board meeting: the board by direct message only), and reminders follow 30 days, 7 days, 1 day and 1 hour before. With nothing after it, a form opens.';
  registry.command({
    name: 'summit schedule',
    permission: 'coordinator',
    usage: '<title> <when> [at <place>] [for <length>]',
    summary: 'Schedule a summit in one line; you confirm the date before it is announced.',
    details,
    args: ARGS,
    handler: handlerFor('summit'),
  });
  registry.command({
    name: 'meeting schedule',
    permission: 'coordinator',
    usage: '[board] <title> <when> [at <place>] [for <length>]',
    summary: 'Schedule a meeting, or with `board` a board meeting for the executive board only.',
    details,
    args: ARGS,
    handler: handlerFor('meeting'),
  });
  registry.form({ formId: SCHEDULE_FORM, permission: 'coordinator', handler: submit });
}
