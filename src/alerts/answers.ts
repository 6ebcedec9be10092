// Answers to an alert — Acknowledged, Safe, Need help — the hot path of a crisis: one indexed update per
// click on the member's row (so linked Slack and Teams accounts count once), and the redraw of the
// channel copies coalesced into rounds: a click only arms a round when none is waiting, and the round
// redraws every copy from SQLite when it runs. No click scans the audience. The writer of answers and rounds.
import type Database from 'better-sqlite3';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { alerts } from '../../db/schema.js';
import type { TimerTicket } from '../outbox.js';
import { setTimer } from '../timers/store.js';
import type { Answer } from './model.js';

/** The timer kind of a redraw round, and how long clicks are gathered before one (Slack edits a message about once a second anyway). */
export const REDRAW_TIMER = 'alert.redraw';
export const REDRAW_COALESCE_MS = 1000;

export type AnswerResult =
  | { ok: true; changed: boolean; previous: Answer | null; helpNow: boolean; round?: TimerTicket }
  | { ok: false; why: 'missing' | 'closed' | 'not-recipient'; status?: string };

interface Statements {
  alert: Database.Statement<[number], { status: string; redraw_pending: number }>;
  recipient: Database.Statement<[number, number], { answer: string | null; help_told_at: number | null }>;
  answer: Database.Statement<[string, number, string, number, number, number, number, number]>;
  tally: Database.Statement<[number], { answer: string | null; n: number }>;
}

// Prepared once per database: building each query afresh would cost more than running it, and this
// runs for every click (bench/alert.ts measures it beside a bare Bolt app).
const cache = new WeakMap<Database.Database, Statements>();

function statements(db: Db): Statements {
  const client = db.$client;
  let s = cache.get(client);
  if (!s) {
    s = {
      alert: client.prepare('SELECT status, redraw_pending FROM alerts WHERE id = ?'),
      recipient: client.prepare('SELECT answer, help_told_at FROM alert_recipients WHERE alert_id = ? AND member_id = ?'),
      answer: client.prepare(
        `UPDATE alert_recipients SET answer = ?, answered_at = ?, answered_via = ?, first_answered_at = coalesce(first_answered_at, ?),
           help_told_at = CASE WHEN ? = 1 THEN ? ELSE help_told_at END
         WHERE alert_id = ? AND member_id = ?`,
      ),
      tally: client.prepare('SELECT answer, count(*) AS n FROM alert_recipients WHERE alert_id = ? GROUP BY answer'),
    };
    cache.set(client, s);
  }
  return s;
}

export const redrawKey = (alertId: number, round: number) => `alert-${alertId}-redraw-${round}`;

/**
 * Owes the alert's copies a redraw round `delayMs` from now, unless one is already waiting (it will draw
 * the latest state when it runs). Call inside the change's transaction; arm the ticket after the commit.
 */
export function armRedrawRound(tx: Db | Tx, alertId: number, at: Date, delayMs: number): TimerTicket | undefined {
  const armed = tx
    .update(alerts)
    .set({ redrawPending: true, redrawRound: sql`${alerts.redrawRound} + 1` })
    .where(and(eq(alerts.id, alertId), eq(alerts.redrawPending, false)))
    .returning({ round: alerts.redrawRound })
    .get();
  if (!armed) return undefined;
  return setTimer(tx, { key: redrawKey(alertId, armed.round), kind: REDRAW_TIMER, subject: String(alertId), dueAt: new Date(at.getTime() + delayMs) }, at);
}

/** A round's turn: clears the flag, so answers from now on arm the next round. False when none was owed. */
export function takeRedrawRound(tx: Db | Tx, alertId: number): boolean {
  return tx.update(alerts).set({ redrawPending: false }).where(and(eq(alerts.id, alertId), eq(alerts.redrawPending, true))).run().changes > 0;
}

interface Pending {
  alertId: number;
  memberId: number;
  answer: Answer;
  via: string;
  at: Date;
  resolve(result: AnswerResult): void;
  reject(err: unknown): void;
}

interface Recorder {
  /** All the answers given, in one transaction: one commit (one WAL write) for a whole burst. */
  all(batch: readonly Pending[]): AnswerResult[];
  /** Clicks that arrived in this turn of the event loop, recorded together at its end. */
  queue: Pending[];
}
const recorders = new WeakMap<Db, Recorder>();

function recorderOf(db: Db): Recorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    const s = statements(db);
    const one = (a: Pick<Pending, 'alertId' | 'memberId' | 'answer' | 'via' | 'at'>): AnswerResult => {
      const alert = s.alert.get(a.alertId);
      if (!alert) return { ok: false, why: 'missing' };
      if (alert.status !== 'sent') return { ok: false, why: 'closed', status: alert.status };
      const before = s.recipient.get(a.alertId, a.memberId);
      if (!before) return { ok: false, why: 'not-recipient' };
      const previous = (before.answer as Answer | null) ?? null;
      const helpNow = a.answer === 'need-help' && before.help_told_at === null;
      const now = a.at.getTime();
      s.answer.run(a.answer, now, a.via, now, helpNow ? 1 : 0, now, a.alertId, a.memberId);
      if (previous === a.answer) return { ok: true, changed: false, previous, helpNow };
      const round = alert.redraw_pending ? undefined : armRedrawRound(db, a.alertId, a.at, REDRAW_COALESCE_MS);
      return round ? { ok: true, changed: true, previous, helpNow, round } : { ok: true, changed: true, previous, helpNow };
    };
    // Made once per database: better-sqlite3 builds a fresh transaction function on every call otherwise.
    const all = db.$client.transaction((batch: readonly Pending[]) => batch.map(one));
    recorder = { all, queue: [] };
    recorders.set(db, recorder);
  }
  return recorder;
}

function flush(recorder: Recorder): void {
  const batch = recorder.queue;
  recorder.queue = [];
  try {
    const results = recorder.all(batch);
    batch.forEach((p, i) => p.resolve(results[i]!));
  } catch {
    // One answer that cannot be written must not lose the others: each again on its own.
    for (const p of batch) {
      try {
        p.resolve(recorder.all([p])[0]!);
      } catch (err) {
        p.reject(err);
      }
    }
  }
}

/**
 * Records a member's answer: the alert must be open (answers freeze at ALL CLEAR) and the member one of
 * its recipients. The first "need help" is marked told in the same transaction, so the sender and the
 * coordinators hear it once however often it is clicked. Answers given in the same turn of the event
 * loop (a burst of clicks after an alert) share one transaction, written before the next turn.
 */
export function recordAnswer(db: Db, alertId: number, memberId: number, answer: Answer, via: string, at: Date): Promise<AnswerResult> {
  const recorder = recorderOf(db);
  return new Promise<AnswerResult>((resolve, reject) => {
    if (recorder.queue.length === 0) setImmediate(() => flush(recorder));
    recorder.queue.push({ alertId, memberId, answer, via, at, resolve, reject });
  });
}

export interface Tally {
  /** Everyone it was meant for. */
  total: number;
  answered: number;
  acknowledged: number;
  safe: number;
  needHelp: number;
}

export function tallyOf(db: Db, alertId: number): Tally {
  const t: Tally = { total: 0, answered: 0, acknowledged: 0, safe: 0, needHelp: 0 };
  for (const row of statements(db).tally.all(alertId)) {
    t.total += row.n;
    if (row.answer === null) continue;
    t.answered += row.n;
    if (row.answer === 'acknowledged') t.acknowledged += row.n;
    if (row.answer === 'safe') t.safe += row.n;
    if (row.answer === 'need-help') t.needHelp += row.n;
  }
  return t;
}
