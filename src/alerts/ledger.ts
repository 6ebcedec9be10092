// The status ledger of one alert, read from SQLite: per organization who answered what and when and who
// has not; per conversation and direct message whether the copy was delivered, failed (why), stayed
// unconfirmed or is pending; the time from Send to the first and the last copy; the median time to answer;
// and everyone still to call.
import { eq } from 'drizzle-orm';
import { alertRecipients, members, organizations } from '../../db/schema.js';
import { findMemberById } from '../members/store.js';
import { dmTargetOf } from '../members/reach.js';
import type { Services } from '../services.js';
import type { Db } from '../../db/client.js';
import { conversationNames } from './conversations.js';
import { copiesOf, type Copy } from './copies.js';
import { PLATFORM_LABEL } from '../core/platform-names.js';
import type { Platform } from '../core/identity.js';
import { batchOf, type AlertRow, type Answer } from './model.js';

export interface LedgerMember {
  memberId: number;
  name: string;
  answer: Answer | null;
  answeredAt: Date | null;
  /** The platform of the account that answered. */
  via: string | null;
  contact247: string | null;
  escalated: boolean;
}

export interface CallEntry {
  name: string;
  organization?: string | null;
  contact247: string | null;
  /** Set for an alternate: the member they stand in for. */
  forMember?: string;
}

export interface Ledger {
  organizations: { name: string; members: LedgerMember[] }[];
  needHelp: (LedgerMember & { organization: string | null })[];
  notAnswered: number;
  posts: Copy[];
  dms: Copy[];
  firstCopyMs?: number;
  lastCopyMs?: number;
  /** Every copy settled (delivered, failed or unconfirmed). */
  settled: boolean;
  medianAnswerMs?: number;
  calls: CallEntry[];
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Conversation addresses and the identities direct messages went to, by the names people know. */
export function targetNames(db: Db, alertId: number): Map<string, string> {
  const names = conversationNames(db);
  const recipients = db
    .select({ target: alertRecipients.dmTarget, name: members.name })
    .from(alertRecipients)
    .innerJoin(members, eq(members.id, alertRecipients.memberId))
    .where(eq(alertRecipients.alertId, alertId))
    .all();
  for (const r of recipients) if (r.target) names.set(r.target, r.name);
  return names;
}

export function ledgerOf(services: Services, alert: AlertRow): Ledger {
  const { db } = services;
  const rows = db
    .select({ r: alertRecipients, name: members.name, contact247: members.contact247, organization: organizations.name })
    .from(alertRecipients)
    .innerJoin(members, eq(members.id, alertRecipients.memberId))
    .leftJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(alertRecipients.alertId, alert.id))
    .all();
  const byOrg = new Map<string, LedgerMember[]>();
  const needHelp: Ledger['needHelp'] = [];
  const calls: CallEntry[] = [];
  const answerTimes: number[] = [];
  const sentAt = alert.sentAt?.getTime();
  for (const { r, name, contact247, organization } of rows) {
    const entry: LedgerMember = {
      memberId: r.memberId,
      name,
      answer: (r.answer as Answer | null) ?? null,
      answeredAt: r.answeredAt,
      via: r.answeredVia ? (PLATFORM_LABEL[r.answeredVia.slice(0, r.answeredVia.indexOf(':')) as Platform] ?? null) : null,
      contact247,
      escalated: r.escalatedAt !== null,
    };
    const org = organization ?? 'No organization on file';
    byOrg.set(org, [...(byOrg.get(org) ?? []), entry]);
    if (entry.answer === 'need-help') needHelp.push({ ...entry, organization });
    if (r.firstAnsweredAt && sentAt !== undefined) answerTimes.push(r.firstAnsweredAt.getTime() - sentAt);
    // Nobody could message them: the sender calls them instead.
    if (!r.dmTarget && !dmTargetOf(services, r.memberId)) calls.push({ name, organization, contact247 });
    if (entry.escalated && entry.answer === null) {
      const member = findMemberById(db, r.memberId);
      if (member && !member.alternateMemberId && (member.alternateName || member.alternatePhone)) {
        calls.push({ name: member.alternateName ?? 'their alternate', contact247: member.alternatePhone, forMember: name });
      }
    }
  }
  const copies = copiesOf(db, batchOf(alert.id));
  const sentTimes = copies.filter((c) => c.status === 'sent' && c.settledAt).map((c) => c.settledAt!.getTime());
  const ledger: Ledger = {
    organizations: [...byOrg]
      .map(([name, list]) => ({ name, members: list.sort((a, b) => a.name.localeCompare(b.name)) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    needHelp,
    notAnswered: rows.filter((r) => r.r.answer === null).length,
    posts: copies.filter((c) => c.kind === 'post'),
    dms: copies.filter((c) => c.kind === 'dm'),
    settled: copies.every((c) => c.status !== 'pending'),
    calls,
  };
  if (sentAt !== undefined && sentTimes.length > 0) {
    ledger.firstCopyMs = Math.min(...sentTimes) - sentAt;
    ledger.lastCopyMs = Math.max(...sentTimes) - sentAt;
  }
  const m = median(answerTimes);
  if (m !== undefined) ledger.medianAnswerMs = m;
  return ledger;
}
