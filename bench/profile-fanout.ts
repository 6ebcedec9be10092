// Where a delivery's time goes besides the send: runs the unlimited fan-out (2,000 conversations,
// 1,000 Slack + 1,000 Teams) once and prints the Redis commands and SQLite statements per delivery.
// PROFILE_CPU=<file> also writes a CPU profile of the fan-out alone (not the start-up), to summarise with
// `node --import tsx bench/lib/cpuprofile-summary.ts <file>`; PROFILE_COUNT=0 turns the counters off.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { message } from '../src/cards/card.js';
import { postItem, sendBatch } from '../src/delivery/outbox.js';
import { deliveryReport, recordDeliveries } from '../src/delivery/store.js';
import { startFakeSlack, TEAM_ID } from '../test/helpers/fake-slack.js';
import { FakeTeams } from '../test/helpers/fake-teams.js';
import { spawnRedis } from '../test/helpers/redis-global.js';
import { installCounters, perDelivery, resetCounts, sum } from './lib/counters.js';
import { seedTeamsChannels, settle, slackChannel, startStack, teamsConversation } from './lib/stack.js';
import { formatTable } from './lib/table.js';

const CONVERSATIONS = Number(process.env.PROFILE_CONVERSATIONS ?? 1000);
const counting = process.env.PROFILE_COUNT !== '0';

async function main(): Promise<void> {
  const counts = counting ? installCounters() : undefined;
  const redis = await spawnRedis();
  const slack = await startFakeSlack();
  const teams = await FakeTeams.start();
  const stack = await startStack(redis.url, slack, teams);
  const { Redis } = await import('ioredis');
  const admin = new Redis(redis.url);
  try {
    seedTeamsChannels(stack.services, teams, CONVERSATIONS);
    await sendBatch(stack.services, 'warm', [postItem(`slack:${TEAM_ID}:CWARM`, message('warm')), postItem(`teams:${teamsConversation(0)}`, message('warm'))]);
    await settle(stack.services, ['warm'], 30_000);
    const card = message('Summit moved to Thursday; agenda to follow.');
    const items = [
      ...Array.from({ length: CONVERSATIONS }, (_, i) => postItem(`slack:${TEAM_ID}:${slackChannel(i)}`, card)),
      ...Array.from({ length: CONVERSATIONS }, (_, i) => postItem(`teams:${teamsConversation(i)}`, card)),
    ];
    await admin.config('RESETSTAT');
    resetCounts();
    const session = process.env.PROFILE_CPU ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    // sendBatch, in its two steps: the rows in one transaction, then the chunks on the queue.
    const ids = recordDeliveries(stack.services.db, 'fanout', items, new Date());
    const recordedMs = performance.now() - started;
    await stack.engine.enqueue(ids);
    const queuedMs = performance.now() - started;
    await settle(stack.services, ['fanout'], 120_000);
    const firstMs = Math.min(...[...slack.calls, ...teams.calls].map((c) => c.at ?? Infinity).filter((t) => t >= started)) - started;
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpu0);
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(process.env.PROFILE_CPU!, JSON.stringify(profile));
      session.disconnect();
    }
    const n = items.length;
    const report = deliveryReport(stack.services.db, 'fanout');
    const stats = String(await admin.info('commandstats'));
    const server = new Map<string, number>();
    for (const line of stats.split('\n')) {
      const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
      if (m && m[1] !== 'config' && m[1] !== 'info') server.set(m[1]!, Number(m[2]));
    }
    process.stdout.write(`\n${n} deliveries (${report.sent} sent) in ${Math.round(wallMs)} ms; this process used ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU (${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms per delivery, fakes included)\n`);
    process.stdout.write(`rows recorded after ${recordedMs.toFixed(1)} ms, all queued after ${queuedMs.toFixed(1)} ms, first post after ${firstMs.toFixed(1)} ms\n`);
    if (counts) {
      process.stdout.write(`\nRedis round trips sent by this process: ${counts.roundTrips} (${(counts.roundTrips / n).toFixed(2)} per delivery); commands ${sum(counts.redis)}\n`);
      process.stdout.write(`${formatTable(['what', 'total', 'per delivery'], perDelivery(counts.redis, n, 30))}\n`);
      process.stdout.write(`\nRedis commands executed by the server (scripts' inner calls included): ${sum(server)} (${(sum(server) / n).toFixed(1)} per delivery)\n`);
      process.stdout.write(`${formatTable(['what', 'total', 'per delivery'], perDelivery(server, n, 15))}\n`);
      process.stdout.write(`\nSQLite statements: ${sum(counts.sqlite)} (${(sum(counts.sqlite) / n).toFixed(2)} per delivery); prepared ${counts.prepares} (${(counts.prepares / n).toFixed(2)} per delivery); transactions ${counts.transactions}\n`);
      process.stdout.write(`${formatTable(['what', 'total', 'per delivery'], perDelivery(counts.sqlite, n, 20))}\n`);
    }
  } finally {
    admin.disconnect();
    await stack.close();
    await slack.close();
    await teams.close();
    redis.child.kill('SIGTERM');
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
