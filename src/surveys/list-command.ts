// `survey list`: for coordinators, every survey, newest first and paged — status, response rate, close,
// repeat — and the templates a new one can start from; for members, the surveys sent to them that are
// open, each with whether they have answered and a button to answer it here.
import { admit } from '../auth/permissions.js';
import type { MemberActor } from '../auth/actor.js';
import { bold, code, context, literal, pageOf, PAGE_SIZE, text, type Card, type CardElement, type ListItem } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import type { Db } from '../../db/client.js';
import { formatDate } from '../core/dates.js';
import { describeForReader } from '../core/when.js';
import { encodeRef, SURVEY_OPEN_FORM } from './refs.js';
import { responseRate } from './results.js';
import { answerCount, hasAnswered, listSurveys, recipientCount, surveysSentTo, type SurveyRow } from './store.js';
import { TEMPLATES } from './templates.js';

const ARGS = [] as const satisfies readonly ArgSpec[];

function item(s: SurveyRow, zone: string, db: Db): ListItem {
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
  return { title: [bold(`#${s.id}`), ' ', literal(s.title)], detail: `${state} · ${kind} · ${s.questions.length} question${s.questions.length === 1 ? '' : 's'}${repeat}` };
}

function coordinatorList(ctx: ContextFor<typeof ARGS, 'member'>): Card {
  const { services, turn } = ctx;
  const shown = pageOf(listSurveys(services.db), ctx.page);
  return {
    header: 'Surveys',
    elements: [
      { type: 'list', list: { items: shown.items.map((s) => item(s, services.config.timezone, services.db)), page: shown.page, pageSize: PAGE_SIZE, total: shown.total, command: ctx.line, empty: 'No surveys yet.' } },
      context(['Templates: ', ...TEMPLATES.flatMap((t, i) => [i ? '; ' : '', code(t.key), ` — ${t.name}`]), '. ', code(`${turn.prefix}survey send pulse`), ' sends a fresh copy of one, after a preview.']),
    ],
  };
}

/** A member's own open surveys: answered or not is theirs to know, and Answer brings up the survey here. */
function memberList(ctx: ContextFor<typeof ARGS, 'member'>, actor: MemberActor): Card {
  const { services } = ctx;
  const now = services.clock().getTime();
  const open = surveysSentTo(services.db, actor.member.id).filter((s) => s.status === 'open' && (s.closesAt?.getTime() ?? 0) > now);
  const elements: CardElement[] = open.map((s) => {
    const answered = hasAnswered(services.db, s.id, actor.member.id);
    const closes = s.closesAt ? describeForReader(s.closesAt, services.config.timezone, actor.member.timezone) : '—';
    const said = [bold(`#${s.id} `), literal(s.title), ` — ${answered ? 'answered' : 'not answered yet'}; closes ${closes}.`];
    if (answered && s.anonymous) return text(said);
    return { type: 'section', text: said, accessory: { type: 'button', actionId: SURVEY_OPEN_FORM, label: answered ? 'Change' : 'Answer', value: encodeRef({ survey: s.id }) } };
  });
  if (elements.length === 0) elements.push(text('No survey is open for you right now.'));
  elements.push(context('To change an anonymous answer, press Change on its card in your direct messages with PPP Bot: only that card holds the key to it.'));
  return { header: 'Your open surveys', elements };
}

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const coordinator = admit(ctx.actor, 'coordinator');
  await ctx.respond.replyPrivately(coordinator ? coordinatorList(ctx) : memberList(ctx, ctx.actor));
}

export function registerSurveyList(registry: Registry): void {
  registry.command({
    name: 'survey list',
    permission: 'member',
    usage: '',
    summary: 'Coordinators: every survey, its response rate and close, and the templates. Members: the surveys open for you.',
    details: 'A member sees the surveys sent to them that are still open, whether they have answered, and a button to answer there and then (or to change a named answer).',
    args: ARGS,
    handler,
  });
}
