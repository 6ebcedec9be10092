// Slash-command acknowledgement latency: 2,000 signed `/ppp help` requests at concurrency 50 against
// the real bot (src/main.ts with its own Redis and SQLite, a fake Slack Web API on loopback), beside a
// bare Bolt app that only acks, in the same run. The bot answers help in the acknowledgement itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandBody, freePort, signedHeaders, SIGNING_SECRET, startFakeSlack } from '../test/helpers/fake-slack.js';
import { runLoad, summarize, type PreparedRequest, type Summary } from './lib/load.js';
import { slackServerEnv, startServer, type Server } from './lib/process.js';
import type { Benchmark, Report } from './lib/report.js';

const ROOT = join(import.meta.dirname, '..');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_ROUNDS = 2;
const TARGET_P99 = 1.5;
const TARGET_THROUGHPUT = 0.7;

/** Signed `/ppp help` from 50 different people (strangers to the roster), prepared before timing. */
function prepare(count: number, responseBase: string): PreparedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const body = commandBody({ text: 'help', user_id: `U0BENCH${i % 50}`, user_name: `bench${i % 50}`, response_url: `${responseBase}${i}` });
    return { path: '/slack/events', headers: signedHeaders(SIGNING_SECRET, body, { timestamp }), body };
  });
}

interface Target {
  name: string;
  server: Server;
  port: number;
  rounds: Round[];
  sample: string;
}

type Round = Summary & { cpuMsPerRequest: number };

async function round(target: Target, responseBase: string): Promise<Round> {
  const requests = prepare(REQUESTS, responseBase);
  const cpuBefore = target.server.cpuMs();
  const result = await runLoad(target.port, requests, CONCURRENCY);
  const cpuMsPerRequest = Math.round(((target.server.cpuMs() - cpuBefore) / REQUESTS) * 1000) / 1000;
  if (result.errors > 0) process.stderr.write(`${target.name}: ${result.errors} errors; it said:\n${target.server.output().slice(-1500)}\n`);
  target.sample ||= result.sample;
  return { ...summarize(result), cpuMsPerRequest };
}

/**
 * Rounds run in pairs, bare then bot, back to back, so both meet the same background load. Each
 * target is checked on the median of the pairs' ratios, so one pair hit by a neighbour's burst of
 * CPU does not decide; the table shows the pair whose throughput ratio is that median.
 */
function medianOf(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const benchmark: Benchmark = {
  name: 'slack-ack',
  description: `${REQUESTS} signed /ppp help at concurrency ${CONCURRENCY}: PPP Bot vs a bare Bolt app that only acks`,
  async run(): Promise<Report> {
    const fake = await startFakeSlack();
    const responseBase = fake.responseUrl('');
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-bench-'));
    const env = (port: number) => slackServerEnv(port, fake.apiUrl, join(dataDir, 'data'));
    const targets: Target[] = [];
    const loadBefore = loadavg()[0]!;
    try {
      for (const [name, script] of [
        ['bare Bolt (ack only)', join(ROOT, 'bench', 'lib', 'bare-bolt.ts')],
        ['PPP Bot (help in the ack)', join(ROOT, 'src', 'main.ts')],
      ] as const) {
        const port = await freePort();
        targets.push({ name, port, server: await startServer(script, env(port), /listening on port/), rounds: [], sample: '' });
      }
      // Warm-up, unmeasured, so neither is timed while its JIT is still cold (the bot has more code to warm).
      for (let w = 0; w < WARMUP_ROUNDS; w++) for (const t of targets) await round(t, responseBase);
      // Measured rounds alternate between the two, so a change in background load hits both alike.
      for (let r = 0; r < ROUNDS; r++) for (const t of targets) t.rounds.push(await round(t, responseBase));
    } finally {
      for (const t of targets) await t.server.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const loadAfter = loadavg()[0]!;
    const [bareT, pppT] = targets as [Target, Target];
    const throughputRatios = bareT.rounds.map((b, i) => pppT.rounds[i]!.requestsPerSecond / b.requestsPerSecond);
    const p99Ratios = bareT.rounds.map((b, i) => pppT.rounds[i]!.p99Ms / b.p99Ms);
    const throughputRatio = medianOf(throughputRatios);
    const p99Ratio = medianOf(p99Ratios);
    const pair = throughputRatios.indexOf(throughputRatio);
    const bare = bareT.rounds[pair]!;
    const ppp = pppT.rounds[pair]!;
    const helpAnswered = pppT.sample.includes('What you can do here') && pppT.sample.includes('"response_type":"ephemeral"');
    const errors = [...bareT.rounds, ...pppT.rounds].reduce((n, s) => n + s.errors, 0);
    const row = (name: string, s: Round) => ({
      server: name,
      requests: s.requests,
      errors: s.errors,
      'p50 ms': s.p50Ms,
      'p99 ms': s.p99Ms,
      'max ms': s.maxMs,
      'req/s': s.requestsPerSecond,
      'server CPU ms/req': s.cpuMsPerRequest.toFixed(3),
    });
    const ratio = (n: number) => `${n.toFixed(2)}×`;
    return {
      title: this.description,
      columns: ['server', 'requests', 'errors', 'p50 ms', 'p99 ms', 'max ms', 'req/s', 'server CPU ms/req'],
      rows: [row(bareT.name, bare), row(pppT.name, ppp)],
      checks: [
        { name: 'p99 vs bare (median of pairs)', target: `≤ ${TARGET_P99}×`, actual: ratio(p99Ratio), pass: p99Ratio <= TARGET_P99 },
        { name: 'throughput vs bare (median of pairs)', target: `≥ ${TARGET_THROUGHPUT}×`, actual: ratio(throughputRatio), pass: throughputRatio >= TARGET_THROUGHPUT },
        { name: 'help answered in the ack', target: 'yes', actual: helpAnswered ? 'yes' : 'no', pass: helpAnswered },
        { name: 'no errors', target: '0', actual: String(errors), pass: errors === 0 },
      ],
      notes: [
        `${ROUNDS} measured pairs of rounds (${REQUESTS} requests each, bare then PPP Bot, back to back) after ${WARMUP_ROUNDS} unmeasured warm-up rounds each; the table shows pair ${pair + 1}, whose throughput ratio is the median`,
        `by pair, bare → PPP Bot: req/s ${bareT.rounds.map((b, i) => `${b.requestsPerSecond}→${pppT.rounds[i]!.requestsPerSecond}`).join(', ')}; p99 ms ${bareT.rounds.map((b, i) => `${b.p99Ms}→${pppT.rounds[i]!.p99Ms}`).join(', ')}`,
        `load generator, both servers and the bot's Redis share ${cpus().length} cores; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
        `server CPU per request (the server process alone, from /proc), less sensitive to other load than req/s: bare ${bareT.rounds.map((r) => r.cpuMsPerRequest).join(' / ')}; PPP Bot ${pppT.rounds.map((r) => r.cpuMsPerRequest).join(' / ')} ms`,
      ],
      data: {
        requests: REQUESTS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        bare,
        ppp,
        allRounds: { bare: bareT.rounds, ppp: pppT.rounds },
        ratios: { p99: Number(p99Ratio.toFixed(3)), throughput: Number(throughputRatio.toFixed(3)), p99ByPair: p99Ratios.map((r) => Number(r.toFixed(3))), throughputByPair: throughputRatios.map((r) => Number(r.toFixed(3))) },
        targets: { p99Max: TARGET_P99, throughputMin: TARGET_THROUGHPUT },
        helpAnsweredInAck: helpAnswered,
        loadAverage: { before: loadBefore, after: loadAfter },
      },
    };
  },
};
