// `checklist close [template]`: coordinators or the opener freeze the review; every card of it is
// redrawn closed, with its final scores, and it joins `checklist history`.
import type { ContextFor, Registry } from '../commands/registry.js';
import { onReviewHere } from './access.js';
import { TEMPLATE_ARG, TEMPLATE_USAGE } from './resolve.js';
import { closeReviewFor } from './use-cases/close-review.js';

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'member'>): Promise<void> {
  await onReviewHere(ctx, 'close', ctx.args.template, { closedToo: false }, closeReviewFor);
}

export function registerChecklistClose(registry: Registry): void {
  registry.command({
    name: 'checklist close',
    permission: 'member',
    usage: TEMPLATE_USAGE,
    summary: 'Close the review open here (coordinators, or whoever opened it): marks freeze and it joins the history.',
    details: 'Only a coordinator or the member who opened the review may close it. You are asked first; once closed, its cards in every conversation are redrawn closed, with the final tally, and no mark can change unless a coordinator reopens it (`checklist reopen`).',
    args: TEMPLATE_ARG,
    handler,
  });
}
