// The roster as a CSV file: import (checked whole, all rows or none), export and the template, sharing
// one column layout (layout.ts). Files travel privately, to and from the coordinator who asked.
import type { Registry } from '../../commands/registry.js';
import { registerRosterExport } from './export-command.js';
import { registerRosterImport } from './import-command.js';
import { registerRosterTemplate } from './template-command.js';

export function register(registry: Registry): void {
  registerRosterImport(registry);
  registerRosterExport(registry);
  registerRosterTemplate(registry);
}
