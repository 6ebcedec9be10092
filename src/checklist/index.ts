// Registers `/ppp checklist` and its subcommands, the card's controls and forms, and the renderers the
// refresh job redraws review cards with.
import type { Registry } from '../commands/registry.js';
import { registerChecklistActions } from './actions.js';
import { CHECKLIST_AUDIT_PHRASES } from './audit-phrases.js';
import { registerChecklistClose } from './close-command.js';
import { registerChecklistExport } from './export-command.js';
import { registerChecklistHistory } from './history-command.js';
import { registerChecklistMark } from './mark-command.js';
import { registerChecklistReopen } from './reopen-command.js';
import { registerChecklistRenderers } from './renderers.js';
import { registerChecklistShare } from './share-command.js';
import { registerChecklistStart } from './start-command.js';
import { registerChecklistSummary } from './summary-command.js';

export function register(registry: Registry): void {
  registerChecklistStart(registry);
  registerChecklistSummary(registry);
  registerChecklistHistory(registry);
  registerChecklistClose(registry);
  registerChecklistReopen(registry);
  registerChecklistExport(registry);
  registerChecklistShare(registry);
  registerChecklistMark(registry);
  registerChecklistActions(registry);
  registerChecklistRenderers(registry);
  registry.auditPhrases(CHECKLIST_AUDIT_PHRASES);
  registry.about('reviews the partnership against the key ingredients together');
}
