// The delivery engine: BullMQ queues and workers for deliveries and message edits, the shared pacer,
// and the reconcile pass that rebuilds the queue from SQLite at start and every 60 s.
// @see https://docs.bullmq.io/guide/going-to-production
import { Queue, Worker, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Services } from '../src/commands/context.js';
import type { Outbox } from '../src/delivery/outbox.js';
import { refreshesForSubject, refreshesOwed, requestRefresh, type RefreshRequest } from '../src/delivery/refresh-store.js';
import { nextLeaseExpiry, unleasedPending, type DeliveryRow } from '../src/delivery/store.js';
import type { Messenger } from '../src/messenger.js';
import { createDeliverProcessor } from './deliver.js';
import { createMaintenanceProcessor, DAILY_PATTERN, DAILY_SCHEDULER, MAINTENANCE } from './maintenance.js';
import { Pacer } from './pacer.js';
import { DELIVERIES, deliveryJobId, JOB_DEFAULTS, reclaimJobId, REFRESHES, refreshJobId } from './queues.js';
import { createRedisClient, type RedisTarget } from './redis.js';
import { createRefreshProcessor } from './refresh.js';

export interface EngineOptions {
  redis: RedisTarget;
  /** BullMQ key prefix; tests use a random one per run. */
  prefix?: string;
  services: Services;
  messenger: Messenger;
  /** Run workers in this process (the default); false for a process that only queues. */
  workers?: boolean;
  concurrency?: number;
  /** How long a worker holds a row while sending; longer than any send may take. */
  leaseMs?: number;
  reconcileEveryMs?: number;
}

export interface ReconcileResult {
  deliveries: number;
  refreshes: number;
}

export class DeliveryEngine implements Outbox {
  readonly prefix: string;
  readonly deliveries: Queue;
  readonly refreshes: Queue;
  readonly maintenance: Queue;
  private readonly workers: Worker[] = [];
  private readonly pacerClient: Redis;
  private readonly pacer: Pacer;
  private timer: NodeJS.Timeout | undefined;
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly leaseMs: number;
  private closed = false;

  constructor(private readonly options: EngineOptions) {
    this.prefix = options.prefix ?? 'ppp';
    this.leaseMs = options.leaseMs ?? 15_000;
    // ioredis options; BullMQ 6 types its own options more loosely than ioredis does.
    const connection = { ...options.redis.options } as ConnectionOptions;
    this.deliveries = new Queue(DELIVERIES, { connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS });
    this.refreshes = new Queue(REFRESHES, { connection, prefix: this.prefix, defaultJobOptions: JOB_DEFAULTS });
    this.maintenance = new Queue(MAINTENANCE, { connection, prefix: this.prefix, defaultJobOptions: { removeOnComplete: 30, removeOnFail: 30 } });
    this.pacerClient = createRedisClient(options.redis, { maxRetriesPerRequest: null });
    this.pacer = new Pacer(this.pacerClient, this.prefix);
    const log = options.services.log;
    for (const q of [this.deliveries, this.refreshes, this.maintenance]) q.on('error', (err) => log.warn({ err: err.message, queue: q.name }, 'queue error'));
    this.pacerClient.on('error', (err) => log.warn({ err: err.message }, 'pacer redis error'));
  }

  async start(): Promise<ReconcileResult> {
    const { services, messenger } = this.options;
    const { log } = services;
    if (this.options.workers ?? true) {
      const connection = { ...this.options.redis.options, maxRetriesPerRequest: null } as ConnectionOptions;
      const deliver = createDeliverProcessor({
        db: services.db,
        messenger,
        pacer: this.pacer,
        clock: services.clock,
        log,
        leaseMs: this.leaseMs,
        onSettled: (row) => this.onSettled(row),
      });
      const refresh = createRefreshProcessor({
        db: services.db,
        services,
        messenger,
        pacer: this.pacer,
        leaseMs: this.leaseMs,
        requeue: (id) => this.addRefreshJob(id),
      });
      const concurrency = this.options.concurrency ?? 50;
      // A job taken by a worker that died sits in the active list until its lock runs out and the
      // stalled check finds it. Sends are short (one bounded API call), so a short lock is safe —
      // BullMQ renews it while a job runs — and a crashed process's jobs come back within seconds.
      const recovery = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 };
      this.workers.push(
        new Worker(DELIVERIES, deliver, { connection, prefix: this.prefix, concurrency, ...recovery }),
        new Worker(REFRESHES, refresh, { connection, prefix: this.prefix, concurrency: Math.max(1, Math.floor(concurrency / 5)), ...recovery }),
        new Worker(MAINTENANCE, createMaintenanceProcessor(services), { connection, prefix: this.prefix, concurrency: 1 }),
      );
      for (const w of this.workers) {
        w.on('error', (err) => log.warn({ err: err.message, queue: w.name }, 'worker error'));
        w.on('failed', (job, err) => log.error({ err: err.message, queue: w.name, job: job?.id }, 'job failed'));
      }
    }
    const first = await this.reconcile();
    // Housekeeping also runs at start, so a bot that was down at 03:15 does not let a vetting lapse
    // go unnoticed for another day. One start job per day however many processes start.
    await this.maintenance.add('at-start', {}, { jobId: `start-${services.clock().toISOString().slice(0, 10)}` });
    const every = this.options.reconcileEveryMs ?? 60_000;
    // A timer in the process, not a Redis scheduler: it must survive Redis losing every key.
    this.timer = setInterval(() => {
      this.reconcile().catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : err }, 'reconcile failed'));
    }, every);
    this.timer.unref();
    return first;
  }

  async enqueue(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.deliveries.addBulk(ids.map((id) => ({ name: 'deliver', data: { id }, opts: { ...JOB_DEFAULTS, jobId: deliveryJobId(id) } })));
  }

  async refresh(request: RefreshRequest): Promise<void> {
    const { id, queue } = requestRefresh(this.options.services.db, request, this.options.services.clock());
    if (queue) await this.addRefreshJob(id);
  }

  private async addRefreshJob(id: number, delay = 0): Promise<void> {
    const opts: JobsOptions = { ...JOB_DEFAULTS, jobId: refreshJobId(id) };
    if (delay > 0) opts.delay = delay;
    await this.refreshes.add('refresh', { id }, opts);
  }

  private async onSettled(row: DeliveryRow): Promise<void> {
    for (const r of refreshesForSubject(this.options.services.db, row.batch)) {
      await this.refresh({ address: r.address, messageId: r.messageId, renderer: r.renderer, subject: r.subject });
    }
  }

  /** Puts every pending, unleased row back on the queue; ids deduplicate what is already there. */
  async reconcile(): Promise<ReconcileResult> {
    if (this.closed) return { deliveries: 0, refreshes: 0 };
    const { db, clock } = this.options.services;
    const now = clock();
    const pending = unleasedPending(db, now);
    for (let i = 0; i < pending.length; i += 500) {
      await this.deliveries.addBulk(
        pending.slice(i, i + 500).map((p) => {
          const opts: JobsOptions = { ...JOB_DEFAULTS, jobId: p.leaseExpired ? reclaimJobId(p.id, p.attempts) : deliveryJobId(p.id) };
          const delay = p.notBefore ? p.notBefore.getTime() - now.getTime() : 0;
          if (delay > 0) opts.delay = delay;
          return { name: 'deliver', data: { id: p.id }, opts };
        }),
      );
    }
    // The daily scheduler lives in Redis; upserting it on every pass restores it after Redis is lost.
    await this.maintenance.upsertJobScheduler(DAILY_SCHEDULER, { pattern: DAILY_PATTERN, tz: this.options.services.config.timezone }, { name: 'daily', data: {} });
    const owed = refreshesOwed(db, now);
    for (const id of owed) await this.addRefreshJob(id);
    this.watchLeases(now);
    return { deliveries: pending.length, refreshes: owed.length };
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
      this.reconcile().catch((err: unknown) => this.options.services.log.warn({ err: err instanceof Error ? err.message : err }, 'reconcile failed'));
    }, Math.max(50, expiry.getTime() - now.getTime() + 50));
    this.leaseTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.leaseTimer) clearTimeout(this.leaseTimer);
    // worker.close() waits for the jobs in hand to finish, so nothing is cut off mid-send.
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([this.deliveries.close(), this.refreshes.close(), this.maintenance.close()]);
    await this.pacerClient.quit().catch(() => this.pacerClient.disconnect());
  }
}
