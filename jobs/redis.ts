// Where Redis is (REDIS_URL or the bot's own server) and how to connect to it, for BullMQ and health;
// the time bound every Redis call on a request path gets, and a log that says "down" once, not per retry.
import { Redis, type RedisOptions } from 'ioredis';
import type { Log } from '../src/core/log.js';
import { startOwnRedis, type OwnRedis } from './redis-server.js';

export interface RedisTarget {
  /** ioredis options (a URL is turned into options too) shared by every connection. */
  options: RedisOptions;
  /** What the log says about it; never includes a password. */
  description: string;
  own?: OwnRedis;
}

/** Options from a REDIS_URL: redis://, rediss:// or unix:///path/to.sock. */
export function optionsFromUrl(url: string): RedisOptions {
  if (url.startsWith('unix://')) return { path: decodeURIComponent(url.slice('unix://'.length)) };
  const u = new URL(url);
  const options: RedisOptions = { host: u.hostname, port: u.port ? Number(u.port) : 6379 };
  if (u.username) options.username = decodeURIComponent(u.username);
  if (u.password) options.password = decodeURIComponent(u.password);
  const db = u.pathname.replace('/', '');
  if (db) options.db = Number(db);
  if (u.protocol === 'rediss:') options.tls = {};
  return options;
}

function describeUrl(url: string): string {
  if (url.startsWith('unix://')) return url;
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}:${u.port || 6379}${u.pathname.length > 1 ? u.pathname : ''}`;
}

export async function resolveRedis(options: { url?: string; dataDir: string; log: Log }): Promise<RedisTarget> {
  if (options.url) {
    return { options: optionsFromUrl(options.url), description: `REDIS_URL ${describeUrl(options.url)}` };
  }
  const own = await startOwnRedis(options.dataDir, options.log);
  const how = {
    started: 'started its own redis-server',
    reused: 'reused its own redis-server left running by an earlier run',
    shared: 'shares the redis-server run by another bot process',
  }[own.how];
  return { options: { path: own.socketPath }, description: `${how} (pid ${own.pid}, socket ${own.socketPath})`, own };
}

/**
 * Reconnect within a second, however long Redis was gone: BullMQ's own strategy backs off to 20 s,
 * which would leave work waiting that long after Redis is back.
 */
export const retryStrategy = (times: number) => Math.min(100 * times, 1000);

/** Options for one connection: the target's, a bounded reconnect, then the caller's. */
export function connectionOptions(target: RedisTarget, extra: RedisOptions = {}): RedisOptions {
  return { retryStrategy, ...target.options, ...extra };
}

/** A client for commands; workers pass `maxRetriesPerRequest: null` as BullMQ requires. */
export function createRedisClient(target: RedisTarget, extra: RedisOptions = {}): Redis {
  return new Redis(connectionOptions(target, extra));
}

export class RedisTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: Redis did not answer within ${ms} ms`);
    this.name = 'RedisTimeout';
  }
}

/**
 * The call, or a RedisTimeout after `ms`. A person waits on the request path, and Slack gives 3 s:
 * no Redis call there may wait on a reconnect. (The call itself may still finish later; everything
 * queued is deduplicated by job id and idempotent, so that is harmless.)
 */
export function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeout(what, ms)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const CONNECTION_ERROR = /ECONN|ENOENT|EPIPE|ETIMEDOUT|EHOSTUNREACH|connect|writeable/i;

export function isConnectionError(err: unknown): boolean {
  return err instanceof RedisTimeout || CONNECTION_ERROR.test(err instanceof Error ? err.message : String(err));
}

/**
 * Every queue, worker and client reports each failed reconnect; with a reconnect a second that would
 * fill the log during an outage. The first says Redis is down, the rest go to debug, and the return
 * is said once.
 */
export class ConnectionLog {
  private down = false;
  constructor(
    private readonly log: Log,
    private readonly what: string,
  ) {}

  error(err: unknown, source: string): void {
    const message = err instanceof Error ? err.message : String(err);
    if (!isConnectionError(err)) {
      this.log.warn({ err: message, source }, `${this.what}: redis error`);
      return;
    }
    if (this.down) {
      this.log.debug({ err: message, source }, `${this.what}: redis still unreachable`);
      return;
    }
    this.down = true;
    this.log.warn({ err: message, source }, `${this.what}: lost the connection to Redis; reconnecting every second, and work waits in SQLite until it is back`);
  }

  ready(): void {
    if (!this.down) return;
    this.down = false;
    this.log.info(`${this.what}: connected to Redis again`);
  }

  get isDown(): boolean {
    return this.down;
  }
}
