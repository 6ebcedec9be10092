// What each fan-out scenario hands back to bench/fanout.ts: table rows, checked targets, notes, data.
import type { Check } from '../lib/report.js';

export interface Scenario {
  rows: Record<string, string | number>[];
  checks: Check[];
  notes: string[];
  data: Record<string, unknown>;
}
