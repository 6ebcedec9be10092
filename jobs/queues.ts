// Queue names, job ids and the shared options of the delivery engine's queues.
// Job ids never contain ':' (BullMQ reserves it); a custom id deduplicates while the job exists.
import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';

export const DELIVERIES = 'deliveries';
export const REFRESHES = 'refreshes';

/**
 * Deliveries travel in chunks: one job carries up to this many rows of one batch and one platform.
 * The ledger stays one row per message and conversation; the job only saves Redis and SQLite round trips.
 */
export const CHUNK_SIZE = 25;

/** What a delivery row needs to be put in a chunk. */
export interface ChunkRow {
  id: number;
  batch: string;
  /** `slack`, `teams` or `console`: the first segment of the row's target. */
  platform: string;
  /** Claims so far: part of the name of a job that takes over rows whose worker died. */
  attempts?: number;
}

export interface Chunk {
  jobId: string;
  ids: number[];
}

/**
 * Cuts rows into chunks of one batch and one platform, in id order, and alternates the platforms:
 * workers take chunks in queue order, and a batch written Slack rows first would otherwise hold every
 * worker on Slack until its last channel, with Teams not started. Each platform's chunks keep their
 * order (a conversation lives on one platform, so its posts keep theirs). A job is named after what it
 * carries, so the reconcile pass, cutting the same pending rows, names the same jobs and BullMQ drops
 * the copies while the first ones exist. Nothing depends on that: a second job for a row finds it
 * leased or settled, and its pace slot is kept in SQLite, not in the job. With `reclaim` the name also
 * counts the rows' claims: rows whose worker died get a fresh job at once, while the dead worker's job
 * may still sit in the active list until the stalled check finds it.
 */
export function chunksOf(rows: readonly ChunkRow[], chunkSize = CHUNK_SIZE, reclaim = false): Chunk[] {
  const groups = new Map<string, ChunkRow[]>();
  for (const r of rows) {
    const key = `${r.platform}|${r.batch}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }
  const byPlatform = new Map<string, Chunk[]>();
  for (const [key, list] of groups) {
    const platform = list[0]!.platform;
    const chunks = byPlatform.get(platform) ?? [];
    byPlatform.set(platform, chunks);
    list.sort((a, b) => a.id - b.id);
    for (let i = 0; i < list.length; i += chunkSize) {
      const part = list.slice(i, i + chunkSize);
      const ids = part.map((r) => r.id);
      const hash = createHash('sha1').update(`${key}|${ids.join(',')}`);
      if (reclaim) hash.update(`|${part.map((r) => r.attempts ?? 0).join(',')}`);
      chunks.push({ jobId: `c-${part[0]!.platform}-${hash.digest('hex').slice(0, 20)}${reclaim ? '-r' : ''}`, ids });
    }
  }
  const lists = [...byPlatform.values()];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  const alternated: Chunk[] = [];
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) alternated.push(list[i]!);
  return alternated;
}

export const platformOfTarget = (target: string) => target.slice(0, Math.max(0, target.indexOf(':'))) || 'unknown';

/**
 * One id per queueing of a message's redraw: a follow-up is queued while the job that ran is still
 * active, and an id equal to that job's would be dropped as a duplicate (the last clicks then waited
 * for the next reconcile pass). SQLite's `queued` flag keeps it to one waiting job per message.
 */
export const refreshJobId = (id: number, version: number) => `r-${id}-v${version}`;

// Completed and failed jobs are dropped: SQLite keeps the record, and a lingering job id would stop
// reconcile from queueing the same rows again.
export const JOB_DEFAULTS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  // Attempts here cover crashes of our own code (a database error), not platform answers, which the
  // processors settle themselves.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};
