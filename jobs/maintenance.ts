// The daily maintenance processor: runs every registered task (vetting lapses, contact retention).
// Tasks are idempotent, so a rerun after a crash, or two processes running it, changes nothing more.
import type { Job } from 'bullmq';
import type { Services } from '../src/services.js';

export const MAINTENANCE = 'maintenance';
export const DAILY_SCHEDULER = 'daily-maintenance';
/** 03:15 in the partnership's time zone: after midnight everywhere in the US, before the day starts. */
export const DAILY_PATTERN = '15 3 * * *';

export function createMaintenanceProcessor(services: Services) {
  return async (job: Job): Promise<Record<string, string>> => {
    const results: Record<string, string> = {};
    for (const task of services.registry.tasks()) {
      // One failing task must not keep the others from running; the failure still fails the job.
      try {
        results[task.name] = (await task.run(services)) || 'done';
      } catch (err) {
        results[task.name] = `failed: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
    services.log.info({ job: job.name, results }, 'maintenance ran');
    const failed = Object.entries(results).filter(([, r]) => r.startsWith('failed'));
    if (failed.length > 0) throw new Error(`maintenance tasks failed: ${failed.map(([n]) => n).join(', ')}`);
    return results;
  };
}
