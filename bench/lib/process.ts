// Servers under test run as their own processes, as they would in production; this starts one and
// waits until it says it is listening.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BOT_TOKEN as BENCH_BOT_TOKEN, SIGNING_SECRET as BENCH_SIGNING_SECRET } from '../../test/helpers/fake-slack.js';
import type { LoopWindow } from './loop-probe.js';

/**
 * The environment of a server under test, Slack pointed at a fake: nothing inherited but PATH and HOME,
 * so a developer's own tokens never reach a benchmark. LOG_LEVEL info: startServer waits for the
 * "listening on port" line, which the bot logs at that level.
 */
export function slackServerEnv(port: number, slackApiUrl: string, dataDir: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATA_DIR: dataDir,
    SLACK_BOT_TOKEN: BENCH_BOT_TOKEN,
    SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
    SLACK_API_URL: slackApiUrl,
    PPP_NAME: 'Bench Partnership',
    LOG_LEVEL: 'info',
    ...more,
  };
}

export interface Server {
  child: ChildProcess;
  output(): string;
  /** Resident memory now, in MB. */
  rssMb(): number;
  /** CPU time the process has used so far (user + system), in ms; NaN where /proc is not there. */
  cpuMs(): number;
  /** Loop delay and GC pauses since the last call (a preloaded bench/lib/loop-probe.ts); undefined without the probe. */
  window(): Promise<LoopWindow | undefined>;
  stop(): Promise<void>;
}

const PROBE = pathToFileURL(join(import.meta.dirname, 'loop-probe.ts')).href;

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS); NaN where /proc is not there. */
export function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * User + system CPU ms from a /proc stat file (a process's or a thread's); throws where it is not there.
 * Clock ticks are 100 per second on Linux (sysconf(_SC_CLK_TCK) is 100 on every mainstream kernel). The
 * command name may hold spaces and parentheses, so the fields are counted from its last ')'.
 */
function statCpuMs(path: string): number {
  const stat = readFileSync(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function cpuMsOf(pid: number | undefined): number {
  try {
    return statCpuMs(`/proc/${pid}/stat`);
  } catch {
    return NaN;
  }
}

/**
 * CPU time of a process's threads so far, in ms: its main thread (the event loop) and the rest together
 * (V8's compiler and GC helpers, libuv's pool). NaN where /proc is not there.
 */
export function threadCpuMs(pid: number | undefined): { mainMs: number; helpersMs: number } {
  try {
    let mainMs = 0;
    let helpersMs = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const ms = statCpuMs(`/proc/${pid}/task/${tid}/stat`);
      if (Number(tid) === pid) mainMs += ms;
      else helpersMs += ms;
    }
    return { mainMs, helpersMs };
  } catch {
    return { mainMs: NaN, helpersMs: NaN };
  }
}

/** CPU ms of a process's child processes (the bot's own redis-server), from /proc; NaN when unreadable. */
export function childrenCpuMs(pid: number | undefined): number {
  try {
    let ms = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean)) {
        ms += statCpuMs(`/proc/${child}/stat`);
      }
    }
    return ms;
  } catch {
    return NaN;
  }
}

/**
 * `BENCH_NODE_ARGS` adds node flags to the servers, e.g. `--cpu-prof` to see where their time goes.
 * A TypeScript script runs under the tsx loader (`loader`); a built one (dist/) without it.
 */
export async function startServer(script: string, env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 30_000, args: string[] = [], nodeArgs: string[] = [], loader = true): Promise<Server> {
  const extra = [...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean), ...nodeArgs];
  // Every server under test gets the same probe (loop delay, GC), so both sides of a comparison run alike.
  const probeFile = loader ? join(tmpdir(), `ppp-bench-probe-${process.pid}-${Math.random().toString(36).slice(2)}.jsonl`) : undefined;
  const probeEnv = probeFile ? { BENCH_PROBE_FILE: probeFile, BENCH_PROBE_PRELOAD: '1' } : {};
  const child = spawn(process.execPath, [...extra, ...(loader ? ['--import', 'tsx', '--import', PROBE] : []), script, ...args], { env: { ...env, ...probeEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // BENCH_SERVER_LOG=<prefix>: each server's whole stdout also goes to <prefix>.<pid> (e.g. with
  // BENCH_BOT_NODE_ARGS=--trace-gc, whose lines would otherwise be cut to the last 20,000 characters).
  const logTo = process.env.BENCH_SERVER_LOG ? `${process.env.BENCH_SERVER_LOG}.${child.pid}` : undefined;
  if (logTo) child.stdout!.on('data', (d: string) => appendFileSync(logTo, d));
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-20_000)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in ${timeoutMs} ms:\n${out.slice(-2000)}`)), timeoutMs);
    const check = () => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready:\n${out.slice(-2000)}`));
    });
  });
  return {
    child,
    output: () => out,
    rssMb: () => rssMb(child.pid),
    cpuMs: () => cpuMsOf(child.pid),
    async window() {
      if (!probeFile || child.exitCode !== null) return undefined;
      const lines = () => (existsSync(probeFile) ? readFileSync(probeFile, 'utf8').split('\n').filter(Boolean) : []);
      const before = lines().length;
      child.kill('SIGUSR2');
      for (let i = 0; i < 200 && lines().length === before; i++) await new Promise((r) => setTimeout(r, 10));
      const last = lines()[before];
      return last ? (JSON.parse(last) as LoopWindow) : undefined;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      if (probeFile) rmSync(probeFile, { force: true });
    },
  };
}
