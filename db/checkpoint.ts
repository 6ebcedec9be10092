// Moves SQLite's WAL checkpoints out of busy moments. A fan-out commits a few hundred small
// transactions, and the automatic checkpoint (every 1,000 WAL pages) landed in one of them about once
// per 2,000 deliveries, copying pages back and syncing the file on the event loop: 25–35 ms wherever it
// fell (`node --import tsx bench/ledger-checkpoint.ts`). Here the automatic checkpoint stays as a
// backstop at a larger size, and a passive one runs once the process has been quiet for a moment.
// @see https://www.sqlite.org/wal.html#automatic_checkpoint
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type Database from 'better-sqlite3';

/** The automatic checkpoint's threshold: about 40 MB of WAL, which only a long burst of writes reaches. */
export const BACKSTOP_PAGES = 10_000;
const EVERY_MS = 1_000;
/** A process that spent less than this share of the last interval running code is quiet enough. */
const QUIET_BELOW = 0.5;

export interface QuietCheckpointOptions {
  everyMs?: number;
  /** The share of the interval just ended that the event loop was busy (0–1); tests pass their own. */
  busy?: () => number;
}

function loopBusy(): () => number {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const share = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    return share;
  };
}

/** Starts checkpointing a WAL database in quiet moments; returns the function that stops it. */
export function checkpointWhenQuiet(sqlite: Database.Database, options: QuietCheckpointOptions = {}): () => void {
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const busy = options.busy ?? loopBusy();
  const timer = setInterval(() => {
    if (busy() >= QUIET_BELOW || !sqlite.open) return;
    try {
      // PASSIVE never waits for readers or writers (another process's included): what it cannot copy
      // now, a later quiet moment does.
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // A locked or closing database: the next quiet moment tries again, and the backstop still holds.
    }
  }, options.everyMs ?? EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
