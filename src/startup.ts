// Start-up helpers for the composition root: private local state and one-line fatal errors.
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** A failure at start that the operator can fix; printed as one line, without a stack trace. */
export class StartupError extends Error {}

export function preparePrivateDirs(dataDir: string, databasePath: string): void {
  for (const dir of new Set([dataDir, databasePath === ':memory:' ? dataDir : dirname(databasePath)])) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`ppp-bot: ${message}\n`);
  process.exit(code);
}
