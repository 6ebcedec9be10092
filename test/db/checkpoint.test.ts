// Quiet-time checkpoints on a real WAL database file: written pages reach the main file only once the
// process is quiet, and the automatic checkpoint waits for the larger backstop meanwhile.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.js';
import { BACKSTOP_PAGES, checkpointWhenQuiet } from '../../db/checkpoint.js';
import { until } from '../helpers/until.js';

const dirs: string[] = [];
const stops: (() => void)[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  for (const db of dbs.splice(0)) db.$client.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileDb(): { db: Db; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ppp-checkpoint-'));
  dirs.push(dir);
  const path = join(dir, 'ppp.sqlite');
  const db = openDatabase(path);
  dbs.push(db);
  return { db, path };
}

/** About 300 pages of WAL: under SQLite's default threshold (1,000), so only a checkpoint of ours copies them. */
function write(db: Db): void {
  const insert = db.$client.prepare('INSERT INTO bench_pad (body) VALUES (?)');
  db.$client.transaction(() => {
    for (let i = 0; i < 300; i++) insert.run('x'.repeat(3000));
  })();
}

describe('checkpointWhenQuiet', () => {
  it('raises the automatic checkpoint to the backstop', () => {
    const { db } = fileDb();
    stops.push(checkpointWhenQuiet(db.$client, { everyMs: 60_000 }));
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
  });

  it('copies the WAL into the database file once the process is quiet', async () => {
    const { db, path } = fileDb();
    db.$client.exec('CREATE TABLE bench_pad (id INTEGER PRIMARY KEY, body TEXT)');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(path).size;
    stops.push(checkpointWhenQuiet(db.$client, { everyMs: 20, busy: () => 0 }));
    write(db);
    expect(statSync(path).size).toBe(before);
    expect(await until(() => statSync(path).size > before + 300 * 3000 * 0.9, 3_000, 'the WAL copied into the file')).toBe(true);
  });

  it('leaves the WAL alone while the process is busy', async () => {
    const { db, path } = fileDb();
    db.$client.exec('CREATE TABLE bench_pad (id INTEGER PRIMARY KEY, body TEXT)');
    db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(path).size;
    let asked = 0;
    stops.push(
      checkpointWhenQuiet(db.$client, {
        everyMs: 20,
        busy: () => {
          asked++;
          return 0.9;
        },
      }),
    );
    write(db);
    await until(() => asked >= 10, 3_000, 'ten busy intervals');
    expect(asked).toBeGreaterThanOrEqual(10);
    expect(statSync(path).size).toBe(before);
  });
});
