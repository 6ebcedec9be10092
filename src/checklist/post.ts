// Posting a review card into a conversation with the Messenger (not as a reply: a reply cannot be
// edited later on Slack), and remembering where it landed so every mark can redraw it.
import { message, type Card } from '../cards/card.js';
import type { Address } from '../core/address.js';
import { redraw } from '../delivery/redraw.js';
import { SendError } from '../messenger.js';
import type { Services } from '../services.js';
import { drawReview } from './renderers.js';
import { recordMessage, type Review } from './store.js';

export type Posted = { ok: true } | { ok: false; card: Card };

/**
 * Posts the card; `others` when the review may already have marks from other cards (posted again,
 * shared): every card of it is then redrawn, which also catches a mark landing between drawing this
 * card and recording it.
 */
export async function postReview(services: Services, review: Review, address: Address, options: { others: boolean }): Promise<Posted> {
  const card = drawReview(services, review);
  if (!card) return { ok: false, card: message(`Review #${review.id} uses a template this version does not know.`, 'error') };
  let sent;
  try {
    sent = await services.messenger.post(address, card);
  } catch (err) {
    const reason = err instanceof SendError ? err.reason : 'unknown error';
    if (err instanceof SendError && err.kind === 'not-in-conversation') {
      // The adapter knows how its platform lets a bot in; the core only says it.
      return { ok: false, card: message(`I cannot post the review card here (${reason}).${err.remedy ? ` ${err.remedy('try again')}` : ''}`, 'refusal') };
    }
    services.log.warn({ err: err instanceof Error ? err.message : err, review: review.id }, 'could not post a checklist card');
    return { ok: false, card: message(`I could not post the review card here (${reason}). Try again in a minute.`, 'error') };
  }
  await redraw(services, recordMessage(services.db, review.id, sent.address, sent.messageId, services.clock(), { redrawAll: options.others }));
  return { ok: true };
}
