// The bot's own redis-server: started under DATA_DIR, reused after the bot is SIGKILLed (one server
// on those files, never two), stopped on a clean exit, started again when it dies under a running
// bot, and fine with a long DATA_DIR path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** redis-server processes whose command line names this DATA_DIR's socket. */
function serversFor(socketPath: string): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-f', `redis-server.*${socketPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`], { encoding: 'utf8' });
  } catch {
    return [];
  }
  return out.split('\n').filter(Boolean).map(Number);
}

async function startConsole(dataDir: string): Promise<{ bot: BotProcess; pid: number; socket: string; how: string }> {
  const bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1' }));
  await bot.waitFor(/Redis: (.*) \(pid (\d+), socket (\S+)\)/);
  const m = /Redis: (.*) \(pid (\d+), socket (\S+)\)/.exec(bot.stdout())!;
  return { bot, how: m[1]!, pid: Number(m[2]), socket: m[3]! };
}

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the bot’s own redis-server', () => {
  it('starts, is reused after a SIGKILL of the bot, and stops on a clean exit', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-redis-')), 'data');
    const first = await startConsole(dataDir);
    expect(first.how).toBe('started its own redis-server');
    expect(alive(first.pid)).toBe(true);
    expect(readFileSync(join(dataDir, 'redis', 'redis.pid'), 'utf8').trim()).toBe(String(first.pid));
    // The start decision's lock is held only while deciding.
    expect(existsSync(join(dataDir, 'redis', 'start.lock'))).toBe(false);

    first.bot.child.kill('SIGKILL');
    await first.bot.exited;
    expect(alive(first.pid)).toBe(true);

    const second = await startConsole(dataDir);
    expect(second.how).toMatch(/^reused its own redis-server/);
    expect(second.pid).toBe(first.pid);
    expect(serversFor(second.socket)).toEqual([first.pid]);
    second.bot.send('/ppp help');
    await second.bot.waitFor('What you can do here');

    second.bot.child.stdin.end();
    const { code } = await second.bot.exited;
    expect(code).toBe(0);
    await waitUntil(() => !alive(first.pid));
    expect(serversFor(second.socket)).toEqual([]);
    expect(existsSync(join(dataDir, 'redis', 'start.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'redis', 'redis.pid'))).toBe(false);
  });

  it('starts a new server when its redis-server is killed under it, keeps answering, and exits cleanly', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-redis-kill-')), 'data');
    const run = await startConsole(dataDir);
    process.kill(run.pid, 'SIGKILL');
    const log = () => (existsSync(join(dataDir, 'ppp.log')) ? readFileSync(join(dataDir, 'ppp.log'), 'utf8') : '');
    await waitUntil(() => /is gone without a clean stop .*started a new one \(pid \d+\)/.test(log()), 15_000);
    const restarted = Number(/started a new one \(pid (\d+)\)/.exec(log())![1]);
    expect(restarted).not.toBe(run.pid);
    expect(serversFor(run.socket)).toEqual([restarted]);
    run.bot.send('/ppp help');
    await run.bot.waitFor('What you can do here');
    run.bot.child.stdin.end();
    expect((await run.bot.exited).code).toBe(0);
    await waitUntil(() => !alive(restarted));
  });

  it('works with a DATA_DIR path far longer than a unix socket path may be', async () => {
    let dataDir = mkdtempSync(join(tmpdir(), 'ppp-long-'));
    while (dataDir.length < 180) dataDir = join(dataDir, 'a-rather-long-folder-name');
    mkdirSync(dataDir, { recursive: true });
    const run = await startConsole(dataDir);
    expect(run.socket.length).toBeLessThan(108);
    run.bot.send('/ppp help');
    await run.bot.waitFor('What you can do here');
    run.bot.child.stdin.end();
    expect((await run.bot.exited).code).toBe(0);
    await waitUntil(() => !alive(run.pid));
  });

  it('without a redis-server binary, exits saying how to install one or set REDIS_URL', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'ppp-nobin-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-nored-')), 'data');
    const bot = spawnBot({ ...baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1' }), PATH: bin });
    const { code } = await bot.exited;
    expect(code).toBe(1);
    expect(bot.stderr()).toMatch(/redis-server was not found: install it .*apt-get install -y redis-server.* or set REDIS_URL/);
    expect(bot.stderr()).not.toMatch(/\n\s+at /);
  });
});
