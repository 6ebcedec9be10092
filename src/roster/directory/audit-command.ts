// `audit [n]`: the latest privileged actions for coordinators, newest first and paged — who did what, to
// whom, when (in the partnership's time zone). Contact details never reach the audit, so none show here.
import { desc } from 'drizzle-orm';
import { auditLog, members } from '../../../db/schema.js';
import { context, pageOf, PAGE_SIZE, type Card, type ListItem } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatDateTime } from '../../core/dates.js';

const DEFAULT_N = 100;
const MAX_N = 1000;

type AuditRow = typeof auditLog.$inferSelect;

/** What happened, as a verb phrase before the subject's name. */
function verb(row: AuditRow): string {
  const d = row.details ?? {};
  switch (row.action) {
    case 'member.join-request': return 'asked to join';
    case 'member.nominate': return d.again ? 'nominated again' : 'nominated';
    case 'member.vet': return d.renewed ? 'renewed the vetting of' : 'vetted';
    case 'member.decline': return 'declined';
    case 'member.suspend': return 'suspended';
    case 'member.depart': return 'recorded the departure of';
    case 'member.tier': return `moved to tier ${String(d.to)}:`;
    case 'member.coordinator': return d.on ? 'gave the coordinator role to' : 'took the coordinator role from';
    case 'member.issuer': return d.on ? 'made an alert issuer of' : 'took the alert-issuer role from';
    case 'member.add': return 'added';
    case 'member.edit': return 'edited';
    case 'profile.edit': return 'edited their profile';
    case 'member.contacts-erased': return 'erased the contact details of';
    case 'member.vetting-lapsed': return 'suspended (vetting lapsed):';
    case 'coordinator.grant': return 'made coordinator:';
    case 'coordinator.revoke': return 'took the coordinator role from';
    case 'channel.vet': return `vetted a conversation as ${String(d.kind ?? '')}:`;
    case 'channel.unvet': return 'unvetted a conversation:';
    case 'channel.unreachable': return 'lost a conversation:';
    case 'announce.send': return 'sent an announcement:';
    // A member links and unlinks their own accounts: then the subject is not named again.
    case 'identity.link': return `linked the account ${String(d.identity ?? '')}${row.actorMemberId === row.subjectMemberId ? '' : ' to'}`;
    case 'identity.unlink': return `unlinked the account ${String(d.identity ?? '')}${row.actorMemberId === row.subjectMemberId ? '' : ' from'}`;
    case 'member.import': return d.created ? 'imported' : 'updated by import:';
    case 'roster.import': return `imported a roster file (${String(d.added ?? 0)} added, ${String(d.updated ?? 0)} updated):`;
    case 'roster.export': return `exported the roster (${String(d.rows ?? 0)} members):`;
    default: return `${row.action}:`;
  }
}

function detailOf(row: AuditRow): string | undefined {
  const d = row.details ?? {};
  const bits: string[] = [];
  if (typeof d.reason === 'string') bits.push(d.reason);
  if (d.successor && typeof d.successor === 'object') bits.push(`successor ${String((d.successor as { name?: unknown }).name)}`);
  if (Array.isArray(d.changed)) bits.push(`changed ${d.changed.join(', ')}`);
  if (typeof d.previousStatus === 'string' && d.previousStatus !== 'active') bits.push(`was ${d.previousStatus}`);
  if (typeof d.via === 'string') bits.push(`via ${d.via}`);
  if (typeof d.organization === 'string') bits.push(d.organization);
  if (typeof d.category === 'string') bits.push(d.category);
  if (typeof d.status === 'string') bits.push(d.status);
  return bits.length ? bits.join('; ') : undefined;
}

const ARGS = [{ name: 'n', kind: 'number', optional: true, min: 1, max: MAX_N }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services } = ctx;
  const n = ctx.args.n ?? DEFAULT_N;
  const rows = services.db.select().from(auditLog).orderBy(desc(auditLog.at), desc(auditLog.id)).limit(n).all();
  const names = new Map(services.db.select({ id: members.id, name: members.name }).from(members).all().map((m) => [m.id, m.name]));
  const items: ListItem[] = rows.map((row) => {
    // Someone acting on their own record (a join request, a profile) is named once.
    const self = row.actorMemberId !== null && row.actorMemberId === row.subjectMemberId;
    const whom = self ? '' : row.subjectMemberId ? (names.get(row.subjectMemberId) ?? row.subject ?? `member #${row.subjectMemberId}`) : (row.subject ?? '');
    const actorName = row.actorMemberId ? names.get(row.actorMemberId) : undefined;
    const who = actorName ?? (self ? (row.subject ?? row.actor) : row.actor === 'system' ? 'PPP Bot' : row.actor);
    const detail = detailOf(row);
    const title = `${formatDateTime(row.at, services.config.timezone)} — ${who} ${verb(row)} ${whom}`.trim();
    return detail ? { title, detail } : { title };
  });
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const card: Card = {
    header: 'Audit: latest privileged actions',
    elements: [
      { type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: `audit ${n}`, empty: 'Nothing has been audited yet.' } },
      context(`The latest ${rows.length} of at most ${n}, newest first; times in ${services.config.timezone}.`),
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
}
