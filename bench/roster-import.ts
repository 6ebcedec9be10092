// `roster import` of a 5,000-row CSV, end to end as a coordinator runs it on the console (read the file,
// check every row, apply all in one transaction with 5,000 audit rows, answer), on a file-backed SQLite
// in WAL mode as in production; then the same file imported again, every row matched and unchanged.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { ConsoleMessenger } from '../adapters/console/messenger.js';
import { openDatabase } from '../db/client.js';
import { auditLog, members } from '../db/schema.js';
import { createBot } from '../src/bot.js';
import type { Card } from '../src/cards/card.js';
import { renderText } from '../src/cards/text.js';
import type { Responder } from '../src/commands/context.js';
import { createRegistry } from '../src/features.js';
import { createServices } from '../src/services.js';
import { spawnRedis } from '../test/helpers/redis-global.js';
import { DeliveryEngine } from '../jobs/engine.js';
import { optionsFromUrl } from '../jobs/redis.js';
import { loadConfig } from '../src/config.js';
import { createMember } from '../src/members/store.js';
import { COLUMNS, decodeUtf8, readCsv } from '../src/roster/csv/layout.js';
import type { Benchmark, Check, Report } from './lib/report.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET_MS = 5000;
const CAPS = ['cctv', 'logistics', 'facilities', 'cyber', 'medical'];

/** A realistic roster: every column filled, 400 organizations, half on Slack and half on Teams. */
function rosterCsv(rows: number): string {
  const body = Array.from({ length: rows }, (_, i) => {
    const r: Record<string, string> = {
      name: `Member ${i} Ñúñez`,
      title: i % 2 ? 'Chief Security Officer' : 'Chief of Police, "Metro" Division',
      organization: `Organization ${i % 400}, Inc.`,
      organization_kind: i % 400 < 200 ? 'corporation' : 'local-agency',
      sector: i % 400 < 200 ? 'Energy' : '',
      headquartered: (i % 400) % 3 ? 'yes' : 'no',
      category: i % 400 < 200 ? 'security-practitioner' : 'law-enforcement',
      executive_level: 'Agency head',
      tier: i % 10 ? 'member' : 'board',
      status: i % 4 ? 'active' : 'nominated',
      vetted_on: i % 4 ? '2026-06-01' : '',
      email: `member${i}@example.org`,
      contact_247: `+1 612 555 ${String(i % 10000).padStart(4, '0')}`,
      slack_id: i % 2 ? `U0B${String(i).padStart(6, '0')}` : '',
      teams_id: i % 2 ? '' : `aad-bench-${i}`,
      capabilities: `${CAPS[i % 5]};${CAPS[(i + 2) % 5]}`,
      timezone: 'America/Chicago',
      alternate_name: `Deputy ${i}`,
      alternate_phone: `+1 612 555 ${String((i + 1) % 10000).padStart(4, '0')}`,
      alternate_email: `deputy${i}@example.org`,
    };
    return COLUMNS.map((c) => r[c] ?? '');
  });
  return `\uFEFF${stringify([[...COLUMNS], ...body], { record_delimiter: 'windows' })}`;
}

interface Round {
  parseMs: number;
  firstMs: number;
  againMs: number;
  added: number;
  unchanged: number;
  audits: number;
}

const said = (): Responder & { text: () => string } => {
  const cards: Card[] = [];
  return {
    text: () => cards.map((c) => renderText(c).text).join('\n'),
    reply: async (c) => void cards.push(c),
    replyPrivately: async (c) => void cards.push(c),
    openForm: async () => undefined,
  };
};

async function round(csvPath: string, csv: string, redisUrl: string): Promise<Round> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-bench-import-'));
  try {
    const db = openDatabase(join(dataDir, 'ppp.sqlite'));
    const at = new Date('2026-11-22T15:00:00Z');
    const op = { platform: 'console' as const, id: 'operator' };
    db.transaction((tx) => createMember(tx, op, { name: 'Operator', status: 'active', at, isCoordinator: true, coordinatorVia: 'console' }));
    const config = loadConfig({ PPP_NAME: 'Bench Partnership', DATA_DIR: dataDir });
    // The engine is built as every process builds it; an import sends nothing, so it is never started.
    const services = createServices({ db, config, clock: () => at, log: pino({ level: 'silent' }), registry: createRegistry() }, (built) =>
      new DeliveryEngine({ redis: { options: optionsFromUrl(redisUrl), description: 'bench' }, prefix: `i${randomUUID().slice(0, 8)}`, services: built, messenger: built.messenger }),
    );
    services.messenger.add(new ConsoleMessenger(() => undefined));
    const bot = createBot(services);
    const turn = { platform: 'console' as const, identity: op, conversation: 'console:bench', scope: 'console' as const, prefix: '/ppp ' };

    let t = performance.now();
    const decoded = decodeUtf8(Buffer.from(csv, 'utf8'));
    if (!decoded.ok || !readCsv(decoded.text).ok) throw new Error('the benchmark file does not parse');
    const parseMs = performance.now() - t;

    const first = said();
    t = performance.now();
    await bot.handleCommand(turn, `roster import ${csvPath}`, first);
    const firstMs = performance.now() - t;
    const added = Number(/(\d[\d,]*) members added/.exec(first.text())?.[1]?.replace(/,/g, '') ?? 0);
    if (added !== ROWS) throw new Error(`expected ${ROWS} added, the bot said: ${first.text().slice(0, 400)}`);

    const again = said();
    t = performance.now();
    await bot.handleCommand(turn, `roster import ${csvPath}`, again);
    const againMs = performance.now() - t;
    const unchanged = Number(/(\d[\d,]*) unchanged/.exec(again.text())?.[1]?.replace(/,/g, '') ?? 0);
    const audits = db.select().from(auditLog).where(eq(auditLog.action, 'member.import')).all().length;
    if (db.select().from(members).all().length !== ROWS + 1) throw new Error('the roster does not hold every imported row exactly once');
    await services.outbox.close();
    db.$client.close();
    return { parseMs, firstMs, againMs, added, unchanged, audits };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => Math.round(x);

export const benchmark: Benchmark = {
  name: 'roster-import',
  description: `roster import of a ${ROWS.toLocaleString('en-US')}-row CSV, end to end on the console: checked whole, applied in one transaction`,
  async run(): Promise<Report> {
    const dir = mkdtempSync(join(tmpdir(), 'ppp-bench-csv-'));
    const redis = await spawnRedis();
    try {
      const csv = rosterCsv(ROWS);
      const csvPath = join(dir, 'roster.csv');
      writeFileSync(csvPath, csv);
      const load = loadavg()[0]!;
      await round(csvPath, csv, redis.url); // warm-up: module loading and the JIT are not the import
      const rounds: Round[] = [];
      for (let i = 0; i < ROUNDS; i++) rounds.push(await round(csvPath, csv, redis.url));
      const row = (phase: string, xs: number[]) => ({ phase, 'median ms': ms(median(xs)), 'min ms': ms(Math.min(...xs)), 'max ms': ms(Math.max(...xs)), 'rows/s': Math.round((ROWS / median(xs)) * 1000) });
      const first = rounds.map((r) => r.firstMs);
      const checks: Check[] = [
        { name: `${ROWS.toLocaleString('en-US')} rows imported (median, end to end)`, target: `≤ ${TARGET_MS.toLocaleString('en-US')} ms`, actual: `${ms(median(first)).toLocaleString('en-US')} ms`, pass: median(first) <= TARGET_MS },
        { name: 'every row added once, each with its audit row', target: `${ROWS} / ${ROWS}`, actual: `${rounds[0]!.added} / ${rounds[0]!.audits}`, pass: rounds.every((r) => r.added === ROWS && r.audits === ROWS) },
        { name: 'the same file again changes nothing', target: `${ROWS} unchanged`, actual: `${rounds[0]!.unchanged} unchanged`, pass: rounds.every((r) => r.unchanged === ROWS) },
      ];
      return {
        title: `roster import of ${ROWS.toLocaleString('en-US')} rows (${Math.round(csv.length / 1024)} KB, 20 columns), ${ROUNDS} rounds on a fresh WAL database each`,
        columns: ['phase', 'median ms', 'min ms', 'max ms', 'rows/s'],
        rows: [row('read + parse the CSV (part of the import)', rounds.map((r) => r.parseMs)), row('first import: 5,000 added', first), row('same file again: all unchanged', rounds.map((r) => r.againMs))],
        checks,
        notes: [
          'End to end = `/ppp roster import <path>` through the bot: read the file, check every row with zod and against the roster, then one synchronous transaction writing members, accounts, organizations and an audit row per member, and the answer.',
          `Load average when it started: ${load.toFixed(1)} on ${cpus().length} CPUs; figures on a busy machine run slower.`,
        ],
        data: { rows: ROWS, rounds: rounds.map((r) => ({ parseMs: ms(r.parseMs), firstMs: ms(r.firstMs), againMs: ms(r.againMs) })), medianFirstMs: ms(median(first)), medianAgainMs: ms(median(rounds.map((r) => r.againMs))), csvBytes: Buffer.byteLength(csv), loadAverage: load },
      };
    } finally {
      redis.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
