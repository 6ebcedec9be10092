// The timer processor: when a timer's time comes, runs the handler its feature registered, once. A job
// for a time the timer no longer has (it was moved) does nothing: the job for its new time does it.
import { DelayedError, type Job, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import type { Services } from '../src/services.js';
import { claimTimer, finishTimer, getTimer, releaseTimer, type TimerTicket } from '../src/timers/store.js';
import { JOB_DEFAULTS } from './queues.js';

export const TIMERS = 'timers';

export const TimerJob = z.object({ id: z.number().int().positive(), due: z.number().int() });

/**
 * The job that carries a timer to `dueAt`. Its id names the time, so moving a timer queues a new job
 * beside the stale one; a timer already due by the clock gets an id of its own, so reconcile can run
 * it now even while a job delayed by an earlier reading of the clock still waits (tests move the clock).
 */
export function timerJob(ticket: TimerTicket, now: Date): { name: string; data: z.infer<typeof TimerJob>; opts: JobsOptions } {
  const due = ticket.dueAt.getTime();
  const delay = due - now.getTime();
  const opts: JobsOptions = { ...JOB_DEFAULTS, jobId: delay > 0 ? `t-${ticket.id}-${due}` : `t-${ticket.id}-${due}-now` };
  if (delay > 0) opts.delay = delay;
  return { name: 'timer', data: { id: ticket.id, due }, opts };
}

export function createTimerProcessor(deps: { services: Services; leaseMs: number }) {
  const { services, leaseMs } = deps;
  const { db, log } = services;
  return async (job: Job, token?: string): Promise<string> => {
    const data = TimerJob.parse(job.data);
    const row = getTimer(db, data.id);
    if (!row || row.status !== 'pending') return 'settled';
    if (row.dueAt.getTime() !== data.due) return 'moved';
    const now = services.clock();
    const claim = claimTimer(db, data.id, now, leaseMs);
    if (!claim.ok) {
      if (claim.why !== 'early') return claim.why;
      // Early by the bot's clock (the clock was set back): wait out the difference.
      await job.moveToDelayed(Date.now() + (row.dueAt.getTime() - now.getTime()), token);
      throw new DelayedError();
    }
    const spec = services.registry.getTimer(claim.row.kind);
    if (!spec) {
      releaseTimer(db, claim.row.id, `no handler for ${claim.row.kind}`, now);
      log.error({ timer: claim.row.key, kind: claim.row.kind }, 'a timer of an unknown kind');
      return 'unknown';
    }
    const lateByMs = Math.max(0, now.getTime() - claim.row.dueAt.getTime());
    try {
      await spec.handler({ services, timer: claim.row, now, lateByMs });
    } catch (err) {
      const next = releaseTimer(db, claim.row.id, err instanceof Error ? err.message : String(err), services.clock());
      log.error({ err, timer: claim.row.key }, next === 'failed' ? 'a timer kept failing and was given up' : 'a timer failed; it is retried');
      // Thrown, so BullMQ retries it with back-off; reconcile also finds it pending.
      if (next === 'retry') throw err;
      return 'failed';
    }
    finishTimer(db, claim.row.id, lateByMs, services.clock());
    return 'fired';
  };
}
