// Counting a review: the tally per item, the score per group (the mean of members' non-n.a. marks:
// in place 1, partly 0.5, not yet 0) and the open questions. Pure: marks in, numbers out.
import type { MarkEntry } from './store.js';
import { itemsOf, MARK_LABEL, MARK_SCORE, MARKS, type ChecklistGroup, type ChecklistItem, type Mark, type Template } from './templates.js';

export interface ItemTally {
  item: ChecklistItem;
  group: ChecklistGroup;
  n: number;
  counts: Record<Mark, number>;
  /** Notes (or, in the self-assessment, answers) left on the item, oldest first. */
  notes: MarkEntry[];
  /** Mean of the non-n.a. marks; undefined when there are none. */
  score: number | undefined;
}

export interface GroupScore {
  group: ChecklistGroup;
  items: ItemTally[];
  score: number | undefined;
  /** How many marks the score is the mean of. */
  scored: number;
}

export interface ReviewTally {
  items: ItemTally[];
  groups: GroupScore[];
  overall: number | undefined;
  /** Members who marked, noted or answered anything. */
  participants: number;
  /** Marks given, n.a. included; `na` of them n.a. */
  marks: number;
  na: number;
}

const mean = (values: number[]): number | undefined => (values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length);

const scoresOf = (entries: MarkEntry[]): number[] =>
  entries.map((e) => (e.mark ? MARK_SCORE[e.mark] : undefined)).filter((s): s is number => s !== undefined);

export function tallyReview(template: Template, entries: MarkEntry[]): ReviewTally {
  const byItem = new Map<string, MarkEntry[]>();
  for (const e of entries) byItem.set(e.itemKey, [...(byItem.get(e.itemKey) ?? []), e]);
  const items = itemsOf(template).map(({ item, group, n }): ItemTally => {
    const mine = byItem.get(item.key) ?? [];
    const counts = Object.fromEntries(MARKS.map((m) => [m, 0])) as Record<Mark, number>;
    for (const e of mine) if (e.mark) counts[e.mark]++;
    return { item, group, n, counts, notes: mine.filter((e) => e.note && e.note.trim()), score: mean(scoresOf(mine)) };
  });
  const groups = template.groups.map((group): GroupScore => {
    const own = items.filter((t) => t.group.key === group.key);
    const scores = scoresOf(entries.filter((e) => group.items.some((i) => i.key === e.itemKey)));
    return { group, items: own, score: mean(scores), scored: scores.length };
  });
  const known = new Set(items.map((t) => t.item.key));
  const counted = entries.filter((e) => known.has(e.itemKey));
  return {
    items,
    groups,
    overall: mean(scoresOf(counted)),
    participants: new Set(counted.filter((e) => e.mark || (e.note && e.note.trim())).map((e) => e.memberId)).size,
    marks: counted.filter((e) => e.mark).length,
    na: counted.filter((e) => e.mark === 'na').length,
  };
}

/** Open: not marked in place by most of those who marked it (n.a. aside), or not marked at all. */
export function isOpen(t: ItemTally): boolean {
  const counted = t.counts.in + t.counts.partly + t.counts['not-yet'];
  if (counted === 0) return t.counts.na === 0;
  return t.counts.in * 2 <= counted;
}

/** Weakest first; groups nobody scored yet go last. */
export function weakestFirst(groups: GroupScore[]): GroupScore[] {
  return [...groups].sort((a, b) => (a.score ?? 2) - (b.score ?? 2));
}

export function tallyLine(counts: Record<Mark, number>): string {
  return MARKS.map((m) => `${MARK_LABEL[m]} ${counts[m]}`).join(' · ');
}

export function percent(score: number | undefined): string {
  return score === undefined ? 'not scored yet' : `${Math.round(score * 100)}%`;
}

/** A ten-cell text bar: reads the same in Slack, Teams and a terminal, and says its number too. */
export function bar(score: number | undefined): string {
  if (score === undefined) return '░'.repeat(10);
  const full = Math.round(score * 10);
  return `${'█'.repeat(full)}${'░'.repeat(10 - full)}`;
}
