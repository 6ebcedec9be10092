// Vetting reminders: 30 days before a member's vetting runs out, the member and the coordinators are told
// once per vetting period. The reminder's record and its delivery rows are written in one transaction, so
// a daily rerun, a crash or a second process never reminds twice (and never loses one either).
import { createHash } from 'node:crypto';
import { and, eq, gt, isNotNull, lte } from 'drizzle-orm';
import { members, vettingReminders } from '../../../db/schema.js';
import { message } from '../../cards/card.js';
import type { Services } from '../../services.js';
import { formatDate } from '../../core/dates.js';
import { dmItem } from '../../delivery/outbox.js';
import { recordDeliveries } from '../../delivery/store.js';
import { activeCoordinatorIds, dmTargetOf } from '../../members/reach.js';

export const REMINDER_DAYS = 30;
const DAY_MS = 24 * 3600_000;

/**
 * Reminds every active member whose vetting runs out within REMINDER_DAYS and who has not been
 * reminded for this expiry date; returns whom. Coordinators get one list of them.
 */
export async function remindExpiringVettings(services: Services): Promise<{ id: number; name: string }[]> {
  const now = services.clock();
  const { db, config } = services;
  const horizon = new Date(now.getTime() + REMINDER_DAYS * DAY_MS);
  const due = db
    .select()
    .from(members)
    .where(and(eq(members.status, 'active'), isNotNull(members.vettingExpiresAt), gt(members.vettingExpiresAt, now), lte(members.vettingExpiresAt, horizon)))
    .all();
  // Where each DM goes is read before the transaction: it asks the messenger which platforms are connected.
  const targets = new Map(due.map((m) => [m.id, dmTargetOf(services, m.id)]));
  const coordinators = activeCoordinatorIds(services)
    .map((id) => dmTargetOf(services, id))
    .filter((t): t is string => t !== undefined);

  const { reminded, ids } = db.transaction((tx) => {
    const reminded: typeof due = [];
    const ids: number[] = [];
    for (const m of due) {
      // The unique (member, expiry) row decides who reminds: a second process inserts nothing and moves on.
      const inserted = tx.insert(vettingReminders).values({ memberId: m.id, expiresAt: m.vettingExpiresAt!, sentAt: now }).onConflictDoNothing().run();
      if (inserted.changes === 0) continue;
      reminded.push(m);
      const target = targets.get(m.id);
      if (!target) continue;
      const until = formatDate(m.vettingExpiresAt!, config.timezone);
      const card = message(
        `Your vetting as a member of ${config.name} runs out on ${until}. Ask a board member or coordinator to renew it (they run \`vet\` for you); otherwise your membership is suspended that day until someone vets you again.`,
      );
      ids.push(...recordDeliveries(tx, `vetting-reminder-${m.id}-${m.vettingExpiresAt!.getTime()}`, [dmItem(target, card)], now));
    }
    if (reminded.length > 0 && coordinators.length > 0) {
      const lines = reminded.map((m) => `• ${m.name}: ${formatDate(m.vettingExpiresAt!, config.timezone)}${m.isCoordinator ? ' (a coordinator: left active after expiry, but renew it)' : ''}`);
      const card = message(`Vetting runs out within ${REMINDER_DAYS} days for:\n${lines.join('\n')}\nRenew each with \`vet @name\`; a lapsed vetting suspends the member on the day.`);
      // Named after whom it lists, so the same list is never sent twice and a later one is its own.
      const batch = `vetting-reminders-${createHash('sha256').update(reminded.map((m) => `${m.id}@${m.vettingExpiresAt!.getTime()}`).join(',')).digest('hex').slice(0, 16)}`;
      ids.push(...recordDeliveries(tx, batch, coordinators.map((t) => dmItem(t, card)), now));
    }
    return { reminded, ids };
  });

  if (ids.length > 0) {
    try {
      await services.outbox.enqueue(ids);
    } catch (err) {
      services.log.warn({ err }, 'could not queue vetting reminders now; reconcile will');
    }
  }
  return reminded.map((m) => ({ id: m.id, name: m.name }));
}
