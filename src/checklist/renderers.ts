// Drawing review cards: the review as it stands in SQLite now, and the renderers the refresh job calls
// (it reads SQLite when it runs, so fifty marks make a few edits and the last shows all fifty).
import type { Card } from '../cards/card.js';
import type { Registry } from '../commands/registry.js';
import type { Services } from '../services.js';
import { movedCard, reviewCard } from './cards.js';
import { conversationsOf, getReview, marksOf, type Review } from './store.js';
import { MOVED_RENDERER, REVIEW_RENDERER, reviewIdOf } from './subjects.js';
import { tallyReview } from './tally.js';
import { templateOf } from './templates.js';

/** The review card as it stands in SQLite now. */
export function drawReview(services: Pick<Services, 'db' | 'config'>, review: Review): Card | undefined {
  const template = templateOf(review.template);
  if (!template) return undefined;
  const tally = tallyReview(template, marksOf(services.db, review.id));
  return reviewCard(review, template, tally, { timezone: services.config.timezone, conversations: conversationsOf(services.db, review.id).length });
}

function render(services: Services, subject: string): Card | undefined {
  const id = reviewIdOf(subject);
  const review = id === undefined ? undefined : getReview(services.db, id);
  return review ? drawReview(services, review) : undefined;
}

/** An older copy of a card posted again: a pointer to the newer one. */
function renderMoved(services: Services, subject: string): Card | undefined {
  const id = reviewIdOf(subject);
  const review = id === undefined ? undefined : getReview(services.db, id);
  const template = review ? templateOf(review.template) : undefined;
  return review && template ? movedCard(review, template) : undefined;
}

export function registerChecklistRenderers(registry: Registry): void {
  registry.renderer(REVIEW_RENDERER, render);
  registry.renderer(MOVED_RENDERER, renderMoved);
}
