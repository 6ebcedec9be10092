// Queue names, job ids and the shared options of the delivery engine's queues.
// Job ids never contain ':' (BullMQ reserves it); a custom id deduplicates while the job exists.
import type { JobsOptions } from 'bullmq';

export const DELIVERIES = 'deliveries';
export const REFRESHES = 'refreshes';

export const deliveryJobId = (id: number) => `d-${id}`;
/**
 * A row whose lease ran out was held by a worker that died; its job may still sit in BullMQ's active
 * list until the stalled check (up to a minute). A fresh id per claim puts it back on the queue now;
 * the stale job, when it reruns, finds the row settled or leased and does nothing.
 */
export const reclaimJobId = (id: number, attempts: number) => `d-${id}-c${attempts}`;
/**
 * One id per queueing of a message's redraw: a follow-up is queued while the job that ran is still
 * active, and an id equal to that job's would be dropped as a duplicate (the last clicks then waited
 * for the next reconcile pass). SQLite's `queued` flag keeps it to one waiting job per message.
 */
export const refreshJobId = (id: number, version: number) => `r-${id}-v${version}`;

// Completed and failed jobs are dropped: SQLite keeps the record, and a lingering job id would stop
// reconcile from queueing the same row again.
export const JOB_DEFAULTS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  // Attempts here cover crashes of our own code (a database error), not platform answers, which the
  // processors settle themselves.
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
};
