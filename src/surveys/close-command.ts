// `survey close <id>`: closes a survey before its time; the results go out as at a scheduled close.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { byOf, findSurvey, SURVEY_ARG } from './lookup.js';
import { responseRate } from './results.js';
import { closeAndReport } from './use-cases/close-survey.js';

const ARGS = [SURVEY_ARG] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond } = ctx;
  const s = await findSurvey(ctx, ctx.args.survey);
  if (!s) return;
  const closed = await closeAndReport(services, s.id, byOf(ctx.actor));
  if (!closed.ok) return respond.replyPrivately(message(closed.problem));
  const queue = closed.queued ? '' : ' The delivery queue is down for the moment: the results are recorded and go out as soon as it is back.';
  await respond.replyPrivately(
    message(`Closed survey #${s.id}: ${responseRate(closed.survey.answered ?? 0, closed.survey.sentTo ?? 0)}. The results are on their way to ${closed.recipients} recipient${closed.recipients === 1 ? '' : 's'} (the coordinators and any conversation the survey names).${queue}`),
  );
}

export function registerSurveyClose(registry: Registry): void {
  registry.command({
    name: 'survey close',
    permission: 'coordinator',
    usage: '<id>',
    summary: 'Close a survey now: answers stop, and the results go to the coordinators (and where the survey says).',
    details: 'The same as the close at its time: no more answers or reminders; for an anonymous survey, who answered is deleted and the keys on members’ cards stop opening anything.',
    args: ARGS,
    handler,
  });
}
