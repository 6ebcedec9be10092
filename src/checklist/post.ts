// Posting a review card into a conversation with the Messenger (not as a reply: a reply cannot be
// edited later on Slack), and remembering where it landed so every mark can redraw it.
import { message, type Card } from '../cards/card.js';
import type { Turn } from '../commands/context.js';
import type { Services } from '../services.js';
import type { Address } from '../core/address.js';
import { SendError } from '../messenger.js';
import { drawReview, refreshReview, retireMessages } from './refresh.js';
import { recordMessage, type Review } from './store.js';

// Answers that mean the bot is not in (or cannot post to) the conversation: the remedy is to add it.
const NOT_POSTABLE = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'BotNotInConversationRoster', 'ConversationNotFound', 'Forbidden']);

export type Posted = { ok: true } | { ok: false; card: Card };

/**
 * Posts the card; `others` when the review may already have marks from other cards (posted again,
 * shared): a mark landing between drawing this card and recording it is then caught by one redraw.
 */
export async function postReview(services: Services, turn: Turn, review: Review, address: Address, options: { others: boolean }): Promise<Posted> {
  const card = drawReview(services, review);
  if (!card) return { ok: false, card: message(`Review #${review.id} uses a template this version does not know.`, 'error') };
  let sent;
  try {
    sent = await services.messenger.post(address, card);
  } catch (err) {
    const reason = err instanceof SendError ? err.reason : 'unknown error';
    const first = reason.split(/[\s:]/)[0] ?? reason;
    if (err instanceof SendError && err.kind === 'rejected' && (NOT_POSTABLE.has(first) || NOT_POSTABLE.has(reason))) {
      const remedy = turn.platform === 'slack' ? 'Invite me first — type `/invite @PPP` here — then try again.' : 'Add PPP Bot to this conversation first, then try again.';
      return { ok: false, card: message(`I cannot post the review card here (${reason}). ${remedy}`, 'refusal') };
    }
    services.log.warn({ err: err instanceof Error ? err.message : err, review: review.id }, 'could not post a checklist card');
    return { ok: false, card: message(`I could not post the review card here (${reason}). Try again in a minute.`, 'error') };
  }
  const older = recordMessage(services.db, review.id, sent.address, sent.messageId, services.clock());
  await retireMessages(services, review.id, older);
  if (options.others) await refreshReview(services, review.id);
  return { ok: true };
}
