// Recording who came, from a form with the roster — those who said they were going preselected, and
// each alternate that was sent listed beside the member they stood in for. Audited; replaces any
// earlier record of the same event.
import type { MemberActor } from '../../auth/actor.js';
import { literal, message, type Form, type Input } from '../../cards/card.js';
import type { Caller, FormContext, FormResult } from '../../commands/context.js';
import type { Services } from '../../services.js';
import { eventMembers } from '../audience.js';
import { percent } from '../cadence.js';
import { KIND_LABEL } from '../kinds.js';
import { attendanceOf, getEvent, recordAttendance, rsvpsOf, type AttendanceEntry, type EventRow } from '../store.js';
import { actedBy } from './acted-by.js';

export const ATTENDANCE_FORM = 'summit.attendance';
/** Slack's multi-select takes at most 100 options: a larger roster is split over several. */
const PER_INPUT = 100;

interface Option {
  value: string;
  label: string;
  entry: AttendanceEntry;
}

function optionsFor(services: Services, event: EventRow): Option[] {
  const rsvps = new Map(rsvpsOf(services.db, event.id).map((r) => [r.memberId, r]));
  const options: Option[] = [];
  for (const m of eventMembers(services, event.kind)) {
    options.push({ value: `m:${m.id}`, label: `${m.name}${m.organization ? ` — ${m.organization}` : ''}`, entry: { memberId: m.id, via: 'self', alternateMemberId: null, alternateName: null } });
    const r = rsvps.get(m.id);
    if (r?.answer === 'alternate' && r.alternateName) {
      options.push({ value: `a:${m.id}`, label: `${r.alternateName} (alternate for ${m.name})`, entry: { memberId: m.id, via: 'alternate', alternateMemberId: r.alternateMemberId, alternateName: r.alternateName } });
    }
  }
  return options;
}

/** Why attendance cannot be recorded for this event yet, if it cannot. */
function refusal(event: EventRow | undefined, id: number, now: Date): string | undefined {
  if (!event || event.status === 'draft' || event.status === 'discarded') return `There is no scheduled event #${id}. \`summit list\` shows them.`;
  if (event.status === 'cancelled') return `#${id} was cancelled; nobody attended it.`;
  if (event.startsAt.getTime() > now.getTime()) return `#${id} has not started yet; record attendance once it has.`;
  return undefined;
}

export async function openAttendanceForm(caller: Caller<MemberActor>, id: number): Promise<void> {
  const { services, respond } = caller;
  const event = getEvent(services.db, id);
  const why = refusal(event, id, services.clock());
  // A number that names no event is answered, not refused: nothing forbids asking.
  if (why || !event) return respond.replyPrivately(message(why ?? 'Not found.', event ? 'refusal' : undefined));
  const options = optionsFor(services, event);
  const recorded = attendanceOf(services.db, event.id);
  const chosen = new Set(
    recorded.length
      ? recorded.map((r) => `${r.via === 'self' ? 'm' : 'a'}:${r.memberId}`)
      : rsvpsOf(services.db, event.id).filter((r) => r.answer !== 'not-going').map((r) => `${r.answer === 'going' ? 'm' : 'a'}:${r.memberId}`),
  );
  const chunks = Math.max(1, Math.ceil(options.length / PER_INPUT));
  const inputs: Input[] = [];
  for (let i = 0; i < chunks; i++) {
    const part = options.slice(i * PER_INPUT, (i + 1) * PER_INPUT);
    inputs.push({
      id: `present-${i}`,
      label: chunks === 1 ? 'Who came' : `Who came (${i + 1} of ${chunks})`,
      kind: 'multiselect',
      options: part.map((o) => ({ value: o.value, label: o.label })),
      initial: part.filter((o) => chosen.has(o.value)).map((o) => o.value),
    });
  }
  const form: Form = {
    id: ATTENDANCE_FORM,
    title: 'Attendance',
    submitLabel: 'Save',
    intro: [
      `${KIND_LABEL[event.kind]} #${event.id}: `,
      literal(event.title),
      `. ${recorded.length ? 'The attendance recorded before is selected.' : 'Those who said they were going, and the alternates sent, are selected.'} An alternate counts for the member they stood in for.`,
    ],
    inputs,
    state: String(event.id),
  };
  await respond.openForm(form);
}

export async function saveAttendance(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const { services, respond } = ctx;
  const id = Number(ctx.state);
  const event = Number.isInteger(id) ? getEvent(services.db, id) : undefined;
  const why = refusal(event, id, services.clock());
  if (why || !event) {
    await respond.replyPrivately(message(why ?? 'Not found.', event ? 'refusal' : undefined));
    return undefined;
  }
  const byValue = new Map(optionsFor(services, event).map((o) => [o.value, o]));
  const picked = Object.entries(ctx.values)
    .filter(([key]) => key.startsWith('present-'))
    .flatMap(([, v]) => (Array.isArray(v) ? v : v ? [v] : []));
  const entries = new Map<number, AttendanceEntry>();
  for (const value of picked) {
    const option = byValue.get(value);
    if (!option) continue;
    // Someone marked both in person and represented came in person.
    if (option.entry.via === 'self' || !entries.has(option.entry.memberId)) entries.set(option.entry.memberId, option.entry);
  }
  const all = [...entries.values()];
  recordAttendance(services.db, event.id, all, actedBy(ctx.actor), services.clock());
  const self = all.filter((e) => e.via === 'self').length;
  const alternates = all.length - self;
  const rate = event.audience ? ` — ${percent(all.length / event.audience)} of the ${event.audience} invited` : '';
  await respond.replyPrivately(message(`Attendance of #${event.id} recorded: ${self} in person, ${alternates} represented by an alternate${rate}. \`cadence\` shows it.`));
  return undefined;
}
