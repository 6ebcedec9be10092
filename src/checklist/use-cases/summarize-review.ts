// Showing a review's summary — scores weakest first, open questions and notes, or the self-assessment's
// answers — to the caller alone: `checklist summary` and the "which review?" button both end here.
import type { Caller } from '../../commands/context.js';
import { marksOf, type Review } from '../store.js';
import { summaryCard } from '../summary.js';
import { tallyReview } from '../tally.js';
import { templateOf } from '../templates.js';

/** Notes and answers can be candid: the summary goes to the caller alone. */
export async function summarizeReviewFor(caller: Caller, review: Review): Promise<void> {
  const template = templateOf(review.template);
  if (!template) return;
  const tally = tallyReview(template, marksOf(caller.services.db, review.id));
  await caller.respond.replyPrivately(summaryCard(review, template, tally, caller.services.config.timezone));
}
