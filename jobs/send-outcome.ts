// How long to wait before trying a send again, by how it failed (see SendError in src/messenger.ts).
export const MAX_ATTEMPTS = 12;

/** Exponential back-off for 5xx answers, capped at a minute, with jitter so workers do not stampede. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A send whose fate is unknown (a timeout) is tried once more after a short pause. */
export const UNKNOWN_RETRY_MS = 1000;
