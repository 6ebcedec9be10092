// `audit [n]`: the latest privileged actions for coordinators, newest first and paged, each a sentence —
// who did what, to whom, when (in the partnership's time zone) — in the words the feature that audits
// the action registered (Registry.auditPhrases). Contact details never reach the audit, so none show here.
import { desc } from 'drizzle-orm';
import { auditLog, members } from '../../../db/schema.js';
import { context, pageOf, PAGE_SIZE, type Card, type ListItem } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import type { AuditRow } from '../../core/audit.js';
import { formatDateTime } from '../../core/dates.js';
import type { Services } from '../../services.js';
import { ROSTER_AUDIT_PHRASES } from './audit-phrases.js';

const DEFAULT_N = 100;
const MAX_N = 1000;

/** One row as a sentence: "1 Dec 2026 11:02 CST — Maya Chen vetted Karen Wu, until 1 Dec 2027." */
export function auditSentence(services: Services, row: AuditRow, names: Map<number, string>): string {
  const nameOf = (id: number | null | undefined) => (id == null ? undefined : names.get(id));
  // Someone acting on their own record (a join request, a profile) is named once.
  const self = row.actorMemberId !== null && row.actorMemberId === row.subjectMemberId;
  const subjectName = nameOf(row.subjectMemberId) ?? (row.subjectMemberId !== null ? (row.subject ?? 'a former member') : (row.subject ?? ''));
  const who = nameOf(row.actorMemberId) ?? (row.actor === 'system' ? 'PPP Bot' : self ? subjectName : 'a former member');
  const reading = { db: services.db, timezone: services.config.timezone, nameOf, whom: self ? 'themselves' : subjectName, self };
  const phrase = services.registry.auditPhrase(row.action);
  // An action no feature put into words still reads as a sentence, without its code name's punctuation.
  const words = phrase ? phrase(row, reading) : `recorded “${row.action.replace(/[._-]+/g, ' ')}”${row.subjectMemberId !== null ? ` for ${reading.whom}` : ''}`;
  return `${formatDateTime(row.at, services.config.timezone)} — ${who} ${words}.`;
}

const ARGS = [{ name: 'n', kind: 'number', optional: true, min: 1, max: MAX_N }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services } = ctx;
  const n = ctx.args.n ?? DEFAULT_N;
  const rows = services.db.select().from(auditLog).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(n).all();
  const names = new Map(services.db.select({ id: members.id, name: members.name }).from(members).all().map((m) => [m.id, m.name]));
  const items: ListItem[] = rows.map((row) => ({ title: auditSentence(services, row, names) }));
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const shown = rows.length < n ? `All ${rows.length} action${rows.length === 1 ? '' : 's'} so far` : `The ${n} most recent action${n === 1 ? '' : 's'}`;
  const card: Card = {
    header: 'Audit: latest privileged actions',
    elements: [
      { type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: `audit ${n}`, empty: 'Nothing has been audited yet.' } },
      context(`${shown}, newest first; times in ${services.config.timezone}.${rows.length === n && n < MAX_N ? ` \`audit ${Math.min(MAX_N, n * 10)}\` goes further back.` : ''}`),
    ],
  };
  await ctx.respond.replyPrivately(card);
}

export function registerAudit(registry: Registry): void {
  registry.command({
    name: 'audit',
    permission: 'coordinator',
    usage: '[n]',
    summary: 'The latest privileged actions: who did what, to whom, and when.',
    details: `Shows the latest n audited actions (default ${DEFAULT_N}, at most ${MAX_N}), newest first, ${PAGE_SIZE} to a page.`,
    args: ARGS,
    handler,
  });
  registry.auditPhrases(ROSTER_AUDIT_PHRASES);
}
