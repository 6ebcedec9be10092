// Fan-out through the delivery engine against fakes on loopback, every figure beside raw posting to the
// same fakes in the same run:
//   unlimited  the engine in this process, 2,000 conversations (1,000 Slack + 1,000 Teams), several runs
//   limited    Slack-like and Teams-like limits with 5% 503s: complete, no duplicates, near the floor
//   alert      one send to 200 vetted channels plus a DM to 2,000 members, DMs opened then cached
//   process    the real bot driven from outside (signed requests): vetting, RSS, Send → first and
//              last post; then a second process (`--worker`) beside it
// BENCH_FANOUT=unlimited,limited picks scenarios; BENCH_RUNS sets the unlimited runs (default 3);
// BENCH_ENGINE_CONCURRENCY / BENCH_CHUNK_SIZE try other engine shapes in-process. Profiling: see
// bench/profile-fanout.ts (in-process counts and CPU) and bench/fanout/process.ts (the bot's CPU and heap).
import { readFileSync } from 'node:fs';
import { spawnRedis } from '../test/helpers/redis-global.js';
import { alertShape } from './fanout/alert.js';
import { slackLimited, teamsLimited } from './fanout/limited.js';
import { driven } from './fanout/process.js';
import type { Scenario } from './fanout/scenario.js';
import { unlimited } from './fanout/unlimited.js';
import type { Benchmark, Report } from './lib/report.js';

const ALL = ['unlimited', 'limited', 'alert', 'process'] as const;

export const benchmark: Benchmark = {
  name: 'fanout',
  description: 'the delivery engine: 2,000 conversations vs raw posting, Slack/Teams limits, the alert shape, the real bot process (one and two processes)',
  async run(): Promise<Report> {
    const wanted = (process.env.BENCH_FANOUT ?? ALL.join(',')).split(',').map((s) => s.trim());
    const runs = Number(process.env.BENCH_RUNS ?? 3);
    const redis = await spawnRedis();
    const parts: Scenario[] = [];
    try {
      if (wanted.includes('unlimited')) parts.push(await unlimited(redis.url, runs));
      if (wanted.includes('limited')) {
        parts.push(await slackLimited(redis.url));
        parts.push(await teamsLimited(redis.url));
      }
      if (wanted.includes('alert')) parts.push(await alertShape(redis.url));
    } finally {
      redis.child.kill('SIGTERM');
    }
    // The real bot runs its own redis-server, as it does when REDIS_URL is unset.
    if (wanted.includes('process')) parts.push(await driven());
    return {
      title: 'Fan-out through the delivery engine',
      columns: ['run', 'conversations', 'wall ms', 'posts/s', 'of raw', 'first post ms', 'errors', 'accepted', '429s', '503s', 'duplicates', 'RSS MB'],
      rows: parts.flatMap((p) => p.rows),
      checks: parts.flatMap((p) => p.checks),
      notes: parts.flatMap((p) => p.notes),
      data: Object.assign({ load: loadNow() }, ...parts.map((p) => p.data)),
    };
  },
};

/** The machine is shared: the load average at the end says how noisy the figures are. */
function loadNow(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
