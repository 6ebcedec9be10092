// Queue names, job ids and the shared options of the delivery engine's queues.
// Job ids never contain ':' (BullMQ reserves it); a custom id deduplicates while the job exists.
import type { JobsOptions } from 'bullmq';

export const DELIVERIES = 'deliveries';
export const REFRESHES = 'refreshes';

export const deliveryJobId = (id: number) => `d-${id}`;
export const refreshJobId = (id: number) => `r-${id}`;

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
