// The delivery engine: BullMQ queues and workers for deliveries and message edits, the shared pacer,
// and the reconcile pass that rebuilds the queue from SQLite at start, on a timer, at lease expiry and
// whenever Redis comes back. Requests never wait on Redis for long: what they could not queue waits
// in SQLite, where it already is, for the next pass.
// @see https://docs.bullmq.io/guide/going-to-production
// @see https://docs.bullmq.io/patterns/failing-fast-when-redis-is-down
import { Queue, Worker, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Services } from '../src/services.js';
import type { Outbox } from '../src/outbox.js';
import { timersToQueue, type TimerTicket } from '../src/timers/store.js';
import { refreshesForSubject, refreshesOwed, requestRefresh, type RefreshRequest, type RefreshTicket } from '../src/delivery/refresh-store.js';
import { nextLeaseExpiry, routingOf, unleasedPending } from '../src/delivery/store.js';
import type { Messenger } from '../src/messenger.js';
import { createDeliverProcessor } from './deliver.js';
import { createMaintenanceProcessor, DAILY_PATTERN, DAILY_SCHEDULER, MAINTENANCE } from './maintenance.js';
import { Pacer } from './pacer.js';
import { CHUNK_SIZE, chunksOf, DELIVERIES, JOB_DEFAULTS, platformOfTarget, REFRESHES, refreshJobId, type Chunk } from './queues.js';
import { bounded, ConnectionLog, connectionOptions, createRedisClient, type RedisTarget } from './redis.js';
import { createRefreshProcessor } from './refresh.js';
import { createTimerProcessor, TIMERS, timerJob } from './timer.js';
import { Settler } from './settler.js';

export interface EngineOptions {
  redis: RedisTarget;
  /** BullMQ key prefix; tests use a random one per run. */
  prefix?: string;
  services: Services;
  messenger: Messenger;
  /** Run workers in this process (the default); false for a process that only queues. */
  workers?: boolean;
  /** Chunk jobs a process works on at once; each sends its rows side by side. */
  concurrency?: number;
  /** Rows per chunk job. */
  chunkSize?: number;
  /** How long a worker holds a row while sending; longer than any send may take. */
  leaseMs?: number;
  reconcileEveryMs?: number;
  /** How long a request waits for Redis to take its work before leaving it to reconcile. */
  requestTimeoutMs?: number;
}

export interface ReconcileResult {
  deliveries: number;
  refreshes: number;
  timers: number;
}

/** One second of a person's three (Slack's deadline) at most, for queueing what they asked for. */
const REQUEST_TIMEOUT_MS = 1_000;
/** Reconcile is nobody's request, but must not hang either: a wedged Redis fails the pass. */
const PASS_CALL_TIMEOUT_MS = 10_000;
const CLOSE_TIMEOUT_MS = 5_000;
const RECOVERY_EVERY_MS = 1_000;
/**
 * Six chunks of 25 at once: at most 150 sends in flight per process (what a SIGKILL can leave
 * unsettled; fewer on the wire, since a platform's posts share 64 connections). Each chunk waits on
 * Redis between its sends (its pace call, the next job); with four the in-process fan-out sat idle
 * about a tenth of the time: 68–74% of raw posting with four, 77–83% with six, 71–87% with eight (three
 * runs of three, `BENCH_ENGINE_CONCURRENCY=n BENCH_FANOUT=unlimited npm run bench -- fanout`). The
 * real bot after a quiet minute is bound by its CPU and measured the same within the noise at 4, 6, 8.
 */
const DEFAULT_CONCURRENCY = 6;
/** Chunks queued ahead of the rest of a batch: one per platform (Slack, Teams). */
const HEAD_CHUNKS = 2;
const REFRESH_CONCURRENCY = 10;
/**
 * Settled rows ask for their batch's status message to be redrawn; asks within this long are one ask. A
 * fan-out settles a dozen rows per turn of the event loop, and each ask was a query and a write.
 */
const REDRAW_COALESCE_MS = 100;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class DeliveryEngine implements Outbox {
  readonly prefix: string;
  readonly deliveries: Queue;
  readonly refreshes: Queue;
  readonly maintenance: Queue;
  readonly timers: Queue;
  private readonly workers: Worker[] = [];
  private readonly pacerClient: Redis;
  private readonly pacer: Pacer;
  private readonly connection: ConnectionLog;
  private timer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private recoveryTimer: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private readonly requestTimeoutMs: number;
  private readonly chunkSize: number;
  private closed = false;
  /** Set when Redis did not take work: requests skip it until a reconcile pass gets through. */
  private queueDown = false;
  private pass: Promise<ReconcileResult> | undefined;
  private connectedOnce = false;
  /** Batches with rows settled since the last redraw ask, and the timer that will ask. */
  private readonly settledBatches = new Set<string>();
  private settledTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EngineOptions) {
    this.prefix = options.prefix ?? 'ppp';
    this.leaseMs = options.leaseMs ?? 15_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.chunkSize = options.chunkSize ?? CHUNK_SIZE;
    const log = options.services.log;
    this.connection = new ConnectionLog(log, 'delivery engine');
    // Producers fail fast while disconnected instead of holding the command until Redis is back.
    // ioredis options; BullMQ 6 types its own options more loosely than ioredis does.
    const connection = connectionOptions(options.redis, { enableOfflineQueue: false }) as ConnectionOptions;
    this.deliveries = new Queue(DELIVERIES, { connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS });
    this.refreshes = new Queue(REFRESHES, { connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS });
    this.maintenance = new Queue(MAINTENANCE, { connection, prefix: this.prefix, defaultJobOptions: { removeOnComplete: 30, removeOnFail: 30 } });
    this.timers = new Queue(TIMERS, { connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS });
    this.pacerClient = createRedisClient(options.redis, { maxRetriesPerRequest: null });
    this.pacer = new Pacer(this.pacerClient, this.prefix);
    for (const q of this.queues()) q.on('error', (err) => this.connection.error(err, `queue ${q.name}`));
    this.pacerClient.on('error', (err) => this.connection.error(err, 'pacer'));
    // Redis back after an outage (or a restart that lost its keys): rebuild the queue from SQLite now,
    // not at the next periodic pass.
    this.pacerClient.on('ready', () => {
      this.connection.ready();
      if (this.connectedOnce) this.recover(0);
      this.connectedOnce = true;
    });
  }

  async start(): Promise<ReconcileResult> {
    const { services, messenger } = this.options;
    const { log } = services;
    if (this.options.workers ?? true) {
      const connection = connectionOptions(this.options.redis, { maxRetriesPerRequest: null }) as ConnectionOptions;
      const onSettled = (batches: Set<string>) => this.onSettled(batches);
      const deliver = createDeliverProcessor({
        db: services.db,
        messenger,
        pacer: this.pacer,
        clock: services.clock,
        log,
        leaseMs: this.leaseMs,
        settler: new Settler(services.db, services.clock, onSettled),
        onSettled,
      });
      const refresh = createRefreshProcessor({
        db: services.db,
        services,
        messenger,
        pacer: this.pacer,
        leaseMs: this.leaseMs,
        requeue: (ticket) => this.queueRefresh({ ...ticket, queue: true }),
      });
      const concurrency = this.options.concurrency ?? DEFAULT_CONCURRENCY;
      // A job taken by a worker that died sits in the active list until its lock runs out and the
      // stalled check finds it. Sends are short (one bounded API call), so a short lock is safe —
      // BullMQ renews it while a job runs — and a crashed process's jobs come back within seconds.
      const recovery = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 };
      this.workers.push(
        new Worker(DELIVERIES, deliver, { connection, prefix: this.prefix, concurrency, ...recovery }),
        new Worker(REFRESHES, refresh, { connection, prefix: this.prefix, concurrency: REFRESH_CONCURRENCY, ...recovery }),
        new Worker(MAINTENANCE, createMaintenanceProcessor(services), { connection, prefix: this.prefix, concurrency: 1 }),
        new Worker(TIMERS, createTimerProcessor({ services, leaseMs: this.leaseMs }), { connection, prefix: this.prefix, concurrency: 5, ...recovery }),
      );
      for (const w of this.workers) {
        w.on('error', (err) => this.connection.error(err, `worker ${w.name}`));
        w.on('failed', (job, err) => log.error({ err: err.message, queue: w.name, job: job?.id }, 'job failed'));
      }
    }
    let first: ReconcileResult = { deliveries: 0, refreshes: 0, timers: 0 };
    try {
      first = await this.reconcile();
      // Housekeeping also runs at start, so a bot that was down at 03:15 does not let a vetting lapse
      // go unnoticed for another day. One start job per day however many processes start.
      const day = services.clock().toISOString().slice(0, 10);
      await bounded(this.maintenance.add('at-start', {}, { jobId: `start-${day}` }), PASS_CALL_TIMEOUT_MS, 'queue the start-up maintenance');
    } catch (err) {
      log.warn({ err: messageOf(err) }, 'could not queue work at start; it waits in SQLite for Redis');
    }
    const every = this.options.reconcileEveryMs ?? 60_000;
    // A timer in the process, not a Redis scheduler: it must survive Redis losing every key.
    this.timer = setInterval(() => {
      this.reconcile().catch(() => undefined);
    }, every);
    this.timer.unref();
    return first;
  }

  /**
   * Queues rows already in SQLite, a chunk per job; false (at once, never hanging) when Redis did not
   * take them. The first two chunks (one per platform, as chunksOf alternates them) go ahead of the
   * rest, so workers start sending on both platforms while the rest are queued.
   */
  async enqueue(ids: number[]): Promise<boolean> {
    if (ids.length === 0) return true;
    const chunks = this.chunk(routingOf(this.options.services.db, ids).map((r) => ({ id: r.id, batch: r.batch, platform: platformOfTarget(r.target) })));
    const job = (c: Chunk) => ({ name: 'deliver', data: { ids: c.ids }, opts: { ...JOB_DEFAULTS, jobId: c.jobId } });
    return this.request('queue deliveries', async () => {
      const head = chunks.slice(0, HEAD_CHUNKS);
      const rest = chunks.slice(HEAD_CHUNKS);
      if (head.length > 0) await this.deliveries.addBulk(head.map(job));
      if (rest.length > 0) await this.deliveries.addBulk(rest.map(job));
    });
  }

  private chunk(rows: Parameters<typeof chunksOf>[0], reclaim = false): Chunk[] {
    return chunksOf(rows, this.chunkSize, reclaim);
  }

  async refresh(request: RefreshRequest): Promise<boolean> {
    return this.queueRefresh(requestRefresh(this.options.services.db, request, this.options.services.clock()));
  }

  /** Queues a redraw recorded with requestRefresh (perhaps in the caller's own transaction). */
  async queueRefresh(ticket: RefreshTicket & { queue: boolean }): Promise<boolean> {
    // A job is already waiting for this message and will draw the latest state.
    if (!ticket.queue) return !this.queueDown;
    return this.request('queue a redraw', () => this.addRefreshJob(ticket));
  }

  /** Carries timers set in SQLite to their time; false (at once) when Redis did not take them. */
  async queueTimers(tickets: TimerTicket[]): Promise<boolean> {
    if (tickets.length === 0) return true;
    const now = this.options.services.clock();
    return this.request('queue timers', () => this.timers.addBulk(tickets.map((t) => timerJob(t, now))));
  }

  private queues(): Queue[] {
    return [this.deliveries, this.refreshes, this.maintenance, this.timers];
  }

  /** A Redis call made while someone waits: bounded, and skipped while Redis is known to be down. */
  private async request(what: string, call: () => Promise<unknown>): Promise<boolean> {
    if (this.closed || this.queueDown) return false;
    try {
      await bounded(call(), this.requestTimeoutMs, what);
      return true;
    } catch (err) {
      this.lost(err, what);
      return false;
    }
  }

  private lost(err: unknown, what: string): void {
    if (!this.queueDown && !this.closed) {
      this.options.services.log.warn({ err: messageOf(err), what }, 'Redis is not taking work: it waits in SQLite and is queued when Redis answers again');
    }
    this.queueDown = true;
    this.recover(RECOVERY_EVERY_MS);
  }

  /** Tries a reconcile pass after `delayMs`, and again every second until one gets through. */
  private recover(delayMs: number): void {
    if (this.closed || this.recoveryTimer) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      this.reconcile().catch(() => undefined);
    }, delayMs);
    this.recoveryTimer.unref();
  }

  private async addRefreshJob(ticket: RefreshTicket): Promise<void> {
    await this.refreshes.add('refresh', { id: ticket.id }, { ...JOB_DEFAULTS, jobId: refreshJobId(ticket.id, ticket.version) });
  }

  /** Status messages showing these batches are redrawn, shortly; a redraw that cannot be queued waits in SQLite. */
  private onSettled(batches: Set<string>): void {
    for (const batch of batches) this.settledBatches.add(batch);
    if (this.settledTimer || this.closed) return;
    this.settledTimer = setTimeout(() => this.askRedraws(), REDRAW_COALESCE_MS);
    this.settledTimer.unref();
  }

  private askRedraws(): void {
    if (this.settledTimer) clearTimeout(this.settledTimer);
    this.settledTimer = undefined;
    if (this.closed) return;
    const batches = [...this.settledBatches];
    this.settledBatches.clear();
    try {
      for (const batch of batches) {
        for (const r of refreshesForSubject(this.options.services.db, batch)) {
          this.refresh({ address: r.address, messageId: r.messageId, renderer: r.renderer, subject: r.subject }).catch(() => undefined);
        }
      }
    } catch (err) {
      // From a timer, a throw would end the process: a status message left behind is the lesser harm.
      this.options.services.log.warn({ err: messageOf(err), batches }, 'could not ask for status messages to be redrawn');
    }
  }

  /** Puts every pending, unleased row back on the queue; ids deduplicate what is already there. */
  reconcile(): Promise<ReconcileResult> {
    if (this.closed) return Promise.resolve({ deliveries: 0, refreshes: 0, timers: 0 });
    // One pass at a time: the timer, a lease expiry and Redis's return may all ask at once.
    this.pass ??= this.reconcilePass().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async reconcilePass(): Promise<ReconcileResult> {
    const { db, clock, log } = this.options.services;
    const now = clock();
    const pending = unleasedPending(db, now);
    const owed = refreshesOwed(db, now);
    const due = timersToQueue(db, now);
    try {
      const route = (p: (typeof pending)[number]) => ({ id: p.id, batch: p.batch, platform: platformOfTarget(p.target), attempts: p.attempts });
      const dueAt = new Map(pending.map((p) => [p.id, Math.max(p.notBefore?.getTime() ?? 0, p.paceSlot?.getTime() ?? 0)]));
      const chunks = [
        ...this.chunk(pending.filter((p) => !p.leaseExpired).map(route)),
        // Rows whose worker died: a fresh job, so they need not wait for the stalled check.
        ...this.chunk(pending.filter((p) => p.leaseExpired).map(route), true),
      ];
      const jobs = chunks.map((c) => {
        const opts: JobsOptions = { ...JOB_DEFAULTS, jobId: c.jobId };
        const delay = Math.min(...c.ids.map((id) => dueAt.get(id)!)) - now.getTime();
        if (delay > 0) opts.delay = delay;
        return { name: 'deliver', data: { ids: c.ids }, opts };
      });
      for (let i = 0; i < jobs.length; i += 200) {
        await bounded(this.deliveries.addBulk(jobs.slice(i, i + 200)), PASS_CALL_TIMEOUT_MS, 'reconcile deliveries');
      }
      // The daily scheduler lives in Redis; upserting it on every pass restores it after Redis is lost.
      await bounded(
        this.maintenance.upsertJobScheduler(DAILY_SCHEDULER, { pattern: DAILY_PATTERN, tz: this.options.services.config.timezone }, { name: 'daily', data: {} }),
        PASS_CALL_TIMEOUT_MS,
        'reconcile the daily scheduler',
      );
      for (const ticket of owed) await bounded(this.addRefreshJob(ticket), PASS_CALL_TIMEOUT_MS, 'reconcile redraws');
      for (let i = 0; i < due.length; i += 500) {
        await bounded(this.timers.addBulk(due.slice(i, i + 500).map((t) => timerJob(t, now))), PASS_CALL_TIMEOUT_MS, 'reconcile timers');
      }
    } catch (err) {
      this.lost(err, 'reconcile');
      throw err;
    }
    if (this.queueDown) {
      this.queueDown = false;
      log.info({ deliveries: pending.length, refreshes: owed.length, timers: due.length }, 'Redis is taking work again: what waited in SQLite is queued');
    }
    this.watchLeases(now);
    return { deliveries: pending.length, refreshes: owed.length, timers: due.length };
  }

  /**
   * Rows leased by a worker that died (a crash, a SIGKILL) come back when their lease runs out, not
   * at the next periodic pass: one extra pass is planned for the earliest expiry.
   */
  private watchLeases(now: Date): void {
    const expiry = nextLeaseExpiry(this.options.services.db, now);
    if (!expiry || this.leaseTimer) return;
    this.leaseTimer = setTimeout(() => {
      this.leaseTimer = undefined;
      this.reconcile().catch(() => undefined);
    }, Math.max(50, expiry.getTime() - now.getTime() + 50));
    this.leaseTimer.unref();
  }

  /**
   * Waits for the jobs in hand (worker.close() lets a send finish, so nothing is cut off mid-send), but
   * not for a Redis that is gone: after a few seconds the connections are dropped, so Ctrl-C and
   * SIGTERM always end the process. A send cut off that way is retried once from its lease.
   */
  async close(): Promise<void> {
    // Asks still waiting are recorded now (their jobs are queued when Redis takes them, or by reconcile).
    this.askRedraws();
    this.closed = true;
    for (const t of [this.timer, this.leaseTimer, this.recoveryTimer]) if (t) clearTimeout(t);
    // With Redis known to be gone there is nothing to wait for: a moment, then drop the connections.
    const waitMs = this.connection.isDown ? 500 : CLOSE_TIMEOUT_MS;
    const dropped: string[] = [];
    const closeOr = async (what: string, close: () => Promise<unknown>, force: () => unknown) => {
      try {
        await bounded(close(), waitMs, what);
      } catch {
        dropped.push(what);
        await bounded(Promise.resolve(force()), 1_000, what).catch(() => undefined);
      }
    };
    await Promise.all(this.workers.map((w) => closeOr(`worker ${w.name}`, () => w.close(), () => w.disconnect())));
    await Promise.all(this.queues().map((q) => closeOr(`queue ${q.name}`, () => q.close(), () => q.disconnect())));
    await closeOr('pacer', () => this.pacerClient.quit(), () => this.pacerClient.disconnect());
    if (dropped.length > 0) {
      this.options.services.log.warn({ dropped }, 'Redis did not answer while closing: dropped its connections instead of waiting (a send cut off is retried once from its lease)');
    }
  }
}
