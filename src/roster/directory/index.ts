// The directory: what members read about one another — the roster, its gaps and who waits to be
// vetted, `who` to call, the audit of changes — and the entry each member keeps about themself
// (`profile`). Every answer is private.
import type { Registry } from '../../commands/registry.js';
import { registerAudit } from './audit-command.js';
import { registerRosterGaps } from './gaps-command.js';
import { registerRosterPending } from './pending-command.js';
import { registerProfile } from './profile-command.js';
import { registerRoster } from './roster-command.js';
import { registerWho } from './who-command.js';

export function register(registry: Registry): void {
  registerProfile(registry);
  registerRoster(registry);
  registerWho(registry);
  registerAudit(registry);
  registerRosterGaps(registry);
  registerRosterPending(registry);
}
