// `npm run bench`: runs each benchmark module in turn, prints its table and target checks, and writes
// bench/results/<name>.json. `npm run bench -- slack-ack` runs only the ones named.
// To add one: write bench/<name>.ts exporting `benchmark` (see bench/lib/report.ts) and list it below.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Benchmark } from './lib/report.js';
import { formatTable } from './lib/table.js';

const MODULES: Record<string, () => Promise<{ benchmark: Benchmark }>> = {
  'slack-ack': () => import('./slack-ack.js'),
  fanout: () => import('./fanout.js'),
  'roster-import': () => import('./roster-import.js'),
  survey: () => import('./survey.js'),
  alert: () => import('./alert.js'),
};

const RESULTS = join(import.meta.dirname, 'results');

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !(w in MODULES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(MODULES).join(', ')}\n`);
    return 2;
  }
  let failed = 0;
  for (const name of wanted.length > 0 ? wanted : Object.keys(MODULES)) {
    const { benchmark } = await MODULES[name]!();
    process.stdout.write(`\n== ${benchmark.name}: ${benchmark.description}\n`);
    try {
      const report = await benchmark.run();
      process.stdout.write(`\n${formatTable(report.columns, report.rows)}\n\n`);
      process.stdout.write(`${formatTable(['check', 'target', 'actual', 'result'], report.checks.map((c) => ({ check: c.name, target: c.target, actual: c.actual, result: c.pass ? 'met' : 'MISSED' })))}\n`);
      for (const note of report.notes) process.stdout.write(`\nnote: ${note}\n`);
      mkdirSync(RESULTS, { recursive: true });
      const file = join(RESULTS, `${benchmark.name}.json`);
      const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` };
      writeFileSync(file, `${JSON.stringify({ name: benchmark.name, title: report.title, at: new Date().toISOString(), machine, checks: report.checks, ...report.data }, null, 2)}\n`);
      process.stdout.write(`\nwritten: ${file}\n`);
    } catch (err) {
      failed++;
      process.stderr.write(`${benchmark.name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
