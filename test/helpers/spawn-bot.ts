// Runs the real bot as a child process: the bundle `npm start` runs (dist/src/main.js, built by the
// tests' global setup), one node process, so a signal sent to the child reaches the bot itself.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout (or stderr) has shown the pattern. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  send(line: string): void;
}

/** A clean environment: nothing of the developer's own Slack or Teams settings leaks in. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // The console user has a name, so no test's first line is taken for one.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, USER: 'tester', LOG_LEVEL: 'info', PPP_CONSOLE_NAME: 'Terry Tester' };
  return { ...env, ...extra };
}

/** Ends every bot a test started that is still running (SIGTERM unless told), and waits until each has exited. */
export async function stopBots(bots: readonly BotProcess[], signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  for (const b of bots) if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill(signal);
  await Promise.all(bots.map((b) => b.exited));
}

export function spawnBot(env: NodeJS.ProcessEnv, args: string[] = []): BotProcess {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const poke = () => waiters.splice(0).forEach((w) => w());
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    poke();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    poke();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      poke();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    send: (line) => child.stdin.write(`${line}\n`),
    waitFor(pattern, timeoutMs = 20_000) {
      const test = () => (typeof pattern === 'string' ? (out + err).includes(pattern) : pattern.test(out + err));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${String(pattern)}\nstdout: ${out.slice(-2000)}\nstderr: ${err.slice(-2000)}`)),
          timeoutMs,
        );
        const check = () => {
          if (test()) {
            clearTimeout(timer);
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`bot exited before ${String(pattern)}\nstdout: ${out.slice(-2000)}\nstderr: ${err.slice(-2000)}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    },
  };
}
