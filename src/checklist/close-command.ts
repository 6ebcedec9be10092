// `checklist close [template]`: coordinators or the opener freeze the review; every card of it is
// redrawn closed, with its final scores, and it joins `checklist history`.
import { code, message } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { askWhich } from './access.js';
import { formatIdentity } from '../core/identity.js';
import { refreshReview } from './refresh.js';
import { canManage, manageRefusal, noneOpen, resolveReview, titleOf } from './resolve.js';
import { closeReview, type Review } from './store.js';
import type { Caller } from './summary-command.js';
import { TEMPLATE_KEYS, type TemplateKey } from './templates.js';

export async function closeIt(ctx: Caller, review: Review): Promise<void> {
  const { services, actor, respond, turn } = ctx;
  if (!canManage(actor, review)) return respond.replyPrivately(manageRefusal('close', review, turn.prefix));
  const by = { memberId: actor.member!.id, identity: formatIdentity(actor.identity) };
  if (!closeReview(services.db, review.id, by, services.clock())) {
    return respond.replyPrivately(message(`${titleOf(review)} was already closed; nothing changed.`));
  }
  await refreshReview(services, review.id);
  await respond.replyPrivately(
    message([`Closed ${titleOf(review)}: its cards now show the final tally. `, code(`${turn.prefix}checklist history ${review.template}`), ' compares it with earlier reviews.']),
  );
}

async function handler(ctx: CommandContext): Promise<void> {
  const template = ctx.args.template as TemplateKey | undefined;
  const found = resolveReview(ctx.services.db, ctx.turn.conversation, template, { closedToo: false });
  if (found.kind === 'none') return ctx.respond.replyPrivately(noneOpen(ctx.turn.prefix, template));
  if (found.kind === 'several') return askWhich(ctx, 'close', found.reviews);
  await closeIt(ctx, found.review);
}

export function registerChecklistClose(registry: Registry): void {
  registry.command({
    name: 'checklist close',
    permission: 'member',
    usage: '[ingredients|business-case|self-assessment]',
    summary: 'Close the review open here (coordinators, or whoever opened it): marks freeze and it joins the history.',
    details: 'Only a coordinator or the member who opened the review may close it. Its cards in every conversation are redrawn closed, with the final tally, and no mark can change after that.',
    args: [{ name: 'template', kind: 'word', optional: true, choices: TEMPLATE_KEYS }],
    handler,
  });
}
