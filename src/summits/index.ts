// The summits feature: scheduling summits and meetings with a confirmed date, RSVPs across platforms,
// calendar invites (a file by DM, a link served by the bot), reminders that survive restarts, moves and
// cancels, attendance, and the `cadence` view of the year's rhythm.
import type { Registry } from '../commands/registry.js';
import { registerSummitActions } from './actions.js';
import { SUMMIT_AUDIT_PHRASES } from './audit-phrases.js';
import { registerAttendance } from './attendance-command.js';
import { registerCadence } from './cadence-command.js';
import { registerChangeCommands } from './change-commands.js';
import { registerFollowUp } from './follow-up.js';
import { registerIcsRoute } from './ics-route.js';
import { registerInvites } from './calendar-invites.js';
import { registerList } from './list-command.js';
import { registerReminders } from './reminders.js';
import { registerSchedule } from './schedule-command.js';

export function register(registry: Registry): void {
  registerSchedule(registry);
  registerChangeCommands(registry);
  registerAttendance(registry);
  registerList(registry);
  registerCadence(registry);
  registerSummitActions(registry);
  registerReminders(registry);
  registerInvites(registry);
  registerFollowUp(registry);
  registerIcsRoute(registry);
  registry.auditPhrases(SUMMIT_AUDIT_PHRASES);
  registry.about('schedules its summits and meetings, with reminders and calendar invites');
}
