// The files and processes behind the bot's own redis-server: where they live under DATA_DIR, whether a
// pid is still the program we expect, and a short lock that makes starting and stopping one decision.
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, rmSync, statSync, writeSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export class RedisStartError extends Error {}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Paths {
  dir: string;
  pidFile: string;
  /** Held only while a process starts, restarts or stops the server, never for a process's life. */
  lockFile: string;
  /** Left by versions that kept an owner lock for their whole run. */
  legacyLock: string;
  logFile: string;
  socketDir: string;
  socketPath: string;
}

export function findRedisServer(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'redis-server');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function isAlive(pid: number): boolean {
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

/** Alive and (where /proc says) running a program matching `needle`; a zombie has no command line. */
export function looksLike(pid: number, needle: RegExp): boolean {
  if (!isAlive(pid)) return false;
  const cmd = commandLineOf(pid);
  return cmd === undefined ? true : needle.test(cmd);
}

export const isRedisServer = (pid: number | undefined): pid is number => pid !== undefined && looksLike(pid, /redis-server/);
export const isBotProcess = (pid: number) => looksLike(pid, /node|tsx|ppp/);

export function readPid(path: string): number | undefined {
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

export function pathsFor(dataDir: string): Paths {
  const dir = join(dataDir, 'redis');
  const socketDir = socketDirFor(dataDir);
  return {
    dir,
    pidFile: join(dir, 'redis.pid'),
    lockFile: join(dir, 'start.lock'),
    legacyLock: join(dir, 'owner.lock'),
    logFile: join(dir, 'redis.log'),
    socketDir,
    socketPath: join(socketDir, 'redis.sock'),
  };
}

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  // A directory someone else made (or a symlink planted in /tmp) must not hold our socket.
  if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
    throw new RedisStartError(`${dir} is not a directory owned by this user; remove it and start again`);
  }
  chmodSync(dir, 0o700);
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRedisServer(pid)) return true;
    await sleep(50);
  }
  return !isRedisServer(pid);
}

/** SIGTERM (Redis flushes its append-only file and exits), then SIGKILL if it will not go. */
export async function terminate(pid: number): Promise<void> {
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

/** Creates the lock file holding our pid; false when another live process holds it. */
function tryLock(lockFile: string): boolean {
  try {
    const fd = openSync(lockFile, 'wx', 0o600);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const holder = readPid(lockFile);
  let stale: boolean;
  if (holder === undefined) {
    // Created but not yet written, or its writer died in between: give it a moment.
    let age = 0;
    try {
      age = Date.now() - statSync(lockFile).mtimeMs;
    } catch {
      return false;
    }
    stale = age > 5_000;
  } else {
    stale = holder === process.pid || !isBotProcess(holder);
  }
  // The holder died mid-decision (a crash, a SIGKILL): its lock means nothing now. Read again just
  // before removing, so a lock another process has just taken in its place is not removed.
  if (stale && readPid(lockFile) === holder) rmSync(lockFile, { force: true });
  return false;
}

/**
 * Runs `fn` while holding the lock. Starting and stopping are each one decision ("is a server running,
 * who else uses it"), and two processes deciding at once could start two servers on one data folder.
 */
export function withLock<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  // Within this process too (the watchdog restarting while a clean exit stops): one at a time.
  const run = (inProcess.get(lockFile) ?? Promise.resolve()).then(() => lockAndRun(lockFile, timeoutMs, fn));
  inProcess.set(lockFile, run.catch(() => undefined));
  return run;
}

const inProcess = new Map<string, Promise<unknown>>();

async function lockAndRun<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!tryLock(lockFile)) {
    if (Date.now() > deadline) {
      throw new RedisStartError(`process ${readPid(lockFile) ?? '?'} has been starting or stopping the bot's redis-server for ${Math.round(timeoutMs / 1000)} s; if no bot process is running, remove ${lockFile}`);
    }
    await sleep(50);
  }
  try {
    return await fn();
  } finally {
    if (readPid(lockFile) === process.pid) rmSync(lockFile, { force: true });
  }
}

/** An owner lock from an older version whose process is gone is removed; a live one is left alone. */
export function clearLegacyLock(p: Paths): void {
  const holder = readPid(p.legacyLock);
  if (existsSync(p.legacyLock) && (holder === undefined || !isBotProcess(holder))) rmSync(p.legacyLock, { force: true });
}
