// Reviews' audited actions in words, for `audit`: each review by its title and number, a conversation
// by its name.
import { describeChannel, getChannel } from '../channels/store.js';
import type { AuditPhrase, AuditRow } from '../core/audit.js';
import { titleOf } from './resolve.js';
import { getReview } from './store.js';
import { reviewIdOf } from './subjects.js';

const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};

function review(row: AuditRow, db: Parameters<AuditPhrase>[1]['db']): string {
  const id = reviewIdOf(row.subject ?? '');
  const found = id === undefined ? undefined : getReview(db, id);
  return found ? titleOf(found) : `review #${id ?? '?'}`;
}

export const CHECKLIST_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'checklist.close': (row, r) => `closed ${review(row, r.db)}`,
  'checklist.reopen': (row, r) => `reopened ${review(row, r.db)}`,
  'checklist.share': (row, r) => {
    const address = typeof details(row).conversation === 'string' ? (details(row).conversation as string) : '';
    const channel = address ? getChannel(r.db, address) : undefined;
    return `showed ${review(row, r.db)} in ${channel ? describeChannel(channel) : 'another conversation'} too`;
  },
  'checklist.export': (row, r) => {
    const rows = details(row).rows;
    return `exported ${review(row, r.db)} as a CSV file${typeof rows === 'number' ? ` (${rows} row${rows === 1 ? '' : 's'})` : ''}`;
  },
};
