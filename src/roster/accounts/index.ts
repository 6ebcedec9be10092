// Accounts: which Slack and Teams accounts are one member's — linked by the member themself with a
// one-time code or a confirmed email match, and unlinked by them or a coordinator.
import type { Registry } from '../../commands/registry.js';
import { registerLink } from './link-command.js';
import { registerUnlink } from './unlink-command.js';

export function register(registry: Registry): void {
  registerLink(registry);
  registerUnlink(registry);
}
