// The reminder timer: 30 days, 7 days and 1 day before, a direct message to each member who has not
// answered; 1 hour before, to those going. At 7 days and 1 day the vetted conversations are reminded
// too. A reminder for a time the event no longer has, or after it started, sends nothing; one that
// fires late (the bot was down at its time) says so.
import { dmItem, postItem, sendBatch } from '../delivery/outbox.js';
import type { DeliveryItem } from '../delivery/store.js';
import { reachOf } from '../members/audience.js';
import type { Registry } from '../commands/registry.js';
import type { TimerContext } from '../services.js';
import { eventConversations, eventMembers, inviteHolders, linksOf } from './audience.js';
import { channelReminderCard, reminderCard } from './cards.js';
import { getEvent, rsvpCounts, rsvpsOf } from './store.js';
import { reminderTimes, ruleOf } from './times.js';
import { REMINDER_TIMER, stageOfKey } from './timers.js';

/** Fired this much after its time, a reminder is marked late: the bot was down, not merely busy. */
export const LATE_AFTER_MS = 60_000;

async function remind({ services, timer, now, lateByMs }: TimerContext): Promise<void> {
  const event = getEvent(services.db, Number(timer.subject));
  const stage = stageOfKey(timer.key);
  const rule = stage && ruleOf(stage);
  if (!event || !rule || event.status !== 'scheduled') return;
  // The event's own schedule decides: a timer left at an old time (a move raced it) is stale.
  const due = reminderTimes(event.startsAt, event.zone).find((r) => r.stage === rule.stage)?.dueAt;
  if (!due || due.getTime() !== timer.dueAt.getTime()) {
    services.log.warn({ timer: timer.key }, 'a summit reminder for a time the event no longer has: not sent');
    return;
  }
  if (now.getTime() >= event.startsAt.getTime()) return;
  const late = lateByMs >= LATE_AFTER_MS ? { dueAt: timer.dueAt } : undefined;
  const links = linksOf(services, event);

  const audience = eventMembers(services, event.kind);
  const answered = new Set(rsvpsOf(services.db, event.id).map((r) => r.memberId));
  const holders = inviteHolders(services.db, event.id);
  // Someone standing in for another member has their answer already: they are reminded as going.
  const people = rule.dm === 'unanswered' ? audience.filter((m) => !answered.has(m.id) && !holders.has(m.id)) : audience.filter((m) => holders.has(m.id));
  const zones = new Map(audience.map((m) => [m.id, m.timezone]));
  const items: DeliveryItem[] = reachOf(services, people).reachable.map((p) => dmItem(p.target, reminderCard(event, rule, zones.get(p.memberId) ?? null, links, late)));
  if (rule.channels) {
    const card = channelReminderCard(event, rule, rsvpCounts(services.db, event.id), links, late);
    for (const c of eventConversations(services, event.kind)) items.push(postItem(c.address, card));
  }
  // The batch names this reminder at this time: a rerun after a crash sends nothing twice.
  await sendBatch(services, `summit-${event.id}-${rule.stage}-${timer.dueAt.getTime()}`, items);
  services.log.info({ event: event.id, stage: rule.stage, sent: items.length, lateByMs }, 'summit reminder sent');
}

export function registerReminders(registry: Registry): void {
  registry.timer({ kind: REMINDER_TIMER, handler: remind });
}
