// The bot's features, each a folder whose index.ts registers its commands, buttons, forms, redraws and
// daily tasks. Adding a feature is one folder and one line here.
import { register as alerts } from './alerts/index.js';
import { register as announce } from './announce/index.js';
import { register as channels } from './channels/index.js';
import { register as checklist } from './checklist/index.js';
import { Registry } from './commands/registry.js';
import { register as help } from './help/index.js';
import { register as roster } from './roster/index.js';
import { register as summits } from './summits/index.js';
import { register as surveys } from './surveys/index.js';

export const FEATURES: readonly ((registry: Registry) => void)[] = [help, channels, announce, checklist, roster, summits, surveys, alerts];

/** A registry holding every feature's commands, actions, forms, renderers and tasks. */
export function createRegistry(): Registry {
  const registry = new Registry();
  for (const register of FEATURES) register(registry);
  return registry;
}
