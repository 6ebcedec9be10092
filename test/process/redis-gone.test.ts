// A bot whose Redis goes away keeps answering and still stops on the first Ctrl-C / SIGTERM: nothing
// waits on a reconnect, and the log says Redis is down once, not on every retry.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnRedis } from '../helpers/redis-global.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';

let redis: { child: ChildProcess } | undefined;
let bot: BotProcess | undefined;
afterAll(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
  redis?.child.kill('SIGKILL');
});

describe('Redis gone under a running bot', () => {
  it('answers a command and exits 0 on SIGINT, the log saying Redis is down once per component, not per retry', async () => {
    const started = await spawnRedis();
    redis = started;
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-gone-')), 'data');
    bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1', REDIS_URL: started.url }));
    await bot.waitFor('ppp> ');
    started.child.kill('SIGKILL');
    await new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
    // Let several reconnects fail.
    await new Promise((r) => setTimeout(r, 3_000));

    bot.send('/ppp help');
    await bot.waitFor('What you can do here', 5_000);
    bot.child.kill('SIGINT');
    const { code } = await bot.exited;
    expect(code).toBe(0);

    const log = existsSync(join(dataDir, 'ppp.log')) ? readFileSync(join(dataDir, 'ppp.log'), 'utf8') : '';
    const warnings = log.split('\n').filter((l) => l.includes('"level":40') && /ECONNREFUSED|Redis/.test(l));
    // One "lost the connection" per component that noticed (engine, health), not one per retry.
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length, warnings.join("\n")).toBeLessThanOrEqual(4);
  }, 60_000);
});
