// `checklist summary [template]`: the scores of the open review here (or, once closed, the latest one),
// weakest first with open questions and notes; for the self-assessment, the answers per step.
import type { ContextFor, Registry } from '../commands/registry.js';
import { onReviewHere } from './access.js';
import { TEMPLATE_ARG, TEMPLATE_USAGE } from './resolve.js';
import { summarizeReviewFor } from './use-cases/summarize-review.js';

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'member'>): Promise<void> {
  await onReviewHere(ctx, 'summary', ctx.args.template, { closedToo: true }, summarizeReviewFor);
}

export function registerChecklistSummary(registry: Registry): void {
  registry.command({
    name: 'checklist summary',
    permission: 'member',
    usage: TEMPLATE_USAGE,
    summary: 'Scores of the review open here, weakest first, with open questions and notes; shown to you alone.',
    details:
      "Each ingredient's score is the mean of the members' marks (in place 1, partly 0.5, not yet 0; n.a. left out), weakest first, with the questions most did not mark in place and the notes left. For the self-assessment: the answers per step. Once the review is closed, it shows the latest review held here.",
    args: TEMPLATE_ARG,
    handler,
  });
}
