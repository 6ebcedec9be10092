// The surveys feature: informal member surveys written or imported by coordinators, answered in members'
// direct messages on any platform, with reminders to those who have not answered and results at the close.
import type { Registry } from '../commands/registry.js';
import { registerSurveyActions } from './actions.js';
import { SURVEY_AUDIT_PHRASES } from './audit-phrases.js';
import { registerSurveyClose } from './close-command.js';
import { registerSurveyExport } from './export-command.js';
import { registerSurveyExportDefinition } from './export-definition-command.js';
import { registerSurveyImport } from './import-command.js';
import { registerSurveyList } from './list-command.js';
import { registerSurveyNew } from './new-command.js';
import { registerSurveyForms } from './new-forms.js';
import { registerSurveyRepeat } from './repeat-command.js';
import { registerSurveyResults } from './results-command.js';
import { registerSurveySend } from './send-command.js';
import { registerSurveyTimers } from './timers.js';

export function register(registry: Registry): void {
  registry.auditPhrases(SURVEY_AUDIT_PHRASES);
  registry.about('runs its informal member surveys, answered in direct messages');
  registerSurveyNew(registry);
  registerSurveyImport(registry);
  registerSurveyExportDefinition(registry);
  registerSurveySend(registry);
  registerSurveyResults(registry);
  registerSurveyClose(registry);
  registerSurveyExport(registry);
  registerSurveyList(registry);
  registerSurveyRepeat(registry);
  registerSurveyForms(registry);
  registerSurveyActions(registry);
  registerSurveyTimers(registry);
}
