// `checklist [ingredients|business-case|self-assessment]`: starts a review in this conversation and
// posts its card; asking again while one is open posts that one again (the old card points here).
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { suggest } from '../commands/suggest.js';
import { formatIdentity } from '../core/identity.js';
import { postReview } from './post.js';
import { abandonReview, openReview } from './store.js';
import { TEMPLATE_KEYS, TEMPLATES, templateOf } from './templates.js';

const SUBCOMMANDS = ['summary', 'history', 'close', 'export', 'share'];

/**
 * The word after `checklist` is a template, or a mistyped subcommand (`checklist sumary` reaches here,
 * since only exact two-word commands match first): suggest from both.
 */
function unknownWord(word: string, prefix: string): string {
  const near = suggest(word, [...TEMPLATE_KEYS, ...SUBCOMMANDS]).map((w) => `\`${prefix}checklist ${w}\``);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
  return `\`${word.slice(0, 40)}\` is not a checklist: choose ${TEMPLATE_KEYS.map((k) => `\`${k}\``).join(', ')}.${hint}`;
}

const ARGS = [{ name: 'template', kind: 'word', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const word = ctx.args.template;
  const template = word === undefined ? TEMPLATES.ingredients : templateOf(word.toLowerCase());
  if (!template) return respond.replyPrivately(message(unknownWord(word ?? '', turn.prefix)));
  const by = { memberId: actor.member.id, identity: formatIdentity(actor.identity) };
  const opened = openReview(services.db, template.key, turn.conversation, by, services.clock());
  const review = opened.ok ? opened.review : opened.existing;
  const posted = await postReview(services, review, turn.conversation, { others: !opened.ok });
  if (!posted.ok) {
    // A review nobody can see helps nobody, and would block the next attempt here.
    if (opened.ok) abandonReview(services.db, review.id);
    await respond.replyPrivately(posted.card);
  }
  // Otherwise the posted card is the answer: a private "done" would only add noise (on Teams, a
  // notice in the channel that something was sent privately).
}

export function registerChecklistStart(registry: Registry): void {
  registry.command({
    name: 'checklist',
    permission: 'member',
    usage: '[ingredients|business-case|self-assessment]',
    summary: 'Review the partnership together in this conversation: the six key ingredients (default), the business case, or the self-assessment.',
    details:
      "Posts a review card here. `ingredients` (MCCA's six key ingredients, 25 questions) and `business-case` (BENS's five critical elements) are marked per question: in place, partly, not yet or not applicable, with notes; `self-assessment` (MCCA's five steps) is answered in free text per step. Any member may mark; marks can change until the review is closed. One review per template may be open in a conversation: asking again posts the open one again.",
    // Checked by the handler, which also knows the subcommands a mistyped word may have meant.
    args: ARGS,
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
