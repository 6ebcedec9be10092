// The incident-alerts feature: compose (form or one line), preview and Send, the two-person rule, answers,
// escalation, updates and ALL CLEAR, the status ledger and the list; the redraws and timers they need.
import type { Registry } from '../commands/registry.js';
import { registerAnswerAction } from './answer-action.js';
import { ALERT_AUDIT_PHRASES } from './audit-phrases.js';
import { registerComposeCommand } from './compose-command.js';
import { registerFollowUpCommands } from './follow-up-commands.js';
import { registerListCommand } from './list-command.js';
import { registerAlertRenderers } from './renderers.js';
import { registerSendActions } from './send-actions.js';
import { registerStatusCommand } from './status-command.js';
import { registerAlertTimers } from './timers.js';

export function register(registry: Registry): void {
  registry.auditPhrases(ALERT_AUDIT_PHRASES);
  registry.about('sends incident alerts, routed by their TLP label, which members acknowledge with one click');
  registerComposeCommand(registry);
  registerFollowUpCommands(registry);
  registerStatusCommand(registry);
  registerListCommand(registry);
  registerSendActions(registry);
  registerAnswerAction(registry);
  registerAlertRenderers(registry);
  registerAlertTimers(registry);
}
