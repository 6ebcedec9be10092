// The seam with the summits feature: an event's attendees (a post-summit survey's audience) and its
// summary, read from src/summits/attendance.ts when that module is part of this build. Until it is,
// an event audience is refused with that reason; once it is, it works with no change here.
import type { Db } from '../../db/client.js';

/** What the summits feature exports for surveys (the names both features agreed on). */
export interface EventSummary {
  id: number;
  kind: string;
  title: string;
  startsAt: Date;
  zone: string;
  status: string;
}

export interface EventAttendance {
  /** Member ids recorded as present, alternates included. */
  eventAttendees(db: Db, eventId: number): number[];
  eventSummary(db: Db, eventId: number): EventSummary | undefined;
}

export const SUMMITS_MISSING = 'Summits are not available yet in this version of PPP Bot, so a survey cannot go to an event’s attendees. Choose another audience (all members, the board, organization kinds or categories).';

// A specifier in a variable: the build does not require the module, and the import resolves at run time.
const ATTENDANCE_MODULE = '../summits/attendance.js';
let loaded: Promise<EventAttendance | undefined> | undefined;

function isAttendance(m: unknown): m is EventAttendance {
  const candidate = m as Partial<EventAttendance> | undefined;
  return typeof candidate?.eventAttendees === 'function' && typeof candidate.eventSummary === 'function';
}

/** The summits feature's attendance module, or undefined when this build has none. */
export function eventAttendance(): Promise<EventAttendance | undefined> {
  loaded ??= import(ATTENDANCE_MODULE).then(
    (m: unknown) => (isAttendance(m) ? m : undefined),
    (err: unknown) => {
      if ((err as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|Does the file exist/i.test(String(err))) return undefined;
      throw err;
    },
  );
  return loaded;
}
