// What SQLite's automatic WAL checkpoint costs the ledger's hot path: 2,000 rows recorded, then read,
// claimed and settled in chunks of 25 with the ledger's own functions on a WAL file, with the automatic
// checkpoint at SQLite's default (1,000 pages) and off (what db/checkpoint.ts leaves to quiet moments).
// Milliseconds per phase for the second of two batches on one connection, ROUNDS rounds (default 2),
// alternating.
// `node --import tsx bench/ledger-checkpoint.ts`
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/client.js';
import { claimDeliveries, CardMemo, recordDeliveries, settleDeliveries, waitingRows } from '../src/delivery/store.js';
import { message } from '../src/cards/card.js';
import { formatTable } from './lib/table.js';

const ROWS = 2000;
const CHUNK = 25;
const card = message('Bench announcement: the summit moved to Thursday, 09:00, same room. Reply here with questions.');

function batch(db: Db, name: string): { record: number; read: number; claim: number; settle: number } {
  const at = () => performance.now();
  const t0 = at();
  const ids = recordDeliveries(db, name, Array.from({ length: ROWS }, (_, i) => ({ kind: 'post' as const, target: `slack:T1/C${i}`, card })), new Date());
  const times = { record: at() - t0, read: 0, claim: 0, settle: 0 };
  const memo = new CardMemo();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const a = at();
    const rows = waitingRows(db, ids.slice(i, i + CHUNK));
    const b = at();
    const { claimed } = claimDeliveries(db, rows, new Date(), 15_000, 'bench', memo);
    const c = at();
    settleDeliveries(db, claimed.map((r) => ({ id: r.id, outcome: 'sent' as const, messageId: '1.2', address: r.target })), new Date());
    times.read += b - a;
    times.claim += c - b;
    times.settle += at() - c;
  }
  return times;
}

const rows: Record<string, string | number>[] = [];
for (let round = 1; round <= Number(process.env.ROUNDS ?? 2); round++) {
  for (const pages of [1000, 0]) {
    const dir = mkdtempSync(join(tmpdir(), 'ppp-ledger-bench-'));
    try {
      // One connection for both batches, as the bot keeps one: closing the last connection checkpoints
      // and removes the WAL, so a connection per batch would start each with an empty one.
      const db = openDatabase(join(dir, 'ppp.sqlite'));
      db.$client.pragma(`wal_autocheckpoint = ${pages}`);
      batch(db, 'warm');
      const t = batch(db, 'measured');
      db.$client.close();
      rows.push({ round, 'automatic checkpoint': pages ? `${pages} pages` : 'off', 'record ms': t.record.toFixed(1), 'read ms': t.read.toFixed(1), 'claim ms': t.claim.toFixed(1), 'settle ms': t.settle.toFixed(1) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
process.stdout.write(`${formatTable(['round', 'automatic checkpoint', 'record ms', 'read ms', 'claim ms', 'settle ms'], rows)}\n`);
