// Sending an alert: its recipients as they are at this moment, one delivery per conversation, the timers
// of what follows (the direct messages, escalation, the status card's ticks), the audit rows and the
// preview's redraw, all in one transaction before anything touches Redis. The channel copies are queued
// at once; the direct messages are recorded by their timer a moment later, so the first copy does not
// wait for 2,000 rows. Both live in SQLite first: if Redis or the process goes, reconcile carries them.
import { message, type Card } from '../../cards/card.js';
import { dmItem, postItem, queueRecorded } from '../../delivery/outbox.js';
import { oweRedraws, redraw, NOTHING_TO_REDRAW, type Redraw } from '../../delivery/redraw.js';
import { recordDeliveries } from '../../delivery/store.js';
import { activeMembers, reachOf } from '../../members/audience.js';
import type { Services } from '../../services.js';
import { armTimers } from '../../timers/arm.js';
import { setTimer, type TimerTicket } from '../../timers/store.js';
import { audienceSize, resolveAudience, type AlertAudience } from '../audience.js';
import { copyCard } from '../cards.js';
import { alertName, batchOf, escalates, type AlertRow } from '../model.js';
import { approvalCard } from '../notice-cards.js';
import { STATUS_RENDERER, statusSubject } from '../renderers.js';
import { addRecipients, markSent, requestApproval, type ActedBy, type SendHow } from '../store.js';
import { TLP, type TlpLabel } from '../tlp.js';
import { viewOf } from '../view.js';

export const ESCALATE_TIMER = 'alert.escalate';
export const escalateKey = (id: number) => `alert-${id}-escalate`;
/** Records the direct messages of an alert just sent. */
export const DIRECT_TIMER = 'alert.direct';
export const directKey = (id: number) => `alert-${id}-direct`;
/** Redraws the sender's status card every couple of seconds while copies are on their way, and once when all have settled. */
export const STATUS_TIMER = 'alert.status';
export const STATUS_EVERY_MS = 2000;

export function statusTimer(alertId: number, n: number, dueAt: Date) {
  return { key: `alert-${alertId}-status-${n}`, kind: STATUS_TIMER, subject: `${alertId}:${n}`, dueAt };
}

/** The sender's preview, redrawn from SQLite as the alert moves on. */
export function previewRedraw(tx: Parameters<typeof oweRedraws>[0], alert: AlertRow, at: Date): Redraw {
  if (!alert.previewAddress || !alert.previewMessageId) return NOTHING_TO_REDRAW;
  return oweRedraws(tx, [{ address: alert.previewAddress, messageId: alert.previewMessageId, renderer: STATUS_RENDERER, subject: statusSubject(alert.id) }], at);
}

export type Dispatched =
  | { ok: true; alert: AlertRow; audience: AlertAudience; queued: boolean; conversations: number; directMessages: number }
  | { ok: false; reason: string };

/** Sends the alert now (its sender's Send, an approval, or break glass), exactly once. */
export async function dispatchAlert(services: Services, alertId: number, how: SendHow, by: ActedBy): Promise<Dispatched> {
  const { db, config } = services;
  const at = services.clock();
  const batch = batchOf(alertId);
  const done = db.transaction((tx) => {
    const alert = markSent(tx, alertId, how, by, at);
    if (!alert) return undefined;
    const audience = resolveAudience(services, alert);
    const direct = audience.direct ? audience.reach.reachable : [];
    const dmTargets = new Map(direct.map((r) => [r.memberId, r.target]));
    addRecipients(tx, alertId, [...audience.reach.reachable, ...audience.reach.unreachable].map((m) => ({ memberId: m.memberId, dmTarget: dmTargets.get(m.memberId) ?? null })));
    const view = viewOf(db, alert);
    const options = { partnership: config.name, zone: config.timezone };
    // With no conversation to post to (RED), the few direct messages are the first copies: recorded now.
    const dmsNow = audience.conversations.length === 0;
    const items = [
      ...audience.conversations.map((c) => postItem(c.address, copyCard(view, { ...options, where: 'channel' }))),
      ...(dmsNow ? direct.map((r) => dmItem(r.target, copyCard(view, { ...options, where: 'dm' }))) : []),
    ];
    const ids = recordDeliveries(tx, batch, items, at);
    const timers: TimerTicket[] = [setTimer(tx, statusTimer(alertId, 1, new Date(at.getTime() + STATUS_EVERY_MS / 2)), at)];
    if (!dmsNow && direct.length > 0) timers.push(setTimer(tx, { key: directKey(alertId), kind: DIRECT_TIMER, subject: String(alertId), dueAt: at }, at));
    if (escalates(alert)) timers.push(setTimer(tx, { key: escalateKey(alertId), kind: ESCALATE_TIMER, subject: String(alertId), dueAt: new Date(at.getTime() + config.alerts.escalateAfterMs) }, at));
    return { alert, audience, ids, timers, preview: previewRedraw(tx, alert, at), directMessages: direct.length };
  });
  if (!done) return { ok: false, reason: 'already' };
  let queued = await queueRecorded(services, batch, done.ids);
  queued = (await redraw(services, done.preview)) && queued;
  await armTimers(services, done.timers);
  services.log.info({ alert: alertId, how: how.kind, conversations: done.audience.conversations.length, directMessages: done.directMessages, members: audienceSize(done.audience) }, 'alert sent');
  return { ok: true, alert: done.alert, audience: done.audience, queued, conversations: done.audience.conversations.length, directMessages: done.directMessages };
}

/** Board members and coordinators who may approve: not the sender; for RED only those it names. */
export function approversOf(services: Services, alert: AlertRow) {
  const named = TLP[alert.tlp as TlpLabel].namedOnly;
  const people = activeMembers(services, { board: true }).filter((m) => m.id !== alert.composerId && (!named || alert.namedMemberIds.includes(m.id)));
  return reachOf(services, people);
}

export type Requested = { ok: true; approvers: number; queued: boolean } | { ok: false; reason: string };

/** Under the two-person rule: the alert waits, and every possible approver gets the request by DM. */
export async function requestApprovalOf(services: Services, alert: AlertRow, by: ActedBy): Promise<Requested> {
  const { db, config } = services;
  const at = services.clock();
  const approvers = approversOf(services, alert).reachable;
  if (approvers.length === 0) return { ok: false, reason: 'nobody can approve it' };
  const batch = `alert-${alert.id}-approval`;
  const done = db.transaction((tx) => {
    const row = requestApproval(tx, alert.id, by, approvers.length, at);
    if (!row) return undefined;
    const view = viewOf(db, row);
    const card: Card = approvalCard(view, resolveAudience(services, row), { partnership: config.name, zone: config.timezone });
    const ids = recordDeliveries(tx, batch, approvers.map((a) => dmItem(a.target, card)), at);
    return { ids, preview: previewRedraw(tx, row, at) };
  });
  if (!done) return { ok: false, reason: 'already' };
  let queued = await queueRecorded(services, batch, done.ids);
  queued = (await redraw(services, done.preview)) && queued;
  return { ok: true, approvers: approvers.length, queued };
}

/** What the person who pressed Send (or approved, or broke glass) is told. */
export function sentMessage(d: Extract<Dispatched, { ok: true }>, note: string): Card {
  const parts = [`${alertName(d.alert)} is on its way: ${d.conversations} conversation${d.conversations === 1 ? '' : 's'}`];
  if (d.directMessages) parts.push(`${d.directMessages} direct message${d.directMessages === 1 ? '' : 's'}`);
  return message(`${parts.join(' and ')}.${note ? ` ${note}` : ''}${d.queued ? '' : ' The delivery queue is down for the moment: it is recorded, and delivery resumes as soon as the queue is back.'}`);
}
