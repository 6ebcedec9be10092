// Builds the registry with every command, action and form the bot knows.
import { registerAnnounceActions } from '../announce/actions.js';
import { registerAnnounce } from '../announce/command.js';
import { registerChannelCommands } from '../channels/index.js';
import { registerChecklist } from '../checklist/index.js';
import { registerRosterCommands } from '../roster/index.js';
import { registerHelp } from './help.js';
import { Registry } from './registry.js';

export function createRegistry(): Registry {
  const registry = new Registry();
  registerHelp(registry);
  registerChannelCommands(registry);
  registerAnnounce(registry);
  registerAnnounceActions(registry);
  registerChecklist(registry);
  registerRosterCommands(registry);
  return registry;
}
