// Closing a survey, at its time (a timer) or early (`survey close`): answers stop, who answered is
// deleted and the keys' hashes erased, and the results — with the response rate — are recorded for the
// coordinators and the survey's vetted conversation in the same transaction, then queued.
import { dmItem, postItem, queueRecorded } from '../../delivery/outbox.js';
import { recordDeliveries, type DeliveryItem } from '../../delivery/store.js';
import { activeCoordinatorIds, dmTargetOf } from '../../members/reach.js';
import type { Services } from '../../services.js';
import { cancelTimersOf } from '../../timers/store.js';
import { resultsConversation } from '../destinations.js';
import { resultsCard, tallySurvey } from '../results.js';
import { CLOSE_TIMER, REMIND_TIMER } from '../schedule.js';
import { answersOf, closeSurvey, getSurvey, type ActedBy, type SurveyRow } from '../store.js';

export const resultsBatch = (id: number) => `survey-${id}-results`;

export type CloseOutcome =
  | { ok: true; survey: SurveyRow; recipients: number; queued: boolean }
  | { ok: false; problem: string; survey?: SurveyRow };

/** The results card of a closed survey, drawn from SQLite. */
export function resultsOf(services: Pick<Services, 'db' | 'config'>, s: SurveyRow) {
  return resultsCard(s, tallySurvey(s, answersOf(services.db, s.id), s.sentTo ?? 0), services.config.name);
}

/**
 * Deleted rows are overwritten (secure_delete) and the write-ahead log is checkpointed and emptied,
 * so the list of who answered and the keys' hashes do not linger in the file's free pages or its log.
 */
function scrubbed<T>(services: Services, work: () => T): T {
  const client = services.db.$client;
  const before = client.pragma('secure_delete', { simple: true });
  client.pragma('secure_delete = ON');
  try {
    return work();
  } finally {
    client.pragma(`secure_delete = ${Number(before) ? 'ON' : 'OFF'}`);
  }
}

function checkpoint(services: Services): void {
  try {
    services.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    // Another process reading keeps the log for now; SQLite checkpoints it later on its own.
    services.log.warn({ err: err instanceof Error ? err.message : err }, 'could not checkpoint the database after a survey closed');
  }
}

export async function closeAndReport(services: Services, id: number, by: ActedBy | 'system'): Promise<CloseOutcome> {
  const now = services.clock();
  const recorded = scrubbed(services, () =>
    services.db.transaction((tx) => {
      const closed = closeSurvey(tx, id, by, now);
      if (!closed) return undefined;
      const subject = String(id);
      cancelTimersOf(tx, REMIND_TIMER, subject, now);
      if (by !== 'system') cancelTimersOf(tx, CLOSE_TIMER, subject, now);
      const card = resultsCard(closed, tallySurvey(closed, answersOf(tx, id), closed.sentTo ?? 0), services.config.name);
      const items: DeliveryItem[] = activeCoordinatorIds(services)
        .map((m) => dmTargetOf(services, m))
        .filter((t): t is string => t !== undefined)
        .map((t) => dmItem(t, card));
      const shared = resultsConversation(services.db, closed.resultsTo);
      if (shared) items.push(postItem(shared.address, card));
      return { closed, ids: recordDeliveries(tx, resultsBatch(id), items, now), recipients: items.length };
    }),
  );
  if (!recorded) {
    const s = getSurvey(services.db, id);
    if (!s) return { ok: false, problem: `There is no survey #${id}. \`survey list\` shows them.` };
    return { ok: false, survey: s, problem: s.status === 'closed' ? `Survey #${id} is already closed; its results went out then (\`survey results ${id}\` shows them again).` : `Survey #${id} is a draft, not open: there is nothing to close. Send it with \`survey send ${id}\`.` };
  }
  checkpoint(services);
  if (recorded.recipients === 0) services.log.warn({ survey: id }, 'survey results: no coordinator can be reached by direct message');
  const queued = await queueRecorded(services, resultsBatch(id), recorded.ids);
  return { ok: true, survey: recorded.closed, recipients: recorded.recipients, queued };
}
