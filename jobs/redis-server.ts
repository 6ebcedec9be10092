// Runs the bot's own redis-server when REDIS_URL is unset: data and append-only file under DATA_DIR, a
// pidfile there, its unix socket in a short private directory. Every bot, worker and console process on
// that DATA_DIR shares it; each holds a named connection ("ppp-user-<pid>") so the server itself knows
// who uses it, and a crashed process drops out without leaving anything behind. The last process to
// exit cleanly stops it; one left by a crash is reused. A server that dies under a running process
// (killed, crashed) is started again by that process on the same files.
// @see https://redis.io/docs/latest/operate/oss_and_stack/management/config/ (unixsocket, appendonly)
// @see https://redis.io/docs/latest/commands/client-list/
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import type { Log } from '../src/core/log.js';
import {
  clearLegacyLock,
  ensurePrivateDir,
  findRedisServer,
  isBotProcess,
  isRedisServer,
  pathsFor,
  readPid,
  RedisStartError,
  sleep,
  terminate,
  withLock,
  type Paths,
} from './redis-files.js';
import { pingRedis } from './redis-ping.js';

export { findRedisServer, RedisStartError, socketDirFor } from './redis-files.js';

export interface OwnRedis {
  socketPath: string;
  /** The server's pid now (a restart changes it). */
  readonly pid: number;
  /** How the server came to be used, for the log: started, reused after a crash, or shared. */
  how: 'started' | 'reused' | 'shared';
  /**
   * On a clean exit: stops the server if no other process uses it, else leaves it running for them.
   * Returns what it did, for the log.
   */
  release(): Promise<string>;
}

const USER_PREFIX = 'ppp-user-';
const LOCK_WAIT_MS = 40_000;
const WATCH_EVERY_MS = 1_000;

async function waitForPing(socketPath: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pingRedis({ path: socketPath }, 500)) === 'ok') return true;
    if (!alive()) return false;
    await sleep(50);
  }
  return false;
}

/** Starts a server on the DATA_DIR's files; returns its pid once it answers PING. */
async function launch(binary: string, p: Paths): Promise<number> {
  // A pidfile or socket whose process is gone is stale.
  rmSync(p.pidFile, { force: true });
  rmSync(p.socketPath, { force: true });
  const args = [
    '--port', '0',
    '--unixsocket', p.socketPath,
    '--unixsocketperm', '600',
    '--dir', p.dir,
    '--pidfile', p.pidFile,
    '--logfile', p.logFile,
    '--daemonize', 'no',
    '--appendonly', 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    // BullMQ must never have its keys evicted under memory pressure.
    '--maxmemory-policy', 'noeviction',
  ];
  // Detached, so it outlives the process that started it: others may still use it, and a SIGKILL of
  // the bot leaves it for the next start to reuse.
  const child = spawn(binary, args, { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new RedisStartError(`could not start ${binary}`);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  if (!(await waitForPing(p.socketPath, 20_000, () => !exited && isRedisServer(pid)))) {
    await terminate(pid);
    throw new RedisStartError(`redis-server did not start; see ${p.logFile}`);
  }
  return pid;
}

/** A live server on these files that answers, or undefined (one that does not answer is stopped). */
async function liveServer(p: Paths, log: Log): Promise<number | undefined> {
  const pid = readPid(p.pidFile);
  if (!isRedisServer(pid)) return undefined;
  if (await waitForPing(p.socketPath, 5_000, () => isRedisServer(pid))) return pid;
  log.warn({ pid }, 'a redis-server left by an earlier run does not answer; stopping it');
  await terminate(pid);
  return undefined;
}

/**
 * Names of the other live bot processes connected to the server (their presence connections). One
 * whose process has just exited may still be listed for a moment: its pid decides.
 */
async function otherUsers(presence: Redis, timeoutMs: number): Promise<string[]> {
  const list = (await Promise.race([
    presence.client('LIST'),
    sleep(timeoutMs).then(() => {
      throw new Error('no answer to CLIENT LIST');
    }),
  ])) as string;
  const mine = `${USER_PREFIX}${process.pid}`;
  return list
    .split('\n')
    .map((line) => /(?:^| )name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((name) => name.startsWith(USER_PREFIX) && name !== mine && isBotProcess(Number(name.slice(USER_PREFIX.length))));
}

/** Leaves the server's client list before the lock is released, so the next one to decide does not count us. */
async function leave(presence: Redis): Promise<void> {
  try {
    await Promise.race([presence.quit(), sleep(1_000)]);
  } catch {
    // not connected: nothing to leave
  }
  presence.disconnect();
}

export async function startOwnRedis(dataDir: string, log: Log): Promise<OwnRedis> {
  const binary = findRedisServer();
  if (!binary) {
    throw new RedisStartError(
      'redis-server was not found: install it (Debian/Ubuntu: apt-get install -y redis-server) or set REDIS_URL to a Redis 6.2 or later',
    );
  }
  const p = pathsFor(dataDir);
  mkdirSync(p.dir, { recursive: true, mode: 0o700 });
  chmodSync(p.dir, 0o700);
  ensurePrivateDir(p.socketDir);
  clearLegacyLock(p);

  // This process's presence: a connection named after its pid, kept (and reconnected) for its life.
  const presence = new Redis({
    path: p.socketPath,
    connectionName: `${USER_PREFIX}${process.pid}`,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 500,
  });
  presence.on('error', () => undefined);

  let pid = 0;
  let how: OwnRedis['how'] = 'started';
  await withLock(p.lockFile, LOCK_WAIT_MS, async () => {
    const found = await liveServer(p, log);
    pid = found ?? (await launch(binary, p));
    await presence.connect();
    if (found !== undefined) how = (await otherUsers(presence, 2_000)).length > 0 ? 'shared' : 'reused';
  }).catch((err: unknown) => {
    presence.disconnect();
    throw err;
  });

  let released = false;
  let restarting = false;
  // Checks the server's pid, not PING: a busy or loading server is not a dead one.
  const watch = setInterval(() => {
    if (released || restarting || isRedisServer(readPid(p.pidFile) ?? pid)) return;
    restarting = true;
    const gone = pid;
    withLock(p.lockFile, LOCK_WAIT_MS, async () => {
      if (released) return;
      const found = await liveServer(p, log);
      if (found !== undefined) {
        pid = found;
        log.warn({ was: gone, pid }, `the redis-server (pid ${gone}) this process used is gone; another bot process started a new one (pid ${pid}), used from now on`);
        return;
      }
      pid = await launch(binary, p);
      log.warn(
        { was: gone, pid },
        `the redis-server (pid ${gone}) this process used is gone without a clean stop (killed or crashed); started a new one (pid ${pid}) on the same data; pending work is queued again from SQLite`,
      );
    })
      .catch((err: unknown) => log.error({ err: err instanceof Error ? err.message : err }, 'could not start a new redis-server; trying again'))
      .finally(() => {
        restarting = false;
      });
  }, WATCH_EVERY_MS);
  watch.unref();

  return {
    socketPath: p.socketPath,
    get pid() {
      return pid;
    },
    how,
    async release() {
      released = true;
      clearInterval(watch);
      return withLock(p.lockFile, 10_000, async () => {
        let others: string[] | undefined;
        try {
          others = await otherUsers(presence, 2_000);
        } catch {
          others = undefined;
        }
        await leave(presence);
        const current = readPid(p.pidFile) ?? pid;
        if (!isRedisServer(current)) return 'its redis-server had already stopped';
        if (others === undefined) return `left its redis-server (pid ${current}) running: it did not say who else uses it; the next start checks it`;
        if (others.length > 0) {
          return `left its redis-server (pid ${current}) running for ${others.length} other bot process${others.length === 1 ? '' : 'es'} on this DATA_DIR`;
        }
        await terminate(current);
        rmSync(p.pidFile, { force: true });
        return `stopped its redis-server (pid ${current}): no other bot process uses it`;
      });
    },
  };
}
