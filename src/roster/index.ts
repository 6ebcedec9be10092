// The roster feature: joining and vetting, running members' records, profiles, the directory, `who`,
// the audit, linked Slack and Teams accounts, CSV import, export and template, and its daily tasks
// (vetting lapses and reminders, contact retention).
import type { Registry } from '../commands/registry.js';
import { registerAudit } from './audit-command.js';
import { registerRosterExport } from './export-command.js';
import { registerRosterImport } from './import-command.js';
import { registerJoin } from './join-command.js';
import { registerLink } from './link-command.js';
import { registerMember } from './member-command.js';
import { registerMemberForm } from './member-form.js';
import { registerNominate } from './nominate-command.js';
import { registerProfile } from './profile-command.js';
import { registerRoster } from './roster-command.js';
import { registerRosterTasks } from './tasks.js';
import { registerRosterTemplate } from './template-command.js';
import { registerUnlink } from './unlink-command.js';
import { registerVet } from './vet-command.js';
import { registerVettingActions } from './vetting-actions.js';
import { registerWho } from './who-command.js';

export function register(registry: Registry): void {
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
  registerLink(registry);
  registerUnlink(registry);
  registerRosterImport(registry);
  registerRosterExport(registry);
  registerRosterTemplate(registry);
  registerRosterTasks(registry);
}
