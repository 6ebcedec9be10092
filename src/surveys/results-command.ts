// `survey results <id>`: while a survey is open, its response rate and delivery only — a running tally
// would let anyone watching it tell who said what; once closed, the results themselves, privately.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { deliveryReport } from '../delivery/store.js';
import { findSurvey, SURVEY_ARG } from './lookup.js';
import { openStatusCard } from './preview.js';
import { answerCount, recipientCount } from './store.js';
import { resultsOf } from './use-cases/close-survey.js';
import { ballotBatch } from './use-cases/send-survey.js';

const ARGS = [SURVEY_ARG] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond, turn } = ctx;
  const s = await findSurvey(ctx, ctx.args.survey);
  if (!s) return;
  if (s.status === 'draft') return respond.replyPrivately(message(`Survey #${s.id} is a draft: nothing has been sent yet. \`${turn.prefix}survey send ${s.id}\` previews and sends it.`));
  if (s.status === 'cancelled') return respond.replyPrivately(message(`Survey #${s.id} was cancelled before it was sent: it has no results.`));
  if (s.status === 'closed') return respond.replyPrivately(resultsOf(services, s));
  const report = deliveryReport(services.db, ballotBatch(s.id));
  const delivery = [`${report.sent} of ${report.total} delivered`, report.pending ? `${report.pending} on the way` : '', report.failed.length ? `${report.failed.length} failed` : '', report.unconfirmed.length ? `${report.unconfirmed.length} unconfirmed` : '']
    .filter(Boolean)
    .join(', ');
  await respond.replyPrivately(openStatusCard(s, answerCount(services.db, s.id), recipientCount(services.db, s.id), services.config.timezone, delivery));
}

export function registerSurveyResults(registry: Registry): void {
  registry.command({
    name: 'survey results',
    permission: 'coordinator',
    usage: '<id>',
    summary: 'While open: the response rate so far. Once closed: the results, only to you.',
    details: 'Results show counts and bars per choice, the mean and spread of each scale, the written answers and the response rate. An anonymous survey shows nothing when fewer than three people answered, and a question’s written answers only where at least three wrote one.',
    args: ARGS,
    handler,
  });
}
