// The alert's work due at a time, declared as timers (src/timers/): its direct messages just after Send,
// the sender's status card while copies go out, a redraw round of the channel copies once answers have
// come in, escalation of members who have not answered, and an update that waits for the copies it
// threads under. Both are idempotent: a
// rerun after a crash finds the round taken or the members already escalated, and delivery keys make
// any repeated send a no-op.
import type { Registry, TimerContext } from '../commands/registry.js';
import { dmItem, queueRecorded } from '../delivery/outbox.js';
import { andRedraw, oweRedraws, redraw } from '../delivery/redraw.js';
import { recordDeliveries, type DeliveryItem } from '../delivery/store.js';
import { activeMembers } from '../members/audience.js';
import { findMemberById } from '../members/store.js';
import { dmTargetOf } from '../members/reach.js';
import { armTimers } from '../timers/arm.js';
import { setTimer } from '../timers/store.js';
import { copyCard } from './cards.js';
import { armRedrawRound, REDRAW_TIMER, takeRedrawRound } from './answers.js';
import { postedCopies } from './copies.js';
import { stillSending } from './fan-out.js';
import { batchOf } from './model.js';
import { alternateCard, escalationCard, reminderCard, type Escalated } from './notice-cards.js';
import { COPY_RENDERER, copySubject } from './renderers.js';
import { getAlert, markEscalated, recipientsOf } from './store.js';
import { TLP, type TlpLabel } from './tlp.js';
import { DIRECT_TIMER, ESCALATE_TIMER, previewRedraw, STATUS_EVERY_MS, STATUS_TIMER, statusTimer } from './use-cases/dispatch.js';
import { FOLLOW_UP_TIMER, followUpLater } from './use-cases/follow-up.js';
import { viewOf } from './view.js';

/** While copies are still on their way, a round comes back for them: a copy posted late must not keep showing "0 answered". */
const LATE_COPIES_MS = 2000;

async function redrawRound({ services, timer, now }: TimerContext): Promise<void> {
  const id = Number(timer.subject);
  const alert = Number.isInteger(id) ? getAlert(services.db, id) : undefined;
  if (!alert) return;
  const done = services.db.transaction((tx) => {
    if (!takeRedrawRound(tx, id)) return undefined;
    const copies = postedCopies(tx, batchOf(id)).map((c) => ({ ...c, renderer: COPY_RENDERER, subject: copySubject(id) }));
    const owed = andRedraw(oweRedraws(tx, copies, now), previewRedraw(tx, alert, now));
    const again = stillSending(tx, id, 'post') ? armRedrawRound(tx, id, now, LATE_COPIES_MS) : undefined;
    return { owed, again };
  });
  if (!done) return;
  await redraw(services, done.owed);
  if (done.again) await armTimers(services, [done.again]);
}

async function escalate({ services, timer, now }: TimerContext): Promise<void> {
  const { db, config } = services;
  const id = Number(timer.subject);
  const alert = Number.isInteger(id) ? getAlert(db, id) : undefined;
  // Resolved (its timer is cancelled then too), cancelled, or never sent: nobody is chased.
  if (!alert || alert.status !== 'sent' || !alert.sentAt) return;
  const view = viewOf(db, alert);
  const afterMs = now.getTime() - alert.sentAt.getTime();
  const options = { partnership: config.name, zone: config.timezone };
  const named = TLP[alert.tlp as TlpLabel].namedOnly;
  const batches = new Map<string, DeliveryItem[]>();
  const add = (batch: string, item: DeliveryItem) => batches.set(batch, [...(batches.get(batch) ?? []), item]);
  const done: Escalated = { reminded: [], alternatesTold: [], calls: [] };
  const recorded = db.transaction((tx) => {
    const due = markEscalated(tx, id, now);
    if (due.length === 0) return undefined;
    const people = new Map(activeMembers(services, { memberIds: due.map((d) => d.memberId) }).map((m) => [m.id, m]));
    for (const r of due) {
      const person = people.get(r.memberId) ?? findMemberById(db, r.memberId);
      if (!person) continue;
      const who = { name: person.name, organization: 'organization' in person ? (person.organization as string | null) : null, contact247: person.contact247 };
      if (r.dmTarget) {
        add(`alert-${id}-esc`, dmItem(r.dmTarget, reminderCard(view, afterMs, options)));
        done.reminded.push(person.name);
      } else {
        done.calls.push(who);
      }
      const alternate = person.alternateMemberId ? findMemberById(db, person.alternateMemberId) : undefined;
      const altTarget = alternate?.status === 'active' ? dmTargetOf(services, alternate.id) : undefined;
      if (alternate && altTarget) {
        const addressed = !named || alert.namedMemberIds.includes(alternate.id);
        add(`alert-${id}-alt-m${r.memberId}`, dmItem(altTarget, alternateCard(view, who, afterMs, addressed)));
        done.alternatesTold.push(`${alternate.name} (for ${person.name})`);
      } else if (alternate) {
        done.calls.push({ name: alternate.name, organization: null, contact247: alternate.contact247, forMember: person.name });
      } else if (person.alternateName || person.alternatePhone) {
        done.calls.push({ name: person.alternateName ?? 'their alternate', organization: null, contact247: person.alternatePhone, forMember: person.name });
      }
    }
    const sender = dmTargetOf(services, alert.composerId);
    if (sender) add(`alert-${id}-esc-sender`, dmItem(sender, escalationCard(view, afterMs, done)));
    return [...batches].map(([batch, items]) => ({ batch, ids: recordDeliveries(tx, batch, items, now) }));
  });
  for (const { batch, ids } of recorded ?? []) await queueRecorded(services, batch, ids);
  if (recorded) services.log.info({ alert: id, reminded: done.reminded.length, alternates: done.alternatesTold.length, calls: done.calls.length }, 'alert escalated');
}

/** The direct messages of an alert just sent, to everyone the dispatch recorded a DM target for. */
async function sendDirect({ services, timer, now }: TimerContext): Promise<void> {
  const id = Number(timer.subject);
  const alert = Number.isInteger(id) ? getAlert(services.db, id) : undefined;
  if (!alert || (alert.status !== 'sent' && alert.status !== 'resolved')) return;
  const card = copyCard(viewOf(services.db, alert), { partnership: services.config.name, zone: services.config.timezone, where: 'dm' });
  const ids = services.db.transaction((tx) => {
    const targets = recipientsOf(tx, id).flatMap((r) => (r.dmTarget ? [r.dmTarget] : []));
    // Keys make a rerun (a crash after this commit) record nothing twice; it only queues what is pending.
    return recordDeliveries(tx, batchOf(id), targets.map((t) => dmItem(t, card)), now);
  });
  await queueRecorded(services, batchOf(id), ids);
}

/** The sender's status card, redrawn while copies are on their way, and once more when all have settled. */
async function statusTick({ services, timer, now }: TimerContext): Promise<void> {
  const [id, n] = timer.subject.split(':').map(Number) as [number, number];
  const alert = getAlert(services.db, id);
  if (!alert) return;
  const done = services.db.transaction((tx) => ({
    owed: previewRedraw(tx, alert, now),
    next: stillSending(tx, id) ? setTimer(tx, statusTimer(id, n + 1, new Date(now.getTime() + STATUS_EVERY_MS)), now) : undefined,
  }));
  await redraw(services, done.owed);
  if (done.next) await armTimers(services, [done.next]);
}

export function registerAlertTimers(registry: Registry): void {
  registry.timer({ kind: DIRECT_TIMER, handler: sendDirect });
  registry.timer({ kind: STATUS_TIMER, handler: statusTick });
  registry.timer({ kind: REDRAW_TIMER, handler: redrawRound });
  registry.timer({ kind: ESCALATE_TIMER, handler: escalate });
  registry.timer({ kind: FOLLOW_UP_TIMER, handler: followUpLater });
}
