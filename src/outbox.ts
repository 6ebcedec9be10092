// The Outbox port: how features hand proactive messages and message edits to the delivery engine
// (jobs/) without importing it. Rows go to SQLite first; the queue only carries work in flight.

/** A redraw of a posted message: which message, and the renderer that draws it from SQLite. */
export interface RefreshRequest {
  address: string;
  messageId: string;
  /** The renderer registered for this kind of message, and what it renders (e.g. a batch id). */
  renderer: string;
  subject: string;
}

/** Which message a job redraws, and the version that queued it (so each queueing has its own job id). */
export interface RefreshTicket {
  id: number;
  version: number;
}

/** What the queue needs to carry a timer (src/timers/store.ts) to its time. */
export interface TimerTicket {
  id: number;
  dueAt: Date;
}

/**
 * Every method answers promptly even while Redis is down (it never waits on a reconnect): `true` when
 * the work is queued now, `false` when it waits in SQLite for the engine's next reconcile pass.
 */
export interface Outbox {
  /** Queues delivery rows already recorded in SQLite. */
  enqueue(ids: number[]): Promise<boolean>;
  /** Asks for a posted message to be redrawn from SQLite; requests for one message coalesce. */
  refresh(request: RefreshRequest): Promise<boolean>;
  /** Queues a redraw already recorded with `requestRefresh` (in the caller's own transaction). */
  queueRefresh(ticket: RefreshTicket & { queue: boolean }): Promise<boolean>;
  /** Carries timers set in SQLite (src/timers/store.ts) to their time. */
  queueTimers(tickets: TimerTicket[]): Promise<boolean>;
}
