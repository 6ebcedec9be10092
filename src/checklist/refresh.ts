// Redrawing review cards: the renderer the refresh job calls (it reads SQLite when it runs, so fifty
// marks make a few edits and the last shows all fifty), and the requests made after every change.
import type { Card } from '../cards/card.js';
import type { Services } from '../services.js';
import type { Registry } from '../commands/registry.js';
import { movedCard, reviewCard } from './cards.js';
import { conversationsOf, getReview, liveMessages, marksOf, type MessageRow, type Review } from './store.js';
import { tallyReview } from './tally.js';
import { templateOf } from './templates.js';

export const REVIEW_RENDERER = 'checklist-review';
export const MOVED_RENDERER = 'checklist-moved';

export const reviewSubject = (id: number) => `checklist-${id}`;

function idOf(subject: string): number | undefined {
  const match = /^checklist-(\d+)$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}

/** The review card as it stands in SQLite now. */
export function drawReview(services: Pick<Services, 'db' | 'config'>, review: Review): Card | undefined {
  const template = templateOf(review.template);
  if (!template) return undefined;
  const tally = tallyReview(template, marksOf(services.db, review.id));
  return reviewCard(review, template, tally, { timezone: services.config.timezone, conversations: conversationsOf(services.db, review.id).length });
}

function render(services: Services, subject: string): Card | undefined {
  const id = idOf(subject);
  const review = id === undefined ? undefined : getReview(services.db, id);
  return review ? drawReview(services, review) : undefined;
}

function renderMoved(services: Services, subject: string): Card | undefined {
  const id = idOf(subject);
  const review = id === undefined ? undefined : getReview(services.db, id);
  const template = review ? templateOf(review.template) : undefined;
  return review && template ? movedCard(review, template) : undefined;
}

/**
 * Asks for every live card of the review to be redrawn. Returns false when the redraw is recorded but
 * waits for the queue (Redis down): the caller may say so (QUEUE_DOWN_NOTE). It never waits on Redis
 * for long.
 */
export async function refreshReview(services: Services, reviewId: number): Promise<boolean> {
  let queued = true;
  for (const m of liveMessages(services.db, reviewId)) {
    const ok = await services.outbox.refresh({ address: m.address, messageId: m.messageId, renderer: REVIEW_RENDERER, subject: reviewSubject(reviewId) });
    queued &&= ok;
  }
  return queued;
}

/** Older copies of a card posted again: redrawn once as a pointer to the newer one. */
export async function retireMessages(services: Services, reviewId: number, older: MessageRow[]): Promise<void> {
  for (const m of older) {
    await services.outbox.refresh({ address: m.address, messageId: m.messageId, renderer: MOVED_RENDERER, subject: reviewSubject(reviewId) });
  }
}

export function registerChecklistRenderers(registry: Registry): void {
  registry.renderer(REVIEW_RENDERER, render);
  registry.renderer(MOVED_RENDERER, renderMoved);
}
