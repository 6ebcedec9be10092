// An update or the ALL CLEAR, threaded under every copy of the alert: a Slack thread, a Teams channel's
// reply chain, a new message where there are no threads (Teams chats). While first copies are still on
// their way the follow-up waits for them (a timer, a second at a time, up to half a minute), so it can
// thread under them; the channel copies are redrawn with it at once. ALL CLEAR also stops escalation
// and closes the answers.
import type { Tx } from '../../../db/client.js';
import type { Card } from '../../cards/card.js';
import type { TimerContext } from '../../commands/registry.js';
import { dmItem, postItem, queueRecorded } from '../../delivery/outbox.js';
import { redraw } from '../../delivery/redraw.js';
import { recordDeliveries, type DeliveryItem } from '../../delivery/store.js';
import type { Services } from '../../services.js';
import { armTimers } from '../../timers/arm.js';
import { cancelTimersOf, setTimer, type TimerTicket } from '../../timers/store.js';
import { armRedrawRound } from '../answers.js';
import { allClearCard, updateCard } from '../cards.js';
import { copiesOf } from '../copies.js';
import { stillSending } from '../fan-out.js';
import { batchOf, type AlertRow } from '../model.js';
import { addUpdate, getAlert, markResolved, updatesOf, type ActedBy, type UpdateRow } from '../store.js';
import { viewOf } from '../view.js';
import { ESCALATE_TIMER, previewRedraw } from './dispatch.js';

export const FOLLOW_UP_TIMER = 'alert.follow-up';
const WAIT_STEP_MS = 1000;
const MAX_WAIT_MS = 30_000;

export const followUpBatch = (alertId: number, update: Pick<UpdateRow, 'id' | 'kind'>) => (update.kind === 'resolve' ? `alert-${alertId}-clear` : `alert-${alertId}-u${update.id}`);

/** One message per copy: under it when it was posted, beside it otherwise. */
function threadedItems(services: Services, tx: Tx, alertId: number, card: Card): DeliveryItem[] {
  return copiesOf(tx, batchOf(alertId)).map((copy) => {
    const where = copy.messageAddress ?? (copy.kind === 'post' ? copy.target : undefined);
    if (copy.status === 'sent' && copy.messageId && where) return postItem(services.messenger.threadOf(where, copy.messageId), card);
    return copy.kind === 'post' ? postItem(copy.target, card) : dmItem(copy.target, card);
  });
}

function cardOf(services: Services, tx: Tx, alert: AlertRow, update: UpdateRow): Card {
  const zone = services.config.timezone;
  const all = updatesOf(tx, alert.id);
  const author = all.find((u) => u.id === update.id)?.authorName ?? 'a member';
  const view = viewOf(services.db, alert);
  if (update.kind === 'resolve') return allClearCard(view, { text: update.text, at: update.at, authorName: author }, zone);
  const n = all.filter((u) => u.kind === 'update' && u.id <= update.id).length;
  return updateCard(view, { text: update.text ?? '', at: update.at, authorName: author, n }, zone);
}

/**
 * Records the follow-up's deliveries once (later calls only return what is still pending), or, while the
 * alert's own copies are still on their way, sets the timer that tries again in a second.
 */
function recordFollowUp(services: Services, tx: Tx, alert: AlertRow, update: UpdateRow, attempt: number, at: Date): { ids: number[]; timer?: TimerTicket } {
  const batch = followUpBatch(alert.id, update);
  if (copiesOf(tx, batch).length > 0) return { ids: recordDeliveries(tx, batch, [], at) };
  if (stillSending(tx, alert.id) && at.getTime() - update.at.getTime() < MAX_WAIT_MS) {
    const next = attempt + 1;
    const timer = setTimer(tx, { key: `${batch}-try${next}`, kind: FOLLOW_UP_TIMER, subject: `${alert.id}:${update.id}:${next}`, dueAt: new Date(at.getTime() + WAIT_STEP_MS) }, at);
    return { ids: [], timer };
  }
  return { ids: recordDeliveries(tx, batch, threadedItems(services, tx, alert.id, cardOf(services, tx, alert, update)), at) };
}

export type FollowedUp = { ok: true; alert: AlertRow; copies: number; waiting: boolean; queued: boolean } | { ok: false; alert: AlertRow | undefined };

async function carry(services: Services, batch: string, done: { ids: number[]; owed: Parameters<typeof redraw>[1]; timers: TimerTicket[] }): Promise<boolean> {
  let queued = await queueRecorded(services, batch, done.ids);
  queued = (await redraw(services, done.owed)) && queued;
  return (await armTimers(services, done.timers)) && queued;
}

async function followUp(services: Services, alertId: number, change: (tx: Tx, at: Date) => UpdateRow | undefined): Promise<FollowedUp> {
  const at = services.clock();
  const done = services.db.transaction((tx) => {
    const update = change(tx, at);
    if (!update) return undefined;
    const alert = getAlert(tx, alertId)!;
    const recorded = recordFollowUp(services, tx, alert, update, 0, at);
    // The original copies show the latest update (or ALL CLEAR, without answer buttons) straight away.
    const round = armRedrawRound(tx, alertId, at, 0);
    const timers = [...(recorded.timer ? [recorded.timer] : []), ...(round ? [round] : [])];
    return { alert, batch: followUpBatch(alertId, update), ids: recorded.ids, waiting: !!recorded.timer, owed: previewRedraw(tx, alert, at), timers, copies: copiesOf(tx, batchOf(alertId)).length };
  });
  if (!done) return { ok: false, alert: getAlert(services.db, alertId) };
  const queued = await carry(services, done.batch, done);
  return { ok: true, alert: done.alert, copies: done.copies, waiting: done.waiting, queued };
}

export function postUpdate(services: Services, alertId: number, text: string, by: ActedBy): Promise<FollowedUp> {
  return followUp(services, alertId, (tx, at) => addUpdate(tx, alertId, text, by, at));
}

export function resolveAlert(services: Services, alertId: number, text: string | null, by: ActedBy): Promise<FollowedUp> {
  return followUp(services, alertId, (tx, at) => {
    const row = markResolved(tx, alertId, text, by, at);
    // Escalation stops with the ALL CLEAR: its timer is cancelled in the same transaction.
    if (row) cancelTimersOf(tx, ESCALATE_TIMER, String(alertId), at);
    return row;
  });
}

/** The timer's turn: the copies may be out now; records the follow-up, or waits another second. */
export async function followUpLater({ services, timer, now }: TimerContext): Promise<void> {
  const [alertId, updateId, attempt] = timer.subject.split(':').map(Number) as [number, number, number];
  const alert = getAlert(services.db, alertId);
  const update = alert ? updatesOf(services.db, alertId).find((u) => u.id === updateId) : undefined;
  if (!alert || !update) return;
  const recorded = services.db.transaction((tx) => recordFollowUp(services, tx, alert, update, attempt, now));
  await carry(services, followUpBatch(alertId, update), { ids: recorded.ids, owed: { owed: [] }, timers: recorded.timer ? [recorded.timer] : [] });
}
