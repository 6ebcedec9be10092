// The roster's audited actions in words, for `audit`: joining, nominating, vetting, running records,
// coordinators from PPP_ADMINS and the console, linked accounts, roster files. Names, never ids; fields
// by their labels, bookkeeping left out.
import type { AuditPhrase, AuditRow } from '../../core/audit.js';
import { formatDate } from '../../core/dates.js';
import { parseIdentity } from '../../core/identity.js';
import { PLATFORM_SHORT_NAME } from '../../core/platform-names.js';
import { fieldLabels } from '../../members/fields.js';
import { categoryLabel } from '../../members/listing.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};
/** "Karen Wu's", or "their own" when the actor acted on their own record. */
const whose = (whom: string, self: boolean) => (self ? 'their own' : `${whom}'s`);
const dateOf = (iso: unknown, zone: string) => {
  const at = typeof iso === 'string' ? new Date(iso) : undefined;
  return at && !Number.isNaN(at.getTime()) ? formatDate(at, zone) : undefined;
};
/** Which platform an identity string is on, as people name it ("a Teams account"). */
const accountOf = (identity: unknown) => {
  const parsed = typeof identity === 'string' ? parseIdentity(identity) : undefined;
  return parsed ? `${PLATFORM_SHORT_NAME[parsed.platform]} account` : 'account';
};
const fileName = (path: string | null | undefined) => (path ? (path.split(/[\\/]/).pop() ?? path) : 'a roster file');

const VIA: Record<string, string> = { PPP_ADMINS: 'listed in PPP_ADMINS', 'console user': 'whoever holds the console' };

export const ROSTER_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'member.join-request': (row) => {
    const d = details(row);
    const what = [str(d.organization), categoryLabel(str(d.category) ?? null)?.toLowerCase()].filter(Boolean).join(', ');
    return `asked to join${what ? ` (${what})` : ''}`;
  },
  'member.nominate': (row, r) => `nominated ${r.whom}${details(row).again ? ' again' : ''}`,
  'member.vet': (row, r) => {
    const d = details(row);
    const until = dateOf(d.expires, r.timezone);
    if (d.renewed) return `renewed ${whose(r.whom, r.self)} vetting${until ? ` until ${until}` : ''}`;
    const was = str(d.previousStatus);
    return `vetted ${r.whom}${was && was !== 'active' ? ` (they were ${was})` : ''}${until ? `, until ${until}` : ''}`;
  },
  'member.decline': (row, r) => `declined the ${details(row).nominatedBy ? 'nomination' : 'request to join'} of ${r.whom}`,
  'member.suspend': (row, r) => `suspended ${r.whom}${str(details(row).reason) ? ` (${str(details(row).reason)})` : ''}`,
  'member.depart': (row, r) => {
    const successor = details(row).successor as { name?: unknown } | null | undefined;
    return `recorded that ${r.whom} left the partnership${str(successor?.name) ? `; ${str(successor?.name)} succeeds them` : ''}`;
  },
  'member.tier': (row, r) => `moved ${r.whom} to ${details(row).to === 'board' ? 'the executive board' : 'general membership (off the board)'}`,
  'member.coordinator': (row, r) => {
    const on = !!details(row).on;
    if (r.self) return on ? 'took the coordinator role' : 'gave up the coordinator role';
    return on ? `gave ${r.whom} the coordinator role` : `took the coordinator role from ${r.whom}`;
  },
  'member.issuer': (row, r) => {
    const on = !!details(row).on;
    if (r.self) return on ? 'became an alert issuer' : 'gave up the alert-issuer role';
    return on ? `made ${r.whom} an alert issuer` : `took the alert-issuer role from ${r.whom}`;
  },
  'member.add': (row, r) => {
    const d = details(row);
    const fields = fieldLabels(Array.isArray(d.fields) ? d.fields.filter((f) => f !== 'name') : []);
    return `added ${r.whom} to the roster (${d.status === 'active' ? 'active, vetted now' : 'nominated'})${fields.length ? ` with ${fields.join(', ')}` : ''}`;
  },
  'member.edit': (row, r) => {
    const fields = fieldLabels(Array.isArray(details(row).changed) ? (details(row).changed as unknown[]) : []);
    return `edited ${whose(r.whom, r.self)} record${fields.length ? `: ${fields.join(', ')}` : ''}`;
  },
  'profile.edit': (row) => {
    const fields = fieldLabels(Array.isArray(details(row).changed) ? (details(row).changed as unknown[]) : []);
    return `edited their profile${fields.length ? `: ${fields.join(', ')}` : ''}`;
  },
  'member.contacts-erased': (row, r) => {
    const days = details(row).retentionDays;
    return `erased the contact details of ${r.whom}${typeof days === 'number' ? `, ${days} days after they left` : ''}`;
  },
  'member.vetting-lapsed': (row, r) => {
    const on = dateOf(details(row).expired, r.timezone);
    return `suspended ${r.whom}: their vetting lapsed${on ? ` on ${on}` : ''}`;
  },
  'coordinator.grant': (row, r) => {
    const d = details(row);
    const via = VIA[str(d.via) ?? ''] ?? 'from the configuration';
    // Before an admin first speaks their record has no name, only the account.
    if (row.subjectMemberId === null && parseIdentity(row.subject ?? '')) return `made a ${accountOf(row.subject)} ${via} a coordinator`;
    return d.created ? `added ${r.whom} to the roster as a coordinator (${via})` : `made ${r.whom} a coordinator (${via})`;
  },
  'coordinator.revoke': (row, r) => {
    const who = row.subjectMemberId === null ? `a ${accountOf((row.subject ?? '').split(',')[0])}` : r.whom;
    return `took the coordinator role from ${who}${str(details(row).reason) ? ` (${str(details(row).reason)})` : ''}`;
  },
  'identity.link': (row, r) => {
    const d = details(row);
    const how = d.via === 'import' ? ' from a roster file' : d.via === 'email' ? ' (matched by email)' : '';
    return r.self ? `linked their ${accountOf(d.identity)}${how}` : `linked a ${accountOf(d.identity)} to ${whose(r.whom, false)} record${how}`;
  },
  'identity.unlink': (row, r) => (r.self ? `unlinked their ${accountOf(details(row).identity)}` : `took a ${accountOf(details(row).identity)} off ${whose(r.whom, false)} record`),
  'member.import': (row, r) => {
    const d = details(row);
    const file = fileName(str(d.file));
    if (d.created) return `added ${r.whom} to the roster from ${file}${str(d.status) ? ` (${str(d.status)})` : ''}`;
    const changed = Array.isArray(d.changed) ? (d.changed as unknown[]) : [];
    const bits = [fieldLabels(changed.filter((c) => c !== 'status')).join(', ')];
    if (changed.includes('vettedAt')) bits.push('vetting renewed');
    else if (changed.includes('status') && str(d.status)) bits.push(`now ${str(d.status)}`);
    if (Array.isArray(d.linked) && d.linked.length) bits.push(`${d.linked.map(accountOf).join(' and ')} linked`);
    const what = bits.filter(Boolean).join('; ');
    return `updated ${r.whom} from ${file}${what ? `: ${what}` : ''}`;
  },
  'roster.import': (row) => {
    const d = details(row);
    const n = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : 0);
    return `imported ${fileName(row.subject)}: ${n('added')} added, ${n('updated')} updated${n('unchanged') ? `, ${n('unchanged')} unchanged` : ''}`;
  },
  'roster.export': (row) => {
    const rows = details(row).rows;
    return `exported the roster${typeof rows === 'number' ? ` (${rows} member${rows === 1 ? '' : 's'})` : ''}`;
  },
};
