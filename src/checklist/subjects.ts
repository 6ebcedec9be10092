// What the refresh job redraws a review's cards by: the renderers' names and the subject naming the
// review. Shared by the store (which records the redraws a change owes) and the renderers.
export const REVIEW_RENDERER = 'checklist-review';
export const MOVED_RENDERER = 'checklist-moved';

export const reviewSubject = (id: number) => `checklist-${id}`;

export function reviewIdOf(subject: string): number | undefined {
  const match = /^checklist-(\d+)$/.exec(subject);
  return match ? Number(match[1]) : undefined;
}
