// Vetted conversations' audited actions in words, for `audit`: each conversation by its name.
import type { AuditPhrase, AuditRow } from '../core/audit.js';
import { platformOf } from '../core/address.js';
import { describeChannel, getChannel } from './store.js';

const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};

/** The conversation a row names, by the name it had then (or has now). */
function conversation(row: AuditRow, db: Parameters<AuditPhrase>[1]['db']): string {
  const address = row.subject ?? '';
  const name = typeof details(row).name === 'string' ? (details(row).name as string) : (getChannel(db, address)?.name ?? null);
  try {
    return describeChannel({ name, address, platform: platformOf(address) });
  } catch {
    return 'a conversation';
  }
}

export const CHANNEL_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'channel.vet': (row, r) => {
    const d = details(row);
    const previous = d.previous as { kind?: unknown; status?: unknown } | null | undefined;
    const was = previous?.status === 'vetted' && previous.kind !== d.kind ? ` (it was ${String(previous.kind)})` : '';
    return `vetted ${conversation(row, r.db)} as ${d.kind === 'executive' ? 'an executive' : 'a general'} conversation${was}`;
  },
  'channel.unvet': (row, r) => `stopped announcements and alerts to ${conversation(row, r.db)} (no longer vetted)`,
  'channel.unreachable': (row, r) => `lost ${conversation(row, r.db)}${typeof details(row).reason === 'string' ? ` (${String(details(row).reason)})` : ''}; it is marked unreachable`,
};
