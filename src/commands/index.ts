// Builds the registry with every command, action and form the bot knows.
import { registerHelp } from './help.js';
import { Registry } from './registry.js';

export function createRegistry(): Registry {
  const registry = new Registry();
  registerHelp(registry);
  return registry;
}
