// The private "Recorded: Safe" each member gets after answering, paced: a burst of answers (everyone
// clicks within seconds of an alert) must not slow the acknowledgement of the next click, so beyond a
// steady rate the confirmations wait their turn in order. The answer itself is recorded before this, at
// once; only the confirmation may trail by a few seconds in a burst.
import type { Services } from '../services.js';

/** Confirmations let through per second; at everyday rates none waits. */
export const CONFIRMATIONS_PER_SECOND = 200;
const TICK_MS = 50;

class Lane {
  private readonly waiting: (() => void)[] = [];
  private tokens = CONFIRMATIONS_PER_SECOND / 4;
  private timer: NodeJS.Timeout | undefined;

  turn(): Promise<void> {
    if (this.waiting.length === 0 && this.tokens >= 1) {
      this.tokens--;
      this.refill();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.refill();
    });
  }

  private refill(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A small burst allowance (a quarter second's worth), refilled each tick.
      this.tokens = Math.min(CONFIRMATIONS_PER_SECOND / 4, this.tokens + (CONFIRMATIONS_PER_SECOND * TICK_MS) / 1000);
      while (this.tokens >= 1 && this.waiting.length > 0) {
        this.tokens--;
        this.waiting.shift()!();
      }
      if (this.waiting.length > 0 || this.tokens < CONFIRMATIONS_PER_SECOND / 4) this.refill();
    }, TICK_MS);
    this.timer.unref();
  }
}

const lanes = new WeakMap<Services['db'], Lane>();

/** Resolves when this confirmation may be sent. */
export function confirmationTurn(services: Services): Promise<void> {
  let lane = lanes.get(services.db);
  if (!lane) lanes.set(services.db, (lane = new Lane()));
  return lane.turn();
}
