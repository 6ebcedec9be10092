// A console session without a terminal: the real ConsoleAdapter over the real bot, its messenger in the
// hub (posts, edits and DMs land on its screen), fed through its input stream line by line.
import { PassThrough } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createBot, type Bot } from '../../src/bot.js';
import { syncCoordinators } from '../../src/members/coordinators.js';
import { buildServices, type TestServices } from './services.js';

export interface ConsoleSession {
  bot: Bot;
  services: TestServices;
  dataDir: string;
  /** Everything on the screen so far. */
  screen(): string;
  /** Types a line and returns what the screen showed until the next prompt (`ppp> `, or a form's `> `). */
  send(line: string): Promise<string>;
  /** Waits until the screen, from `from` on, matches; returns that part. */
  waitFor(pattern: RegExp | string, from?: number, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export interface ConsoleSessionOptions {
  /** The OS login (the identity `console:<login>`). */
  login?: string;
  /** PPP_CONSOLE_NAME, when set. */
  name?: string;
  env?: Record<string, string>;
  clock?: () => Date;
}

/** The bot waits for a line: its own prompt, or a form question's. */
const PROMPT = /ppp> |\] > |\n {2}> /;

export async function startConsole(options: ConsoleSessionOptions = {}): Promise<ConsoleSession> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-console-'));
  const services = buildServices({ env: { DATA_DIR: dataDir, ...options.env }, ...(options.clock ? { clock: options.clock } : {}) });
  const bot = createBot(services);
  const login = options.login ?? 'operator';
  // As src/main.ts does before the console opens: whoever holds the terminal is a coordinator.
  syncCoordinators(services.db, { admins: [], consoleUser: login, at: services.clock() });
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  const adapter = new ConsoleAdapter({
    bot,
    user: login,
    ...(options.name ? { name: options.name } : {}),
    input,
    output,
    banner: ['PPP Bot — test partnership (console)'],
  });
  services.messenger.add(adapter.messenger);
  await services.outbox.start();
  const done = adapter.run();

  const waitFor = async (pattern: RegExp | string, from = 0, timeoutMs = 10_000): Promise<string> => {
    const deadline = Date.now() + timeoutMs;
    const test = (s: string) => (typeof pattern === 'string' ? s.includes(pattern) : pattern.test(s));
    while (!test(screen.slice(from))) {
      if (Date.now() > deadline) throw new Error(`the console never showed ${String(pattern)}; it shows:\n${screen.slice(from).slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return screen.slice(from);
  };
  const session: ConsoleSession = {
    bot,
    services,
    dataDir,
    screen: () => screen,
    async send(line) {
      const mark = screen.length;
      input.write(`${line}\n`);
      // The answer is complete when the bot asks for the next line.
      return waitFor(PROMPT, mark);
    },
    waitFor,
    async close() {
      input.end();
      await done;
      await services.outbox.close();
    },
  };
  return session;
}
