// The console adapter through piped stdin (`npm run console`) and a pseudo-terminal (`npm start`).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, ROOT, spawnBot } from '../helpers/spawn-bot.js';

describe('console adapter', () => {
  it('answers /ppp help with what a coordinator may run, and suggests for an unknown word', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-console-')), 'data');
    const bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1', PPP_NAME: 'Twin Cities Security Partnership' }));
    await bot.waitFor('ppp> ');
    expect(bot.stdout()).toContain('You are Terry Tester, a coordinator');
    expect(bot.stdout()).not.toContain('console:');
    bot.send('/ppp help');
    await bot.waitFor('What you can do here');
    expect(bot.stdout()).toContain('PPP Bot — Twin Cities Security Partnership');
    expect(bot.stdout()).toContain('/ppp help [command]');
    bot.send('/ppp hlep');
    await bot.waitFor('Did you mean');
    expect(bot.stdout()).toContain("I don't know `hlep`. Did you mean `/ppp help`?");
    bot.send('quit');
    expect((await bot.exited).code).toBe(0);
    expect(bot.stdout()).toContain('Bye.');
  });

  it('opens with `npm start` when stdin is a terminal and nothing else is configured: built to dist/ first, its migrations found there', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-tty-')), 'data');
    // `script` gives the bot a real pseudo-terminal, as a person at a shell would.
    const child = spawn('script', ['-qec', 'npm start --silent', '/dev/null'], {
      cwd: ROOT,
      env: baseEnv({ DATA_DIR: dataDir, TERM: 'dumb' }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const waitFor = async (text: string) => {
      const deadline = Date.now() + 20_000;
      while (!out.includes(text)) {
        if (Date.now() > deadline) throw new Error(`no ${text} in: ${out.slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitFor('ppp> ');
    child.stdin.write('/ppp help\r');
    await waitFor('What you can do here');
    child.stdin.write('quit\r');
    await waitFor('Bye.');
    child.stdin.end();
    expect(await exited).toBe(0);
    // What ran was the bundle (prestart), not the sources under a loader: a fresh database was migrated
    // from the migrations copied beside it.
    expect(existsSync(join(ROOT, 'dist', 'src', 'main.js'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'src', 'migrations', 'meta', '_journal.json'))).toBe(true);
    expect(readFileSync(join(ROOT, 'package.json'), 'utf8')).toMatch(/"start": "node [^"]*dist\/src\/main.js"/);
  });

  it('script(1) is present, so the terminal test above really ran in a pseudo-terminal', () => {
    expect(execFileSync('script', ['-qec', 'test -t 0 && echo tty', '/dev/null'], { encoding: 'utf8', input: '' })).toContain('tty');
  });
});
