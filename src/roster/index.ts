// Registers the roster: joining and vetting, running members' records, profiles, the directory, `who`
// and the audit. Retention and vetting lapses are exported for the scheduled jobs.
import type { Registry } from '../commands/registry.js';
import { registerAudit } from './audit-command.js';
import { registerJoin } from './join-command.js';
import { registerMember } from './member-command.js';
import { registerMemberForm } from './member-form.js';
import { registerNominate } from './nominate-command.js';
import { registerProfile } from './profile-command.js';
import { registerRoster } from './roster-command.js';
import { registerRosterTasks } from './tasks.js';
import { registerVet } from './vet-command.js';
import { registerVettingActions } from './vetting-actions.js';
import { registerWho } from './who-command.js';

export { eraseExpiredContacts } from './retention.js';
export { suspendLapsedVettings } from './lapse.js';

export function registerRosterCommands(registry: Registry): void {
  registerJoin(registry);
  registerNominate(registry);
  registerVet(registry);
  registerVettingActions(registry);
  registerMember(registry);
  registerMemberForm(registry);
  registerProfile(registry);
  registerRoster(registry);
  registerWho(registry);
  registerAudit(registry);
  registerRosterTasks(registry);
}
