// The kinds of event and how each reads: summits (the semi-annual meetings of the Twin Cities model),
// board meetings (the board only, by direct message) and other meetings.
import type { EventKind } from './attendance.js';

export type { EventKind };

export const KIND_LABEL: Record<EventKind, string> = {
  summit: 'Summit',
  'board-meeting': 'Board meeting',
  meeting: 'Meeting',
};

export const KINDS = Object.keys(KIND_LABEL) as EventKind[];

export function isKind(value: string | undefined): value is EventKind {
  return value !== undefined && (KINDS as string[]).includes(value);
}

/** "the summit", "the board meeting": in a sentence. */
export function kindNoun(kind: EventKind): string {
  return KIND_LABEL[kind].toLowerCase();
}
