// The roster feature, by job: membership (joining, vetting, running members' records), accounts (one
// member on Slack and Teams), the directory (roster, who, profile, audit), CSV files (import, export,
// template) and upkeep (vetting lapses and reminders, contact retention). Members' records themselves
// are written by src/members/, which every group calls.
import type { Registry } from '../commands/registry.js';
import { register as accounts } from './accounts/index.js';
import { register as csv } from './csv/index.js';
import { register as directory } from './directory/index.js';
import { register as membership } from './membership/index.js';
import { register as upkeep } from './upkeep/index.js';

export function register(registry: Registry): void {
  for (const group of [membership, directory, accounts, csv, upkeep]) group(registry);
  registry.about('keeps its vetted roster, with alternates and 24/7 lines');
}
