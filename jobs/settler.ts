// Records send outcomes in the ledger in groups: every outcome that arrives within one turn of the event
// loop (a chunk's answers mostly come together) is written in one transaction. A send is only reported
// done to its job once its row is settled, so a SIGKILL leaves at most the sends in flight unsettled.
import type { Db } from '../db/client.js';
import type { Clock } from '../src/core/clock.js';
import { settleDeliveries, type Settlement } from '../src/delivery/store.js';

interface Waiting {
  settlement: Settlement;
  batch: string;
  done: () => void;
  fail: (err: unknown) => void;
}

export class Settler {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Batches with rows that settled for good (sent, failed, unconfirmed): their status messages are redrawn. */
    private readonly onSettled: (batches: Set<string>) => void,
  ) {}

  /** Resolves once the outcome is committed. */
  settle(settlement: Settlement, batch: string): Promise<void> {
    return new Promise((done, fail) => {
      this.waiting.push({ settlement, batch, done, fail });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const group = this.waiting;
    this.waiting = [];
    try {
      settleDeliveries(this.db, group.map((w) => w.settlement), this.clock());
    } catch (err) {
      for (const w of group) w.fail(err);
      return;
    }
    for (const w of group) w.done();
    const batches = new Set(group.filter((w) => w.settlement.outcome !== 'retry').map((w) => w.batch));
    if (batches.size > 0) this.onSettled(batches);
  }
}
