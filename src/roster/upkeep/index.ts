// Upkeep: the roster's daily tasks, run by the maintenance job — no command, only the calendar.
import type { Registry } from '../../commands/registry.js';
import { registerRosterTasks } from './tasks.js';

export function register(registry: Registry): void {
  registerRosterTasks(registry);
}
