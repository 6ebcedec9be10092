// `survey export <id>`: a closed survey's answers as a CSV file, only to the coordinator who asks (a
// file in their Slack DM, a file card in their Teams 1:1 chat, a private file on the console); audited.
import { context, message, text, type Card } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { sendFileToCaller } from '../files.js';
import { activeMembers } from '../members/audience.js';
import { findMemberById } from '../members/store.js';
import { toCsv, surveyRows } from './csv.js';
import { byOf, findSurvey, SURVEY_ARG } from './lookup.js';
import { MIN_ANONYMOUS } from './results.js';
import { answersOf, auditExport } from './store.js';

const ARGS = [SURVEY_ARG] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond, turn } = ctx;
  const s = await findSurvey(ctx, ctx.args.survey);
  if (!s) return;
  if (s.status !== 'closed') {
    return respond.replyPrivately(message(`Survey #${s.id} is ${s.status === 'open' ? 'still open' : `a ${s.status} survey`}: answers are exported once it has closed (\`${turn.prefix}survey close ${s.id}\` closes it now).`));
  }
  const answers = answersOf(services.db, s.id);
  if (s.anonymous && answers.length < MIN_ANONYMOUS) {
    return respond.replyPrivately(message(`Survey #${s.id} is anonymous and only ${answers.length} ${answers.length === 1 ? 'person' : 'people'} answered: with fewer than ${MIN_ANONYMOUS}, its answers are not given out, since it could be told who said what.`));
  }
  const ids = answers.map((a) => a.memberId).filter((m): m is number => m !== null);
  // Active members with their organization; anyone who has since left, by name alone.
  const active = new Map(ids.length ? activeMembers(services, { memberIds: ids }).map((m) => [m.id, { name: m.name, organization: m.organization }]) : []);
  const names = new Map(ids.map((id) => [id, active.get(id) ?? { name: findMemberById(services.db, id)?.name ?? `member #${id}`, organization: null }]));
  const rows = surveyRows(s, answers, names);
  const count = rows.length - 1;
  const note: Card = {
    header: `CSV: survey #${s.id} — ${s.title}`,
    elements: [
      text(`${count} row${count === 1 ? '' : 's'}, one per ${s.anonymous ? 'respondent, in no particular order and with no names' : 'member who answered'}.`),
      context('It holds what members wrote: keep it to yourself, and delete it when done.'),
    ],
    fallback: `CSV of survey #${s.id}`,
  };
  const file = { name: `survey-${s.id}.csv`, mime: 'text/csv', content: Buffer.from(toCsv(rows), 'utf8') };
  const sent = await sendFileToCaller(ctx, file, note);
  if (!sent.ok) return respond.replyPrivately(message(sent.problem, 'error'));
  auditExport(services.db, s.id, byOf(ctx.actor), count, services.clock());
  await respond.replyPrivately(message(`The CSV of survey #${s.id} (${count} row${count === 1 ? '' : 's'}) ${sent.said}.`));
}

export function registerSurveyExport(registry: Registry): void {
  registry.command({
    name: 'survey export',
    permission: 'coordinator',
    usage: '<id>',
    summary: 'A closed survey’s answers as a CSV file, sent only to you; audited.',
    details: 'One row per respondent, one column per question. A named survey’s rows name the member; an anonymous survey’s name nobody, and it is not exported at all below three respondents.',
    args: ARGS,
    handler,
  });
}
