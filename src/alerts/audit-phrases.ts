// Alerts' audited actions in words, for `audit`: composed, sent for approval, approved, sent with the
// glass broken, declined, cancelled, sent, updated, resolved — each naming the alert by number, severity,
// TLP label and title. A TLP:RED alert's title stays with its named recipients, here as everywhere.
import type { AuditPhrase, AuditRow } from '../core/audit.js';
import { SEVERITY_LABEL, type Severity } from './model.js';
import { getAlert } from './store.js';
import { TLP, tlpName, TLP_LABELS, type TlpLabel } from './tlp.js';

const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};
const isTlp = (v: unknown): v is TlpLabel => typeof v === 'string' && (TLP_LABELS as readonly string[]).includes(v);
const isSeverity = (v: unknown): v is Severity => typeof v === 'string' && v in SEVERITY_LABEL;

/** "URGENT alert #3 (TLP:AMBER) “Suspicious package at 5th & Main”" (a RED one "(TLP:RED, title withheld)"), from the alert or what the row kept. */
function alertNamed(row: AuditRow, db: Parameters<AuditPhrase>[1]['db']): string {
  const id = Number(/^alert-(\d+)$/.exec(row.subject ?? '')?.[1]);
  const alert = Number.isInteger(id) ? getAlert(db, id) : undefined;
  const d = details(row);
  const severity = alert?.severity ?? d.severity;
  const tlp = alert?.tlp ?? d.tlp;
  const title = alert?.title ?? d.title;
  const named = `${isSeverity(severity) ? `${SEVERITY_LABEL[severity]} alert` : 'alert'} #${Number.isInteger(id) ? id : '?'}`;
  if (!isTlp(tlp)) return typeof title === 'string' ? `${named} “${title}”` : named;
  if (TLP[tlp].namedOnly) return `${named} (${tlpName(tlp)}, title withheld)`;
  return typeof title === 'string' ? `${named} (${tlpName(tlp)}) “${title}”` : `${named} (${tlpName(tlp)})`;
}

const count = (n: unknown, one: string, many: string) => (typeof n === 'number' ? `${n} ${n === 1 ? one : many}` : undefined);

export const ALERT_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'alert.compose': (row, r) => {
    const named = count(details(row).named, 'named member', 'named members');
    return `drafted ${alertNamed(row, r.db)}${named && details(row).named !== 0 ? `, for ${named}` : ''}`;
  },
  'alert.cancel': (row, r) => `cancelled ${alertNamed(row, r.db)} before it was sent`,
  'alert.approval-requested': (row, r) => {
    const approvers = count(details(row).approvers, 'board member or coordinator', 'board members and coordinators');
    return `asked for a second approval of ${alertNamed(row, r.db)}${approvers ? ` (${approvers} asked)` : ''}`;
  },
  'alert.approve': (row, r) => `approved ${alertNamed(row, r.db)} as the second person`,
  'alert.decline': (row, r) => `declined ${alertNamed(row, r.db)}: nothing was sent`,
  'alert.break-glass': (row, r) => {
    const reason = details(row).reason;
    return `broke glass to send ${alertNamed(row, r.db)} without a second approval${typeof reason === 'string' ? `, because “${reason}”` : ''}`;
  },
  'alert.send': (row, r) => `sent ${alertNamed(row, r.db)}`,
  'alert.update': (row, r) => `posted an update under ${alertNamed(row, r.db)}`,
  'alert.resolve': (row, r) => `resolved ${alertNamed(row, r.db)} with ALL CLEAR`,
};
