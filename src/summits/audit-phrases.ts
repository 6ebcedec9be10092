// Summits' audited actions in words, for `audit`: scheduled, moved, cancelled, attendance recorded —
// each naming the event by its kind and title, with times in the event's own zone.
import type { AuditPhrase, AuditRow } from '../core/audit.js';
import { describeWhen } from '../core/when.js';
import { kindNoun } from './kinds.js';
import { eventIdOf, getEvent } from './store.js';

const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};
const when = (iso: unknown, zone: string) => (typeof iso === 'string' && !Number.isNaN(Date.parse(iso)) ? describeWhen(new Date(iso), zone) : undefined);

/** "the summit “Spring summit”", or "event #4" when it is gone. */
function eventNamed(row: AuditRow, db: Parameters<AuditPhrase>[1]['db']): { name: string; zone: string | undefined } {
  const id = eventIdOf(row.subject ?? '');
  const event = id === undefined ? undefined : getEvent(db, id);
  return event ? { name: `the ${kindNoun(event.kind)} “${event.title}” (#${event.id})`, zone: event.zone } : { name: `event #${id ?? '?'}`, zone: undefined };
}

export const SUMMIT_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'summit.schedule': (row, r) => {
    const d = details(row);
    const zone = typeof d.zone === 'string' ? d.zone : r.timezone;
    const at = when(d.startsAt, zone);
    return `scheduled ${eventNamed(row, r.db).name}${at ? ` for ${at}` : ''}${typeof d.audience === 'number' ? `, announced to ${d.audience} member${d.audience === 1 ? '' : 's'}` : ''}`;
  },
  'summit.move': (row, r) => {
    const d = details(row);
    const { name, zone } = eventNamed(row, r.db);
    const z = typeof d.zone === 'string' ? d.zone : (zone ?? r.timezone);
    const [from, to] = [when(d.from, z), when(d.to, z)];
    return `moved ${name}${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`;
  },
  'summit.cancel': (row, r) => `cancelled ${eventNamed(row, r.db).name}${typeof details(row).reason === 'string' ? ` (${String(details(row).reason)})` : ''}`,
  'summit.attendance': (row, r) => {
    const d = details(row);
    const present = typeof d.present === 'number' ? d.present : 0;
    const represented = typeof d.represented === 'number' ? d.represented : 0;
    return `recorded who came to ${eventNamed(row, r.db).name}: ${present} present${represented ? `, ${represented} represented by an alternate` : ''}`;
  },
};
