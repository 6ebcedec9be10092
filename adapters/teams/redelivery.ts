// Teams delivers an activity again, with the same id, when the bot took longer than 15 seconds to
// answer it; the second delivery must not run the command twice.
// @see https://github.com/MicrosoftDocs/msteams-docs/issues/6084
/** Long enough to outlive Teams' retries of one activity (seconds apart, within a minute or two). */
export const REDELIVERY_WINDOW_MS = 10 * 60_000;
const MAX_REMEMBERED = 20_000;

/**
 * The activities seen recently, by conversation and id. Held in memory: only the serving process
 * receives activities, and forgetting them on a restart risks at most one repeat of a slow command.
 */
export class RecentActivities {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs = REDELIVERY_WINDOW_MS) {}

  /** True the first time a key is offered within the window; false for a redelivery. */
  firstTime(key: string, now = Date.now()): boolean {
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.windowMs) return false;
    this.seen.set(key, now);
    if (this.seen.size > MAX_REMEMBERED) {
      // Maps iterate in insertion order: the oldest go first.
      for (const [k, t] of this.seen) {
        if (now - t < this.windowMs && this.seen.size <= MAX_REMEMBERED) break;
        this.seen.delete(k);
      }
    }
    return true;
  }
}
