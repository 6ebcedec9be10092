// `checklist summary [template]`: the scores of the open review here (or, once closed, the latest one),
// weakest first with open questions and notes; for the self-assessment, the answers per step.
import type { Actor } from '../auth/actor.js';
import type { Responder, Turn } from '../commands/context.js';
import type { Services } from '../services.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { askWhich } from './access.js';
import { noneOpen, resolveReview } from './resolve.js';
import { marksOf, type Review } from './store.js';
import { summaryCard } from './summary.js';
import { tallyReview } from './tally.js';
import { TEMPLATE_KEYS, templateOf, type TemplateKey } from './templates.js';

export interface Caller {
  services: Services;
  turn: Turn;
  actor: Actor;
  respond: Responder;
}

/** Notes and answers can be candid: the summary goes to the caller alone. */
export async function showSummary(ctx: Caller, review: Review): Promise<void> {
  const template = templateOf(review.template)!;
  const tally = tallyReview(template, marksOf(ctx.services.db, review.id));
  await ctx.respond.replyPrivately(summaryCard(review, template, tally, ctx.services.config.timezone));
}

async function handler(ctx: CommandContext): Promise<void> {
  const template = ctx.args.template as TemplateKey | undefined;
  const found = resolveReview(ctx.services.db, ctx.turn.conversation, template, { closedToo: true });
  if (found.kind === 'none') return ctx.respond.replyPrivately(noneOpen(ctx.turn.prefix, template));
  if (found.kind === 'several') return askWhich(ctx, 'summary', found.reviews);
  await showSummary(ctx, found.review);
}

export function registerChecklistSummary(registry: Registry): void {
  registry.command({
    name: 'checklist summary',
    permission: 'member',
    usage: '[ingredients|business-case|self-assessment]',
    summary: 'Scores of the review open here, weakest first, with open questions and notes; shown to you alone.',
    details:
      "Each ingredient's score is the mean of the members' marks (in place 1, partly 0.5, not yet 0; n.a. left out), weakest first, with the questions most did not mark in place and the notes left. For the self-assessment: the answers per step. Once the review is closed, it shows the latest review held here.",
    args: [{ name: 'template', kind: 'word', optional: true, choices: TEMPLATE_KEYS }],
    handler,
  });
}
