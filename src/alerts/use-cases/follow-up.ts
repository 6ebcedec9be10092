// An update or the ALL CLEAR, threaded under every copy of the alert: a Slack thread, a Teams channel's
// reply chain, a new message where there are no threads (Teams chats, a copy still on its way). The
// channel copies are redrawn with it; ALL CLEAR also stops escalation and closes the answers.
import { count, eq } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { alertUpdates } from '../../../db/schema.js';
import type { Card } from '../../cards/card.js';
import { dmItem, postItem, queueRecorded } from '../../delivery/outbox.js';
import { redraw } from '../../delivery/redraw.js';
import { recordDeliveries, type DeliveryItem } from '../../delivery/store.js';
import type { Services } from '../../services.js';
import { armTimers } from '../../timers/arm.js';
import { cancelTimersOf } from '../../timers/store.js';
import { armRedrawRound } from '../answers.js';
import { allClearCard, updateCard } from '../cards.js';
import { copiesOf } from '../copies.js';
import { batchOf, type AlertRow } from '../model.js';
import { addUpdate, getAlert, markResolved, memberName, type ActedBy } from '../store.js';
import { viewOf } from '../view.js';
import { ESCALATE_TIMER, previewRedraw } from './dispatch.js';

/** One message per copy: under it when it was posted, beside it otherwise. */
function threadedItems(services: Services, tx: Tx, alertId: number, card: Card): DeliveryItem[] {
  return copiesOf(tx, batchOf(alertId)).map((copy) => {
    const where = copy.messageAddress ?? (copy.kind === 'post' ? copy.target : undefined);
    if (copy.status === 'sent' && copy.messageId && where) return postItem(services.messenger.threadOf(where, copy.messageId), card);
    return copy.kind === 'post' ? postItem(copy.target, card) : dmItem(copy.target, card);
  });
}

export type FollowedUp = { ok: true; alert: AlertRow; copies: number; queued: boolean } | { ok: false; alert: AlertRow | undefined };

async function finish(services: Services, batch: string, done: { ids: number[]; owed: Parameters<typeof redraw>[1]; timers: Parameters<typeof armTimers>[1] }): Promise<boolean> {
  let queued = await queueRecorded(services, batch, done.ids);
  queued = (await redraw(services, done.owed)) && queued;
  await armTimers(services, done.timers);
  return queued;
}

export async function postUpdate(services: Services, alertId: number, text: string, by: ActedBy): Promise<FollowedUp> {
  const at = services.clock();
  const zone = services.config.timezone;
  const done = services.db.transaction((tx) => {
    const row = addUpdate(tx, alertId, text, by, at);
    if (!row) return undefined;
    const alert = getAlert(tx, alertId)!;
    const n = tx.select({ n: count() }).from(alertUpdates).where(eq(alertUpdates.alertId, alertId)).get()!.n;
    const card = updateCard(viewOf(services.db, alert), { text, at, authorName: memberName(tx, by.memberId) ?? 'a member', n }, zone);
    const items = threadedItems(services, tx, alertId, card);
    const round = armRedrawRound(tx, alertId, at, 0);
    return { alert, batch: `alert-${alertId}-u${row.id}`, ids: recordDeliveries(tx, `alert-${alertId}-u${row.id}`, items, at), owed: previewRedraw(tx, alert, at), timers: round ? [round] : [], copies: items.length };
  });
  if (!done) return { ok: false, alert: getAlert(services.db, alertId) };
  const queued = await finish(services, done.batch, done);
  return { ok: true, alert: done.alert, copies: done.copies, queued };
}

export async function resolveAlert(services: Services, alertId: number, text: string | null, by: ActedBy): Promise<FollowedUp> {
  const at = services.clock();
  const zone = services.config.timezone;
  const batch = `alert-${alertId}-clear`;
  const done = services.db.transaction((tx) => {
    const row = markResolved(tx, alertId, text, by, at);
    if (!row) return undefined;
    // Escalation stops with the ALL CLEAR: its timer is cancelled in the same transaction.
    cancelTimersOf(tx, ESCALATE_TIMER, String(alertId), at);
    const alert = getAlert(tx, alertId)!;
    const card = allClearCard(viewOf(services.db, alert), { text, at, authorName: memberName(tx, by.memberId) ?? 'a member' }, zone);
    const items = threadedItems(services, tx, alertId, card);
    const round = armRedrawRound(tx, alertId, at, 0);
    return { alert, ids: recordDeliveries(tx, batch, items, at), owed: previewRedraw(tx, alert, at), timers: round ? [round] : [], copies: items.length };
  });
  if (!done) return { ok: false, alert: getAlert(services.db, alertId) };
  const queued = await finish(services, batch, done);
  return { ok: true, alert: done.alert, copies: done.copies, queued };
}
