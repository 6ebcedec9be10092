// `checklist export [template]`: every mark and note of the review as a CSV file, for coordinators and
// the opener, sent to them privately: a file in their Slack DM, a consent card in their Teams 1:1 chat,
// a private file under DATA_DIR/exports on the console.
import type { ContextFor, Registry } from '../commands/registry.js';
import { onReviewHere } from './access.js';
import { TEMPLATE_ARG, TEMPLATE_USAGE } from './resolve.js';
import { exportReviewFor } from './use-cases/export-review.js';

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'member'>): Promise<void> {
  await onReviewHere(ctx, 'export', ctx.args.template, { closedToo: true }, exportReviewFor);
}

export function registerChecklistExport(registry: Registry): void {
  registry.command({
    name: 'checklist export',
    permission: 'member',
    usage: TEMPLATE_USAGE,
    summary: 'Every mark and note of the review here as a CSV file, sent to you privately (coordinators, or whoever opened it).',
    details:
      'One row per member per question (mark and note), or per member per step for the self-assessment. On Slack the file arrives in your direct messages with PPP Bot; on Teams as a file card in your 1:1 chat (Allow saves it to your OneDrive); on the console it is written under DATA_DIR/exports, readable by you only. Cells a spreadsheet would run as a formula start with an apostrophe. Every export is audited.',
    args: TEMPLATE_ARG,
    handler,
  });
}
