// Reaching members directly: which platform identity a DM goes to, telling one member or every coordinator
// (always through the delivery engine, keyed by an occasion so a retry never sends twice), and how a
// command is typed in the chat a DM lands in.
import { and, eq } from 'drizzle-orm';
import type { Card } from '../cards/card.js';
import type { Services } from '../services.js';
import { members } from '../../db/schema.js';
import { formatIdentity, type Platform } from '../core/identity.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { identitiesOf } from './store.js';

const PREFERENCE: Platform[] = ['slack', 'teams', 'console'];

/** The identity a member is messaged on: one per member, on a platform this deployment reaches. */
export function dmTargetOf(services: Services, memberId: number): string | undefined {
  const connected = services.messenger.platforms();
  const ids = identitiesOf(services.db, memberId).filter((i) => connected.includes(i.platform));
  ids.sort((a, b) => PREFERENCE.indexOf(a.platform) - PREFERENCE.indexOf(b.platform));
  return ids[0] ? formatIdentity(ids[0]) : undefined;
}

export function activeCoordinatorIds(services: Services): number[] {
  return services.db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.status, 'active'), eq(members.isCoordinator, true)))
    .all()
    .map((r) => r.id);
}

/**
 * DMs every active coordinator once (on one platform each) through the delivery engine. `batch`
 * names the occasion, so telling them twice about one event sends nothing the second time.
 */
export async function notifyCoordinators(
  services: Services,
  batch: string,
  card: Card,
  options: { excludePlatform?: Platform; /** A coordinator who is acting and hears it in the reply. */ except?: number } = {},
): Promise<number> {
  const targets = activeCoordinatorIds(services)
    .filter((id) => id !== options.except)
    .map((id) => dmTargetOf(services, id))
    .filter((t): t is string => t !== undefined && (!options.excludePlatform || !t.startsWith(`${options.excludePlatform}:`)));
  if (targets.length === 0) {
    services.log.warn({ batch }, 'no coordinator can be reached by direct message');
    return 0;
  }
  await sendBatch(services, batch, targets.map((t) => dmItem(t, card)));
  return targets.length;
}

/** DMs a member on the platform they are reached on; false when the bot cannot reach them. */
export async function tellMember(services: Services, batch: string, memberId: number, card: Card): Promise<boolean> {
  const target = dmTargetOf(services, memberId);
  if (!target) return false;
  await sendBatch(services, batch, [dmItem(target, card)]);
  return true;
}

/** How a command is typed in the 1:1 chat a DM lands in: Teams needs no prefix there, Slack its slash command. */
export function dmPrefix(target: string | undefined): string {
  return target?.startsWith('teams:') ? '' : '/ppp ';
}
