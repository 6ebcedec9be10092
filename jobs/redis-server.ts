// Runs the bot's own redis-server when REDIS_URL is unset: data and append-only file under DATA_DIR,
// a pidfile and an owner lock there, its unix socket in a short private directory. A server left by a
// crashed run is reused (or stopped when it does not answer); the owner stops it on a clean exit.
// @see https://redis.io/docs/latest/operate/oss_and_stack/management/config/ (unixsocket, appendonly)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Log } from '../src/core/log.js';
import { pingRedis } from './redis-ping.js';

export class RedisStartError extends Error {}

export interface OwnRedis {
  socketPath: string;
  pid: number;
  /** True when this process holds the lock and stops the server on a clean exit. */
  owner: boolean;
  /** How the server came to be used, for the log: started, reused after a crash, or shared. */
  how: 'started' | 'reused' | 'shared';
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** On Linux, tells a live pid that was reused by another program apart from the one we expect. */
function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
}

function looksLike(pid: number, needle: RegExp): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandLineOf(pid);
  return cmd === undefined ? true : needle.test(cmd);
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The socket lives in /tmp/ppp-<hash of DATA_DIR>: unix socket paths are limited to 107 bytes, and
 * DATA_DIR may be deep. The name is derived from DATA_DIR so a later run finds the same socket.
 */
export function socketDirFor(dataDir: string): string {
  const hash = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 16);
  const base = existsSync('/tmp') ? '/tmp' : '/var/tmp';
  return join(base, `ppp-${hash}`);
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  // A directory someone else made (or a symlink planted in /tmp) must not hold our socket.
  if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
    throw new RedisStartError(`${dir} is not a directory owned by this user; remove it and start again`);
  }
  chmodSync(dir, 0o700);
}

async function waitForPing(socketPath: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pingRedis({ path: socketPath }, 500)) === 'ok') return true;
    if (!alive()) return false;
    await sleep(50);
  }
  return false;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

async function terminate(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitForExit(pid, 10_000)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await waitForExit(pid, 2_000);
}

interface Paths {
  dir: string;
  pidFile: string;
  lockFile: string;
  logFile: string;
  socketDir: string;
  socketPath: string;
}

function pathsFor(dataDir: string): Paths {
  const dir = join(dataDir, 'redis');
  const socketDir = socketDirFor(dataDir);
  return {
    dir,
    pidFile: join(dir, 'redis.pid'),
    lockFile: join(dir, 'owner.lock'),
    logFile: join(dir, 'redis.log'),
    socketDir,
    socketPath: join(socketDir, 'redis.sock'),
  };
}

/** Takes the owner lock, or says which live process holds it. */
function takeLock(lockFile: string): { owner: true } | { owner: false; holder: number } {
  try {
    const fd = openSync(lockFile, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return { owner: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = readPid(lockFile);
  if (holder !== undefined && holder !== process.pid && looksLike(holder, /node|tsx|ppp/)) {
    return { owner: false, holder };
  }
  // The holder died without cleaning up (a crash or SIGKILL): take its place.
  const temp = `${lockFile}.${process.pid}`;
  writeFileSync(temp, `${process.pid}\n`, { mode: 0o600 });
  renameSync(temp, lockFile);
  return { owner: true };
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

  const lock = takeLock(p.lockFile);
  if (!lock.owner) {
    // Another bot or worker process on this host runs it; share it and leave stopping to that process.
    const pid = readPid(p.pidFile);
    if (!(await waitForPing(p.socketPath, 15_000, () => isAlive(lock.holder)))) {
      throw new RedisStartError(
        `the redis-server run by process ${lock.holder} does not answer on ${p.socketPath}; stop that process or remove ${p.lockFile}`,
      );
    }
    return { socketPath: p.socketPath, pid: pid ?? -1, owner: false, how: 'shared', stop: async () => undefined };
  }

  const release = () => {
    if (readPid(p.lockFile) === process.pid) rmSync(p.lockFile, { force: true });
  };
  const stopServer = (pid: number) => async () => {
    await terminate(pid);
    rmSync(p.pidFile, { force: true });
    release();
  };

  try {
    const leftPid = readPid(p.pidFile);
    if (leftPid !== undefined && looksLike(leftPid, /redis-server/)) {
      if (await waitForPing(p.socketPath, 5_000, () => isAlive(leftPid))) {
        return { socketPath: p.socketPath, pid: leftPid, owner: true, how: 'reused', stop: stopServer(leftPid) };
      }
      log.warn({ pid: leftPid }, 'a redis-server left by an earlier run does not answer; stopping it');
      await terminate(leftPid);
    }
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
    // Detached, so a SIGKILL of the bot leaves it running for the next start to reuse.
    const child = spawn(binary, args, { detached: true, stdio: 'ignore' });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new RedisStartError(`could not start ${binary}`);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    if (!(await waitForPing(p.socketPath, 20_000, () => !exited && isAlive(pid)))) {
      await terminate(pid);
      throw new RedisStartError(`redis-server did not start; see ${p.logFile}`);
    }
    return { socketPath: p.socketPath, pid, owner: true, how: 'started', stop: stopServer(pid) };
  } catch (err) {
    release();
    throw err;
  }
}
