// Registers the channel-vetting commands.
import type { Registry } from '../commands/registry.js';
import { registerChannels } from './list-command.js';
import { registerChannelUnvet } from './unvet-command.js';
import { registerChannelVet } from './vet-command.js';

export function registerChannelCommands(registry: Registry): void {
  registerChannelVet(registry);
  registerChannelUnvet(registry);
  registerChannels(registry);
}
