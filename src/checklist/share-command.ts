// `checklist share [template]`, typed in another vetted conversation (either platform): mirrors an open
// review there, one tally for all, so chiefs on Teams and CSOs on Slack review together.
import { code, message, text, type Button } from '../cards/card.js';
import { describeChannel, getChannel } from '../channels/store.js';
import type { Caller } from '../commands/context.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { platformOf } from '../core/address.js';
import { SHARE_ACTION } from './cards.js';
import { TEMPLATE_ARG, TEMPLATE_USAGE, titleOf } from './resolve.js';
import { openReviews, openReviewsIn, type Review } from './store.js';
import { shareReviewInto, vettingRefusal } from './use-cases/share-review.js';

function origin(caller: Caller, review: Review): string {
  const row = getChannel(caller.services.db, review.origin);
  if (row) return describeChannel(row);
  const platform = platformOf(review.origin);
  return platform === 'slack' ? 'a Slack conversation' : platform === 'teams' ? 'a Teams conversation' : 'the console';
}

async function handler(ctx: ContextFor<typeof TEMPLATE_ARG, 'member'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const { template } = ctx.args;
  const here = new Set(openReviewsIn(services.db, turn.conversation).map((r) => r.id));
  const candidates = openReviews(services.db, template).filter((r) => !here.has(r.id));
  if (candidates.length === 0) {
    return respond.replyPrivately(
      message(['No open review elsewhere to share here. Start one with ', code(`${turn.prefix}checklist${template ? ` ${template}` : ''}`), ' in the conversation that should lead it.']),
    );
  }
  const refusal = vettingRefusal(ctx);
  if (refusal) return respond.replyPrivately(refusal);
  if (candidates.length === 1) {
    await shareReviewInto(ctx, candidates[0]!);
    return;
  }
  // Asked in the conversation itself, so the button press arrives from here and shares into here.
  const buttons: Button[] = candidates.slice(0, 10).map((r) => ({ type: 'button', actionId: SHARE_ACTION, label: titleOf(r), value: String(r.id) }));
  await respond.reply({
    elements: [
      text(['Which review should be shown here?\n', candidates.slice(0, 10).map((r) => `• ${titleOf(r)}, started in ${origin(ctx, r)} by ${r.openerName}`).join('\n')]),
      { type: 'actions', elements: buttons },
    ],
  });
}

export function registerChecklistShare(registry: Registry): void {
  registry.command({
    name: 'checklist share',
    permission: 'member',
    usage: TEMPLATE_USAGE,
    summary: 'Show a review open elsewhere in this vetted conversation too (Slack or Teams), with one shared tally.',
    details:
      'Type it in the conversation that should join the review. Marks made here and there count together, and every card of the review is updated. With several reviews open elsewhere, name the template or pick one.',
    args: TEMPLATE_ARG,
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
