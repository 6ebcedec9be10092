// Announcements' audited action in words, for `audit`.
import type { AuditPhrase } from '../core/audit.js';

export const ANNOUNCE_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'announce.send': (row) => {
    const id = /^announce-(\d+)$/.exec(row.subject ?? '')?.[1];
    const audience = (row.details ?? {}).audience;
    return `sent announcement${id ? ` #${id}` : ''}${typeof audience === 'number' ? ` to ${audience} vetted conversation${audience === 1 ? '' : 's'}` : ''}`;
  },
};
