// A bad configuration stops the bot at once with one line naming the variable, before it touches
// DATA_DIR, the database or Redis.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnBot } from '../helpers/spawn-bot.js';

const cases: { name: string; env: Record<string, string>; variable: string; hidden?: string }[] = [
  { name: 'a port that is not a number', env: { PORT: 'eighty' }, variable: 'PORT' },
  { name: 'a Slack token without its signing secret', env: { SLACK_BOT_TOKEN: 'xoxb-1-2-abc' }, variable: 'SLACK_SIGNING_SECRET' },
  { name: 'a malformed Slack token, whose value is never shown', env: { SLACK_BOT_TOKEN: 'hunter2-secret-value', SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef' }, variable: 'SLACK_BOT_TOKEN', hidden: 'hunter2-secret-value' },
  { name: 'Teams enabled in production without an app id', env: { TEAMS_ENABLED: 'true', NODE_ENV: 'production' }, variable: 'MICROSOFT_APP_ID' },
  { name: 'an app id without a password (not a managed identity)', env: { MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' }, variable: 'MICROSOFT_APP_PASSWORD' },
  { name: 'a time zone that does not exist', env: { PPP_TIMEZONE: 'Mars/Olympus_Mons' }, variable: 'PPP_TIMEZONE' },
  { name: 'a malformed admin list', env: { PPP_ADMINS: 'slack:U123,bob' }, variable: 'PPP_ADMINS' },
  { name: 'a Slack API URL without /api/', env: { SLACK_API_URL: 'http://127.0.0.1:9/' }, variable: 'SLACK_API_URL' },
  { name: 'a reconcile interval of zero seconds', env: { PPP_RECONCILE_SECONDS: '0' }, variable: 'PPP_RECONCILE_SECONDS' },
];

describe('configuration errors at start', () => {
  for (const c of cases) {
    it(`exits promptly naming ${c.variable} for ${c.name}`, async () => {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-cfg-')), 'data');
      const bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1', ...c.env }));
      const { code } = await bot.exited;
      expect(code).toBe(2);
      const lines = bot.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^ppp-bot: configuration error: /);
      expect(lines[0]).toContain(c.variable);
      expect(bot.stderr()).not.toMatch(/\n\s+at /);
      if (c.hidden) expect(bot.stderr() + bot.stdout()).not.toContain(c.hidden);
      // Nothing was touched: no DATA_DIR, so no database and no redis-server files either.
      expect(existsSync(dataDir)).toBe(false);
    });
  }

  it('with no platform and no terminal, exits saying what to set, before touching DATA_DIR', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-cfg-')), 'data');
    const bot = spawnBot(baseEnv({ DATA_DIR: dataDir }));
    const { code } = await bot.exited;
    expect(code).toBe(2);
    expect(bot.stderr()).toMatch(/SLACK_BOT_TOKEN.*MICROSOFT_APP_ID.*npm run console/);
    expect(existsSync(dataDir)).toBe(false);
  });
});
