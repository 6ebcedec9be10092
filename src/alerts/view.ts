// An alert as its cards show it, read from SQLite in one place: who sent it and how (approved, break
// glass), its updates and ALL CLEAR, and the tally of answers. Every card and redraw starts from here.
import { DateTime } from 'luxon';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { members, organizations } from '../../db/schema.js';
import { tallyOf, type Tally } from './answers.js';
import type { AlertRow } from './model.js';
import { getAlert, memberName, updatesOf, type UpdateRow } from './store.js';

export interface AlertView {
  alert: AlertRow;
  composer: { name: string; organization: string | null };
  approverName?: string;
  breakGlassName?: string;
  resolverName?: string;
  /** Updates in order (ALL CLEAR apart). */
  updates: (UpdateRow & { authorName: string })[];
  resolution?: UpdateRow & { authorName: string };
  /** Once sent: how the answers stand. */
  tally?: Tally;
}

export function viewOf(db: Db, alert: AlertRow): AlertView {
  const composer = db
    .select({ name: members.name, organization: organizations.name })
    .from(members)
    .leftJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(members.id, alert.composerId))
    .get() ?? { name: 'a former member', organization: null };
  const all = updatesOf(db, alert.id);
  const view: AlertView = { alert, composer, updates: all.filter((u) => u.kind === 'update') };
  const resolution = all.find((u) => u.kind === 'resolve');
  if (resolution) view.resolution = resolution;
  const approver = memberName(db, alert.approvedBy);
  if (approver) view.approverName = approver;
  const breaker = memberName(db, alert.breakGlassBy);
  if (breaker) view.breakGlassName = breaker;
  const resolver = memberName(db, alert.resolvedBy);
  if (resolver) view.resolverName = resolver;
  if (alert.status === 'sent' || alert.status === 'resolved') view.tally = tallyOf(db, alert.id);
  return view;
}

export function loadView(db: Db, id: number): AlertView | undefined {
  const alert = getAlert(db, id);
  return alert ? viewOf(db, alert) : undefined;
}

// Formatting a zone's abbreviation builds an Intl formatter each time: the few times an alert shows are kept.
const formatted = new Map<string, string>();

/** `14:02 CST, 22 Nov`: a time as members read it in the partnership's zone. */
export function timeOf(at: Date, zone: string): string {
  const key = `${at.getTime()}|${zone}`;
  let shown = formatted.get(key);
  if (shown === undefined) {
    shown = DateTime.fromJSDate(at, { zone }).toFormat('HH:mm ZZZZ, d LLL');
    if (formatted.size >= 1000) formatted.clear();
    formatted.set(key, shown);
  }
  return shown;
}

/** `2 min 10 s`, `45 s`, `1 h 5 min`: a duration as the ledger shows it. */
export function durationOf(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(ms < 1000 ? 2 : 1)} s`;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}
