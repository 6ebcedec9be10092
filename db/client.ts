// Opens the SQLite database with Drizzle, applies the committed migrations and sets WAL for files.
// @see https://orm.drizzle.team/docs/migrations — migrate() is synchronous with better-sqlite3.
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle a synchronous transaction callback receives; queries on it run inside the transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(path: string): Db {
  const sqlite = new Database(path);
  if (path !== ':memory:') {
    sqlite.pragma('journal_mode = WAL');
    // In WAL mode NORMAL still never corrupts the database and survives a crash of the process; only
    // a power cut can lose the last commits. FULL would fsync every delivery's status change.
    sqlite.pragma('synchronous = NORMAL');
    // WAL keeps writers from blocking readers; a busy timeout covers a second worker process.
    sqlite.pragma('busy_timeout = 5000');
  }
  sqlite.pragma('foreign_keys = ON');
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder });
  if (path !== ':memory:') restrictFiles(path);
  return db;
}

/** The umask already makes new files owner-only; this also tightens files an older run left open. */
export function restrictFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}
