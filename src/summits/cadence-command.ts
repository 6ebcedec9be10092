// `cadence`: the partnership's meeting rhythm — what is next, the last twelve months with RSVP and
// attendance rates, a warning when meetings pile up within 30 days, and (for coordinators) who missed
// every semi-annual meeting, the Twin Cities rule.
import { bold, context, literal, text, type Card, type CardElement, type ListItem } from '../cards/card.js';
import { allows } from '../auth/permissions.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { DAY_MS, eventStats, percent, pileUps, semiAnnualCheck, YEAR_MS, type EventStat } from './cadence.js';
import { KIND_LABEL } from './kinds.js';
import { shortWhen } from './list-command.js';
import { eventsBetween } from './store.js';

const ARGS = [] as const satisfies readonly ArgSpec[];
/** Past this many events a section stops and points to `summit list`: one message must hold it all. */
const MAX_SHOWN = 15;

function item(stat: EventStat, past: boolean): ListItem {
  const { event, counts } = stat;
  const answers = `RSVP ${percent(stat.rsvpRate)} (going ${counts.going}, alternate ${counts.alternate}, not going ${counts.notGoing})`;
  const attendance = past ? (stat.attended === undefined ? ' · attendance not recorded' : ` · attended ${stat.attended} (${percent(stat.attendanceRate)})`) : '';
  return { title: [`#${event.id} ${KIND_LABEL[event.kind]}: `, literal(event.title)], detail: `${shortWhen(event)} · ${answers}${attendance}` };
}

function section(title: string, stats: EventStat[], past: boolean, empty: string): CardElement[] {
  const shown = stats.slice(0, MAX_SHOWN);
  const elements: CardElement[] = [text([bold(title)])];
  if (shown.length === 0) elements.push(context(empty));
  else elements.push({ type: 'list', list: { items: shown.map((s) => item(s, past)), page: 1, pageSize: MAX_SHOWN, total: shown.length, command: 'cadence' } });
  if (stats.length > shown.length) elements.push(context(`…and ${stats.length - shown.length} more: \`summit list\`.`));
  return elements;
}

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, actor, turn } = ctx;
  const now = services.clock();
  const max = services.config.maxMeetingsPer30d;
  const past = eventStats(services.db, eventsBetween(services.db, new Date(now.getTime() - YEAR_MS), now, ['scheduled'])).reverse();
  const upcoming = eventStats(services.db, eventsBetween(services.db, new Date(now.getTime() + 1), new Date(now.getTime() + YEAR_MS), ['scheduled']));
  const summitsHeld = past.filter((s) => s.event.kind === 'summit').length;
  const summitsAhead = upcoming.filter((s) => s.event.kind === 'summit').length;
  const card: Card = { header: `Cadence — ${services.config.name}`, elements: [] };
  card.elements.push(
    text(`Summits: ${summitsHeld} held in the last 12 months, ${summitsAhead} scheduled ahead. The Twin Cities model holds two or three a year, deliberately rather than ad hoc, and each member attends at least one.`),
  );
  const crowded = pileUps(
    eventsBetween(services.db, new Date(now.getTime() - 30 * DAY_MS), new Date(now.getTime() + YEAR_MS), ['scheduled']),
    max,
  );
  for (const p of crowded) {
    card.elements.push(text(`⚠️ ${p.count} meetings within 30 days (${shortWhen({ startsAt: p.from, zone: services.config.timezone })} to ${shortWhen({ startsAt: p.to, zone: services.config.timezone })}): more than ${max}, the partnership's limit (PPP_MAX_MEETINGS_PER_30D). Fewer, well-prepared meetings avoid meeting exhaustion.`));
  }
  card.elements.push(...section('Next', upcoming, false, 'Nothing scheduled.'));
  card.elements.push(...section('The last 12 months', past, true, 'No meeting held in the last 12 months.'));

  if (allows(actor, 'coordinator')) {
    const check = semiAnnualCheck(services, now);
    card.elements.push({ type: 'divider' }, text([bold('At least one summit a year (coordinators only)')]));
    if (check.counted.length === 0) {
      card.elements.push(context(check.unrecorded.length ? `No summit of the last 12 months has its attendance recorded yet: \`${turn.prefix}summit attendance ${check.unrecorded[0]!.id}\`.` : 'No summit was held in the last 12 months.'));
    } else if (check.missed.length === 0) {
      card.elements.push(text(`Every member attended (or sent an alternate to) at least one of the ${check.counted.length} summit${check.counted.length === 1 ? '' : 's'} with recorded attendance.`));
    } else {
      card.elements.push(text(`Missed every summit held since they joined (${check.missed.length}):`));
      card.elements.push({
        type: 'list',
        list: { items: check.missed.slice(0, 50).map((m) => ({ title: literal(m.name), ...(m.organization ? { detail: literal(m.organization) } : {}) })), page: 1, pageSize: 50, total: Math.min(50, check.missed.length), command: 'cadence' },
      });
      if (check.missed.length > 50) card.elements.push(context(`…and ${check.missed.length - 50} more.`));
    }
    if (check.unrecorded.length && check.counted.length) card.elements.push(context(`Not counted yet, attendance not recorded: ${check.unrecorded.map((e) => `#${e.id}`).join(', ')}.`));
  }
  await ctx.respond.replyPrivately(card);
}

export function registerCadence(registry: Registry): void {
  registry.command({
    name: 'cadence',
    permission: 'member',
    usage: '',
    summary: 'The meeting rhythm: what is next, the last 12 months with RSVP and attendance rates, and a warning when meetings pile up.',
    details: `Warns when more than PPP_MAX_MEETINGS_PER_30D meetings (3 unless set) fall within 30 days. Coordinators also see who missed every summit of the last 12 months (an alternate sent counts as attending).`,
    args: ARGS,
    handler,
  });
}
