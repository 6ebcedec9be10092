// What a delivery costs on the engine's thread, split three ways in one process against the same fakes:
// raw posting (the baseline), the adapters' post alone at the same concurrency (no ledger, no queue),
// and the engine (ledger, BullMQ, pacer, adapters). Prints wall time and this process's CPU per
// delivery for each, RUNS times (default 3). `node --import tsx bench/profile-paths.ts`; ONLY=raw|adapter|engine
// runs one of them; PROFILE=<file.cpuprofile> records a CPU profile of the measured parts only (not the
// set-up), for bench/lib/cpuprofile-summary.ts.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { message } from '../src/cards/card.js';
import { postItem, sendBatch } from '../src/delivery/outbox.js';
import { startFakeSlack, TEAM_ID } from '../test/helpers/fake-slack.js';
import { FakeTeams } from '../test/helpers/fake-teams.js';
import { spawnRedis } from '../test/helpers/redis-global.js';
import { rawPosting, RAW_CONCURRENCY } from './fanout/raw.js';
import { seedTeamsChannels, settle, slackChannel, startStack, teamsConversation } from './lib/stack.js';

const PER_PLATFORM = 1000;
const only = process.env.ONLY;
const wanted = (what: string) => !only || only === what;
const pause = () => new Promise((r) => setTimeout(r, 1500));

const profiling = process.env.PROFILE ? new Session() : undefined;
if (profiling) {
  profiling.connect();
  await profiling.post('Profiler.enable');
}

async function measure(label: string, work: () => Promise<unknown>): Promise<void> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await profiling?.post('Profiler.start');
  await work();
  const profile = profiling ? (await profiling.post('Profiler.stop')).profile : undefined;
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  // The last measured part's profile is the one kept (with ONLY and RUNS=1 it is the only one).
  if (profile) writeFileSync(process.env.PROFILE!, JSON.stringify(profile));
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${label.padEnd(8)} wall ${wallMs.toFixed(0).padStart(5)} ms  cpu ${cpuMs.toFixed(0).padStart(5)} ms  ${(cpuMs / (2 * PER_PLATFORM)).toFixed(3)} ms per delivery\n`);
}

const redis = await spawnRedis();
const slack = await startFakeSlack();
const teams = await FakeTeams.start();
const stack = await startStack(redis.url, slack, teams);
try {
  seedTeamsChannels(stack.services, teams, PER_PLATFORM);
  const card = message('Summit moved to Thursday; agenda to follow.');
  const addresses = [
    ...Array.from({ length: PER_PLATFORM }, (_, i) => `slack:${TEAM_ID}:${slackChannel(i)}`),
    ...Array.from({ length: PER_PLATFORM }, (_, i) => `teams:${teamsConversation(i)}`),
  ];
  // Warm both paths once, so neither pays for first connections and JIT.
  await rawPosting(slack, teams, PER_PLATFORM);
  await sendBatch(stack.services, 'warm', [postItem(addresses[0]!, card), postItem(addresses[PER_PLATFORM]!, card)]);
  await settle(stack.services, ['warm'], 30_000);
  for (let run = 1; run <= Number(process.env.RUNS ?? 3); run++) {
    // Pauses let Slack's one-a-second pace on the same channels pass before the engine runs.
    if (wanted('raw')) await pause().then(() => measure('raw', () => rawPosting(slack, teams, PER_PLATFORM)));
    if (wanted('adapter')) {
      await pause();
      await measure('adapter', async () => {
        let next = 0;
        await Promise.all(Array.from({ length: RAW_CONCURRENCY }, async () => {
          while (next < addresses.length) await stack.services.messenger.post(addresses[next++]!, card);
        }));
      });
    }
    if (wanted('engine')) {
      await pause();
      await measure('engine', async () => {
        await sendBatch(stack.services, `paths-${run}`, addresses.map((a) => postItem(a, card)));
        await settle(stack.services, [`paths-${run}`], 60_000);
      });
    }
  }
} finally {
  await stack.close();
  await slack.close();
  await teams.close();
  redis.child.kill('SIGTERM');
}
