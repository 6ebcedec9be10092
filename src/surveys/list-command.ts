// `survey list`: every survey, newest first and paged — its status, response rate, close and repeat —
// and the templates a new one can start from.
import { bold, code, context, pageOf, PAGE_SIZE, type Card, type ListItem } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { formatDate } from '../core/dates.js';
import { responseRate } from './results.js';
import { answerCount, listSurveys, recipientCount, type SurveyRow } from './store.js';
import { TEMPLATES } from './templates.js';

const ARGS = [] as const satisfies readonly ArgSpec[];

function item(s: SurveyRow, zone: string, db: Parameters<typeof answerCount>[0]): ListItem {
  const kind = s.anonymous ? 'anonymous' : 'named';
  const repeat = s.repeat === 'none' ? '' : ` · repeats ${s.repeat === 'monthly' ? 'monthly' : 'quarterly'}`;
  let state: string;
  switch (s.status) {
    case 'open':
      state = `open until ${s.closesAt ? formatDate(s.closesAt, zone) : '—'} · ${responseRate(answerCount(db, s.id), recipientCount(db, s.id))} so far`;
      break;
    case 'closed':
      state = `closed ${s.closedAt ? formatDate(s.closedAt, zone) : ''} · ${responseRate(s.answered ?? 0, s.sentTo ?? 0)}`;
      break;
    default:
      state = s.status;
  }
  return { title: [bold(`#${s.id}`), ' ', { text: s.title, literal: true }], detail: `${state} · ${kind} · ${s.questions.length} question${s.questions.length === 1 ? '' : 's'}${repeat}` };
}

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond, turn } = ctx;
  const all = listSurveys(services.db);
  const shown = pageOf(all, ctx.page);
  const card: Card = {
    header: 'Surveys',
    elements: [
      { type: 'list', list: { items: shown.items.map((s) => item(s, services.config.timezone, services.db)), page: shown.page, pageSize: PAGE_SIZE, total: shown.total, command: ctx.line, empty: 'No surveys yet.' } },
      context([
        'Templates: ',
        ...TEMPLATES.flatMap((t, i) => [i ? '; ' : '', code(t.key), ` — ${t.name}`]),
        '. ',
        code(`${turn.prefix}survey send pulse`),
        ' sends a fresh copy of one, after a preview.',
      ]),
    ],
  };
  await respond.replyPrivately(card);
}

export function registerSurveyList(registry: Registry): void {
  registry.command({ name: 'survey list', permission: 'coordinator', usage: '', summary: 'Every survey: status, response rate, close; and the templates.', args: ARGS, handler });
}
