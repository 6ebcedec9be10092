// The channels feature: vetting a conversation for announcements and alerts, and listing the vetted ones.
import type { Registry } from '../commands/registry.js';
import { CHANNEL_AUDIT_PHRASES } from './audit-phrases.js';
import { registerChannels } from './list-command.js';
import { registerChannelUnvet } from './unvet-command.js';
import { registerChannelVet } from './vet-command.js';

export function register(registry: Registry): void {
  registerChannelVet(registry);
  registerChannelUnvet(registry);
  registerChannels(registry);
  registry.auditPhrases(CHANNEL_AUDIT_PHRASES);
}
