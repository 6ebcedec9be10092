// A coordinator's proposal, from the one-line command or the form: saved as a draft and shown back —
// the date in words, who it will reach, when the reminders fall, a warning if meetings pile up — with
// Confirm / Cancel. Nothing is announced before Confirm.
import { DateTime } from 'luxon';
import type { MemberActor } from '../../auth/actor.js';
import { audienceLine as conversationsLine } from '../../announce/cards.js';
import type { Caller } from '../../commands/context.js';
import { reachOf } from '../../members/audience.js';
import type { Services } from '../../services.js';
import { eventConversations, eventMembers } from '../audience.js';
import { WINDOW_MS, pileUps } from '../cadence.js';
import { confirmCard } from '../cards.js';
import type { EventKind } from '../kinds.js';
import { createDraft, eventsBetween, type Draft } from '../store.js';
import { reminderTimes, ruleOf } from '../times.js';

/** Who an event of this kind reaches, in one line for the coordinator. */
export function audienceLine(services: Services, kind: EventKind, prefix: string): string {
  if (kind === 'board-meeting') {
    const reach = reachOf(services, eventMembers(services, kind));
    const unreachable = reach.unreachable.length ? `; ${reach.unreachable.length} cannot be messaged on Slack or Teams (call them: ${reach.unreachable.map((m) => `${m.name}${m.contact247 ? ` ${m.contact247}` : ''}`).join(', ')})` : '';
    return `the executive board by direct message only: ${reach.reachable.length} board member${reach.reachable.length === 1 ? '' : 's'}${unreachable}`;
  }
  const conversations = eventConversations(services, kind);
  if (conversations.length === 0) {
    return `no vetted conversation yet, so members would hear of it only from the reminders by direct message. Vet a channel first with \`${prefix}channel vet\`.`;
  }
  return conversationsLine(conversations);
}

/** "7 days before: Monday 8 March, 09:00 CST", for each reminder still ahead. */
export function reminderLines(startsAt: Date, zone: string, now: Date): string[] {
  return reminderTimes(startsAt, zone)
    .filter((r) => r.dueAt.getTime() > now.getTime())
    .map((r) => `${ruleOf(r.stage)!.ahead} before — ${DateTime.fromJSDate(r.dueAt, { zone }).toFormat('ccc d LLL, HH:mm ZZZZ')}`);
}

/** The warning shown when this event would make more meetings within 30 days than the partnership wants. */
export function pileUpWarnings(services: Services, event: { id?: number; startsAt: Date; title: string }): string[] {
  const max = services.config.maxMeetingsPer30d;
  const around = eventsBetween(services.db, new Date(event.startsAt.getTime() - WINDOW_MS), new Date(event.startsAt.getTime() + WINDOW_MS), ['scheduled']).filter((e) => e.id !== event.id);
  return pileUps([...around, event], max)
    .filter((p) => p.from.getTime() <= event.startsAt.getTime() && p.to.getTime() >= event.startsAt.getTime())
    .map((p) => `That makes ${p.count} meetings within 30 days (${p.titles.join(', ')}); the partnership's limit is ${max} (PPP_MAX_MEETINGS_PER_30D), to avoid meeting exhaustion.`);
}

export async function proposeEvent(caller: Caller<MemberActor>, draft: Draft): Promise<void> {
  const { services, actor, respond, turn } = caller;
  const now = services.clock();
  const event = createDraft(services.db, draft, actor.member.id, now);
  const card = confirmCard(event, audienceLine(services, event.kind, turn.prefix), reminderLines(event.startsAt, event.zone, now), pileUpWarnings(services, event));
  await respond.replyPrivately(card);
}
