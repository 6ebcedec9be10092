// Where Redis is (REDIS_URL or the bot's own server) and how to connect to it, for BullMQ and health.
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

/** A client for commands; workers pass `maxRetriesPerRequest: null` as BullMQ requires. */
export function createRedisClient(target: RedisTarget, extra: RedisOptions = {}): Redis {
  return new Redis({ ...target.options, ...extra });
}
