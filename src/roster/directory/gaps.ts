// Where the roster would fail the partnership in a crisis (the resilience ingredient): active members
// with no 24/7 line, no alternate, an alternate nobody can reach, a vetting about to lapse, or no Slack
// or Teams account at all. Read-only; names, never contact details.
import type { Db } from '../../../db/client.js';
import type { MemberRow } from '../../members/model.js';
import { listMembers } from '../../members/listing.js';
import { identitiesOf } from '../../members/store.js';

/** How far ahead a lapsing vetting counts as a gap: the month the upkeep task starts reminding in. */
export const LAPSE_WINDOW_DAYS = 30;

export interface Gaps {
  noLine: MemberRow[];
  noAlternate: MemberRow[];
  /** Members whose alternate is not active, or has no Slack or Teams account, and why. */
  unreachableAlternate: { member: MemberRow; why: string }[];
  lapsing: MemberRow[];
  noAccount: MemberRow[];
}

/** A Slack or Teams account on file: what the bot reaches people on, in any deployment of it. */
const hasAccount = (db: Db, m: MemberRow) => identitiesOf(db, m.id).some((i) => i.platform === 'slack' || i.platform === 'teams');

export function findGaps(db: Db, now: Date): Gaps {
  const all = listMembers(db).map((l) => l.member);
  const byId = new Map(all.map((m) => [m.id, m]));
  const active = all.filter((m) => m.status === 'active');
  const soon = now.getTime() + LAPSE_WINDOW_DAYS * 86_400_000;
  const unreachableAlternate: Gaps['unreachableAlternate'] = [];
  for (const m of active) {
    if (m.alternateMemberId === null) continue;
    const alt = byId.get(m.alternateMemberId);
    if (!alt || alt.status !== 'active') unreachableAlternate.push({ member: m, why: alt ? `alternate ${alt.name} is ${alt.status}` : 'their alternate left the roster' });
    else if (!hasAccount(db, alt)) unreachableAlternate.push({ member: m, why: `alternate ${alt.name} has no Slack or Teams account` });
  }
  return {
    noLine: active.filter((m) => !m.contact247),
    noAlternate: active.filter((m) => m.alternateMemberId === null && !m.alternateName),
    unreachableAlternate,
    lapsing: active.filter((m) => m.vettingExpiresAt !== null && m.vettingExpiresAt.getTime() <= soon),
    noAccount: active.filter((m) => !hasAccount(db, m)),
  };
}
