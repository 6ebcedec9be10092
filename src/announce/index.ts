// The announce feature: `announce <text>`, its preview's Send and Cancel, and the status redraw.
import type { Registry } from '../commands/registry.js';
import { registerAnnounceActions } from './actions.js';
import { ANNOUNCE_AUDIT_PHRASES } from './audit-phrases.js';
import { registerAnnounceCommand } from './command.js';

export function register(registry: Registry): void {
  registerAnnounceCommand(registry);
  registerAnnounceActions(registry);
  registry.auditPhrases(ANNOUNCE_AUDIT_PHRASES);
  registry.about('sends announcements to its vetted conversations');
}
