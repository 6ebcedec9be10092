// `summit list`: upcoming summits and meetings, and those of the last 90 days, with their answers — a
// paged list, so a busy year never outgrows one message.
import { DateTime } from 'luxon';
import { literal, PAGE_SIZE, pageOf, type Card, type ListItem } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { DAY_MS, YEAR_MS } from './cadence.js';
import { countsLine } from './cards.js';
import { KIND_LABEL } from './kinds.js';
import { eventsBetween, rsvpCounts, type EventRow } from './store.js';

const ARGS = [] as const satisfies readonly ArgSpec[];

export const shortWhen = (e: Pick<EventRow, 'startsAt' | 'zone'>) => DateTime.fromJSDate(e.startsAt, { zone: e.zone }).toFormat('ccc d LLL yyyy, HH:mm ZZZZ');

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services } = ctx;
  const now = services.clock();
  const events = eventsBetween(services.db, new Date(now.getTime() - 90 * DAY_MS), new Date(now.getTime() + 2 * YEAR_MS));
  const items = events.map((e): ListItem => {
    const state = e.status === 'cancelled' ? 'cancelled' : e.startsAt.getTime() <= now.getTime() ? (e.attendanceRecordedAt ? 'held, attendance recorded' : 'held') : 'upcoming';
    return {
      title: [`#${e.id} ${KIND_LABEL[e.kind]}: `, literal(e.title)],
      detail: [`${shortWhen(e)}`, ...(e.place ? [' · at ', literal(e.place)] : []), ` · ${state} · ${countsLine(rsvpCounts(services.db, e.id))}`],
    };
  });
  const page = pageOf(items, ctx.page);
  const card: Card = {
    header: `Summits and meetings — ${services.config.name}`,
    elements: [{ type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: 'summit list', empty: `Nothing scheduled, and nothing in the last 90 days. Schedule one with \`${ctx.turn.prefix}summit schedule\`.` } }],
  };
  await ctx.respond.replyPrivately(card);
}

export function registerList(registry: Registry): void {
  registry.command({
    name: 'summit list',
    permission: 'coordinator',
    usage: '',
    summary: 'Upcoming summits and meetings, and those of the last 90 days, with their ids and answers.',
    args: ARGS,
    handler,
  });
}
