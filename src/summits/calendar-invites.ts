// The invite timer: brings one member's calendar copy of an event up to date — the .ics as a file in
// their Slack DM, a file card in their Teams 1:1 chat, a file on the console. A new or changed event is
// a REQUEST, a cancel (or no longer going) a CANCEL; the member's SEQUENCE only ever rises.
import type { Registry } from '../commands/registry.js';
import { parseIdentity, type Identity } from '../core/identity.js';
import { dmTargetOf } from '../members/reach.js';
import { findMemberById } from '../members/store.js';
import { SendError } from '../messenger.js';
import type { MemberRow } from '../members/model.js';
import type { Services, TimerContext } from '../services.js';
import { inviteHolders, linksOf } from './audience.js';
import { inviteNote } from './cards.js';
import { eventIcs, icsFileName, type IcsMethod } from './ics.js';
import { getEvent, inviteOf, recordInvite, rsvpOf, type EventRow } from './store.js';
import { INVITE_TIMER } from './timers.js';

/** Where the member's copy goes: back to the account they answered from, if that platform is here. */
function targetOf(services: Services, eventId: number, memberId: number): Identity | undefined {
  const answeredFrom = rsvpOf(services.db, eventId, memberId)?.identity;
  const there = answeredFrom ? parseIdentity(answeredFrom) : undefined;
  if (there && services.messenger.platforms().includes(there.platform)) return there;
  const target = dmTargetOf(services, memberId);
  return target ? parseIdentity(target) : undefined;
}

/** What the member's copy needs now: nothing, a REQUEST (new or changed) or a CANCEL (withdrawn). */
function needed(services: Services, eventId: number, memberId: number, now: Date): { event: EventRow; member: MemberRow; method: IcsMethod } | undefined {
  const event = getEvent(services.db, eventId);
  const member = findMemberById(services.db, memberId);
  if (!event || !member) return undefined;
  const last = inviteOf(services.db, eventId, memberId);
  const ended = now.getTime() >= event.startsAt.getTime() + event.durationMs;
  if (ended) return undefined;
  const wanted = event.status === 'scheduled' && member.status === 'active' && inviteHolders(services.db, eventId).has(memberId);
  if (wanted) return last?.method === 'REQUEST' && last.eventSequence === event.sequence ? undefined : { event, member, method: 'REQUEST' };
  return last?.method === 'REQUEST' ? { event, member, method: 'CANCEL' } : undefined;
}

async function bringUpToDate({ services, timer, now }: TimerContext): Promise<void> {
  const [eventId, memberId] = timer.subject.split('/').map(Number) as [number, number];
  const need = needed(services, eventId, memberId, now);
  if (!need) return;
  const { event, member, method } = need;
  const identity = targetOf(services, eventId, memberId);
  if (!identity) {
    services.log.warn({ event: eventId, member: memberId }, 'no account on a connected platform for the calendar invite');
    return;
  }
  const last = inviteOf(services.db, eventId, memberId);
  const sequence = last ? Math.max(event.sequence, last.sequence + 1) : event.sequence;
  const { icsUrl } = linksOf(services, event);
  const ics = eventIcs(event, { method, sequence, partnership: services.config.name, stamp: now, ...(icsUrl ? { url: icsUrl } : {}) });
  const file = { name: icsFileName(event.title), mime: 'text/calendar', content: Buffer.from(ics, 'utf8') };
  let location: string | null = null;
  try {
    const sent = await services.messenger.sendFile(identity, file, inviteNote(event, method, member.timezone));
    location = sent.location ?? null;
  } catch (err) {
    // A definite no (the member blocked the bot, no 1:1 chat): retrying will not change it.
    if (err instanceof SendError && err.refused) {
      services.log.warn({ event: eventId, member: memberId, reason: err.reason }, 'the calendar invite was refused');
      return;
    }
    throw err;
  }
  recordInvite(services.db, { eventId, memberId, sequence, eventSequence: event.sequence, method, target: `${identity.platform}:${identity.id}`, location, sentAt: now });
  // An answer or a move that landed while the file was on its way: this timer runs again (it is
  // retried), rather than settling with the member's copy one change behind.
  if (needed(services, eventId, memberId, now)) throw new Error('the event or the answer changed while its invite was sent; sending again');
}

export function registerInvites(registry: Registry): void {
  registry.timer({ kind: INVITE_TIMER, handler: bringUpToDate });
}
