// Local state is private: DATA_DIR 0700; the database, its -wal/-shm and Redis's files owner-only.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnBot } from '../helpers/spawn-bot.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('file modes', () => {
  it('keeps DATA_DIR, the database, its WAL files and the append-only file owner-only', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ppp-modes-')), 'data');
    // A DATA_DIR left world-readable by hand is tightened too.
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PPP_FORCE_CONSOLE: '1' }));
    await bot.waitFor('ppp> ');
    bot.send('/ppp help');
    await bot.waitFor('What you can do here');
    const socket = /socket (\S+)\)/.exec(bot.stdout())![1]!;

    // While the bot runs, WAL mode keeps -wal and -shm beside the database.
    const db = join(dataDir, 'ppp.sqlite');
    expect(mode(dataDir)).toBe(0o700);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(mode(file), file).toBe(0o600);
    }
    const redisDir = join(dataDir, 'redis');
    expect(mode(redisDir)).toBe(0o700);
    const aofDir = join(redisDir, 'appendonlydir');
    expect(mode(aofDir)).toBe(0o700);
    const aofFiles = readdirSync(aofDir);
    expect(aofFiles.some((f) => f.includes('.aof'))).toBe(true);
    for (const f of aofFiles) expect(mode(join(aofDir, f)), f).toBe(0o600);
    expect(mode(join(redisDir, 'redis.pid'))).toBe(0o600);
    expect(mode(dirname(socket))).toBe(0o700);
    expect(mode(socket)).toBe(0o600);

    bot.child.stdin.end();
    expect((await bot.exited).code).toBe(0);
    expect(mode(db)).toBe(0o600);
  });
});
