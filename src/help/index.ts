// The help feature: `help [command]`, generated from the registry and filtered by the caller's role.
import type { Registry } from '../commands/registry.js';
import { registerHelpCommand } from './help-command.js';

export function register(registry: Registry): void {
  registerHelpCommand(registry);
}
