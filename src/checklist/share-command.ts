// `checklist share [template]`, typed in another vetted conversation (either platform): mirrors an open
// review there, one tally for all, so chiefs on Teams and CSOs on Slack review together.
import { code, message, text, type Button, type Card } from '../cards/card.js';
import { describeChannel, getChannel } from '../channels/store.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { platformOf } from '../core/address.js';
import { formatIdentity } from '../core/identity.js';
import { SHARE_ACTION } from './cards.js';
import { postReview } from './post.js';
import { titleOf } from './resolve.js';
import { openReviews, openReviewsIn, shareReview, unshareReview, type Review } from './store.js';
import type { Caller } from './summary-command.js';
import { TEMPLATE_KEYS, type TemplateKey } from './templates.js';

function origin(ctx: Caller, review: Review): string {
  const row = getChannel(ctx.services.db, review.origin);
  if (row) return describeChannel(row);
  const platform = platformOf(review.origin);
  return platform === 'slack' ? 'a Slack conversation' : platform === 'teams' ? 'a Teams conversation' : 'the console';
}

/** Only vetted conversations may show a shared review: its notes come from the partnership's members. */
function vettingRefusal(ctx: Caller): Card | undefined {
  if (getChannel(ctx.services.db, ctx.turn.conversation)?.status === 'vetted') return undefined;
  return message(
    ['A review can be shared only into a vetted conversation, and this one is not. A coordinator can vet it with ', code(`${ctx.turn.prefix}channel vet`), ', then share again.'],
    'refusal',
  );
}

/** True when the review is now shown here; otherwise the caller has been told why not. */
export async function shareInto(ctx: Caller, review: Review): Promise<boolean> {
  const { services, turn, actor, respond } = ctx;
  const refusal = vettingRefusal(ctx);
  if (refusal) {
    await respond.replyPrivately(refusal);
    return false;
  }
  const by = { memberId: actor.member!.id, identity: formatIdentity(actor.identity) };
  const shared = shareReview(services.db, review.id, turn.conversation, by, services.clock());
  if (!shared.ok) {
    const why =
      shared.why === 'closed'
        ? message(`${titleOf(review)} was closed in the meantime; there is nothing to share.`)
        : shared.why === 'here'
          ? message([`${titleOf(review)} is already shown here. `, code(`${turn.prefix}checklist ${review.template}`), ' posts its card again.'])
          : message(
              [`This conversation has its own open ${shared.other ? titleOf(shared.other) : 'review of that template'}; close it first (`, code(`${turn.prefix}checklist close ${review.template}`), ') or mark there.'],
              'refusal',
            );
    await respond.replyPrivately(why);
    return false;
  }
  // The new card changes "shown in N conversations" on the others too, so all are redrawn.
  const posted = await postReview(services, review, turn.conversation, { others: true });
  if (!posted.ok) {
    unshareReview(services.db, review.id, turn.conversation);
    await respond.replyPrivately(posted.card);
    return false;
  }
  return true;
}

async function handler(ctx: CommandContext): Promise<void> {
  const { services, turn, respond } = ctx;
  const template = ctx.args.template as TemplateKey | undefined;
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
    await shareInto(ctx, candidates[0]!);
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
    usage: '[ingredients|business-case|self-assessment]',
    summary: 'Show a review open elsewhere in this vetted conversation too (Slack or Teams), with one shared tally.',
    details:
      'Type it in the conversation that should join the review. Marks made here and there count together, and every card of the review is updated. With several reviews open elsewhere, name the template or pick one.',
    args: [{ name: 'template', kind: 'word', optional: true, choices: TEMPLATE_KEYS }],
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
