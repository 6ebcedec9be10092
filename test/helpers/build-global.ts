// Vitest global setup: builds dist/ as `npm start` does (its pre-script), so the process tests run the
// bundle users run, not the sources under a loader. Skipped by the build itself when nothing changed.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './spawn-bot.js';

export function setup(): void {
  execFileSync(process.execPath, [join(ROOT, '.ci', 'build.mjs')], { stdio: 'inherit' });
}
