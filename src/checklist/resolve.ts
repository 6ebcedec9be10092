// Which review a subcommand means here: the one open review of the conversation, the template named,
// or — with several open — a question back; and who may close or export it.
import type { Actor } from '../auth/actor.js';
import { code, message, text, type Button, type Card } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { Db } from '../../db/client.js';
import type { Address } from '../core/address.js';
import { WHICH_ACTION } from './cards.js';
import { latestReviewIn, openReviewsIn, type Review } from './store.js';
import { TEMPLATE_KEYS, templateOf, type TemplateKey } from './templates.js';

export type Verb = 'summary' | 'close' | 'export';

/** The argument every subcommand takes: which template's review, when several are open here. */
export const TEMPLATE_ARG = [{ name: 'template', kind: 'word', optional: true, choices: TEMPLATE_KEYS }] as const satisfies readonly ArgSpec[];

/** How the subcommands show it in their usage. */
export const TEMPLATE_USAGE = `[${TEMPLATE_KEYS.join('|')}]`;

export type Resolved = { kind: 'one'; review: Review } | { kind: 'none' } | { kind: 'several'; reviews: Review[] };

/**
 * The open review of `template` here, or the only open one; with `closedToo`, when none is open, the
 * latest review ever shown here (a summary or export after closing).
 */
export function resolveReview(db: Db, conversation: Address, template: TemplateKey | undefined, options: { closedToo: boolean }): Resolved {
  const open = openReviewsIn(db, conversation).filter((r) => !template || r.template === template);
  if (open.length === 1) return { kind: 'one', review: open[0]! };
  if (open.length > 1) return { kind: 'several', reviews: open };
  const latest = options.closedToo ? latestReviewIn(db, conversation, template) : undefined;
  return latest ? { kind: 'one', review: latest } : { kind: 'none' };
}

export const titleOf = (review: Review) => `${templateOf(review.template)?.title ?? review.template} #${review.id}`;

/** A button value the handler can trust only after checking it again: `{"c":"close","r":12}`. */
export function whichValue(verb: Verb, reviewId: number): string {
  return JSON.stringify({ c: verb, r: reviewId });
}

export function parseWhichValue(value: string | undefined): { verb: Verb; reviewId: number } | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { c?: unknown; r?: unknown };
    if ((parsed.c === 'summary' || parsed.c === 'close' || parsed.c === 'export') && Number.isInteger(parsed.r)) {
      return { verb: parsed.c, reviewId: parsed.r as number };
    }
  } catch {
    // a forged or truncated value is simply not a choice
  }
  return undefined;
}

/** Several reviews are open here: ask which, with a button each and the typed form for the console. */
export function whichCard(verb: Verb, reviews: Review[], prefix: string): Card {
  const buttons: Button[] = reviews.map((r) => ({ type: 'button', actionId: WHICH_ACTION, label: titleOf(r), value: whichValue(verb, r.id) }));
  const typed = reviews.map((r) => code(`${prefix}checklist ${verb} ${r.template}`));
  const or = typed.flatMap((c, i) => (i === 0 ? [c] : [i === typed.length - 1 ? ' or ' : ', ', c]));
  return {
    elements: [text([`${reviews.length} reviews are open here. Which one? Press it, or send `, ...or, '.']), { type: 'actions', elements: buttons }],
  };
}

export function noneOpen(prefix: string, template: TemplateKey | undefined): Card {
  const what = template ? `No ${templateOf(template)!.title.toLowerCase()} is open here` : 'No review is open here';
  return message([`${what}. Start one with `, code(`${prefix}checklist${template ? ` ${template}` : ''}`), '.']);
}

/** Closing and exporting are for coordinators and whoever opened the review. */
export function canManage(actor: Actor, review: Review): boolean {
  const member = actor.member;
  return !!member && (member.isCoordinator || member.id === review.openedBy);
}

export function manageRefusal(verb: 'close' | 'export', review: Review, prefix: string): Card {
  return message(
    [
      code(`${prefix}checklist ${verb}`),
      ` is for coordinators and whoever opened the review (${review.openerName} opened ${titleOf(review)}). Ask ${review.openerName} or a coordinator to ${verb} it.`,
    ],
    'refusal',
  );
}
