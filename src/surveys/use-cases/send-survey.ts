// Sending a survey: the audience resolved now, one direct message per reachable member recorded with
// "open", its recipients, its close, reminders and next occurrence in one transaction — then queued.
// The preview's Send button and a repeating survey's next occurrence both end here.
import { reachOf } from '../../members/audience.js';
import { dmItem, queueRecorded } from '../../delivery/outbox.js';
import { recordDeliveries } from '../../delivery/store.js';
import type { Services } from '../../services.js';
import { armTimers } from '../../timers/arm.js';
import { setTimer } from '../../timers/store.js';
import { membersOf } from '../audience.js';
import { ballotCard } from '../ballot.js';
import { MIN_OPEN_MS } from '../definition.js';
import { timersOfOpened } from '../schedule.js';
import { getSurvey, openSurvey, type ActedBy, type SurveyRow } from '../store.js';

export const ballotBatch = (id: number) => `survey-${id}`;

export type SendOutcome = { ok: true; survey: SurveyRow; queued: boolean } | { ok: false; problem: string };

/**
 * `closesAt`: as `closes <when>` gave it; otherwise the survey's own span from now. `recorded` runs once
 * the survey is open and its messages recorded, before they are queued: the coordinator hears "sent"
 * before any member's card arrives (on the console, the card then stays the one whose numbers count).
 */
export async function sendSurvey(services: Services, id: number, by: ActedBy | 'system', closesAt?: Date, recorded?: (survey: SurveyRow) => Promise<void>): Promise<SendOutcome> {
  const { db, config } = services;
  const draft = getSurvey(db, id);
  if (!draft) return { ok: false, problem: `There is no survey #${id}. \`survey list\` shows them.` };
  if (draft.status !== 'draft') return { ok: false, problem: `Survey #${id} was already ${draft.status === 'cancelled' ? 'cancelled' : 'sent'}; nothing more was sent.` };
  if (draft.questions.length === 0) return { ok: false, problem: `Survey #${id} has no questions yet; nothing was sent.` };
  const now = services.clock();
  const close = closesAt ?? new Date(now.getTime() + draft.closesAfterMs);
  if (close.getTime() - now.getTime() < MIN_OPEN_MS) {
    return { ok: false, problem: 'That close is less than an hour away (or already past): give members more time with `survey send <id> closes <when>`.' };
  }
  const audience = await membersOf(services, draft.audience);
  if (!audience.ok) return { ok: false, problem: audience.problem };
  const reach = reachOf(services, audience.members);
  if (reach.reachable.length === 0) return { ok: false, problem: `Nobody in survey #${id}'s audience can be reached by direct message, so nothing was sent.` };
  const zones = new Map(audience.members.map((m) => [m.id, m.timezone]));
  const reader = { partnership: config.name, zone: config.timezone };

  // Open, recipients, one delivery per member and every timer commit together, before Redis is asked.
  const done = db.transaction((tx) => {
    const opened = openSurvey(tx, id, by, reach.reachable, close, now);
    if (!opened) return undefined;
    const items = reach.reachable.map((m) => dmItem(m.target, ballotCard(opened, { ...reader, readerZone: zones.get(m.memberId) ?? null })));
    const ids = recordDeliveries(tx, ballotBatch(id), items, now);
    const tickets = timersOfOpened({ ...opened, openedAt: now, closesAt: close }, config.timezone).map((t) => setTimer(tx, t, now));
    return { opened, ids, tickets };
  });
  if (!done) return { ok: false, problem: `Survey #${id} was already sent; nothing more was sent.` };
  await recorded?.(done.opened);
  const queued = await queueRecorded(services, ballotBatch(id), done.ids);
  await armTimers(services, done.tickets);
  return { ok: true, survey: done.opened, queued };
}
