// The engine in this process (SQLite rows, BullMQ on the bench's Redis, the real Slack and Teams
// adapters) announcing to 2,000 conversations on fakes without limits, beside raw posting to the same
// fakes in the same run, several times over.
import { message } from '../../src/cards/card.js';
import { postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { startFakeSlack, TEAM_ID } from '../../test/helpers/fake-slack.js';
import { FakeTeams } from '../../test/helpers/fake-teams.js';
import type { Check } from '../lib/report.js';
import { seedTeamsChannels, settle, slackChannel, startStack, teamsConversation } from '../lib/stack.js';
import { median, rawPosting, round } from './raw.js';
import type { Scenario } from './scenario.js';

const PER_PLATFORM = 1000;

export async function unlimited(redisUrl: string, runs: number): Promise<Scenario> {
  const slack = await startFakeSlack();
  const teams = await FakeTeams.start();
  const stack = await startStack(redisUrl, slack, teams);
  try {
    seedTeamsChannels(stack.services, teams, PER_PLATFORM);
    // Warm both paths the same way, a whole round each, so neither pays for first connections and JIT
    // in a measured run (a warm-up of two rows left most of the engine's connections unopened and its
    // code cold for run 1). A cold process is what the real bot's scenario measures.
    await rawPosting(slack, teams, PER_PLATFORM);
    const warm = message('warm');
    await sendBatch(stack.services, 'warm', [
      ...Array.from({ length: PER_PLATFORM }, (_, i) => postItem(`slack:${TEAM_ID}:${slackChannel(i)}`, warm)),
      ...Array.from({ length: PER_PLATFORM }, (_, i) => postItem(`teams:${teamsConversation(i)}`, warm)),
    ]);
    await settle(stack.services, ['warm'], 120_000);

    const total = PER_PLATFORM * 2;
    const results: { rawMs: number; engineMs: number; firstMs: number; ratio: number; sent: number; posts: number }[] = [];
    for (let run = 1; run <= runs; run++) {
      // The same channels were posted to a moment ago: give Slack's one-a-second pace time to pass,
      // or the engine rightly waits for it (raw posting does not pace).
      await new Promise((r) => setTimeout(r, 1500));
      const raw = await rawPosting(slack, teams, PER_PLATFORM);
      const before = slack.callsTo('chat.postMessage').length + teams.messages().length;
      const card = message(`Summit moved to Thursday; agenda to follow (run ${run}).`);
      const items = [
        ...Array.from({ length: PER_PLATFORM }, (_, i) => postItem(`slack:${TEAM_ID}:${slackChannel(i)}`, card)),
        ...Array.from({ length: PER_PLATFORM }, (_, i) => postItem(`teams:${teamsConversation(i)}`, card)),
      ];
      const started = performance.now();
      await sendBatch(stack.services, `fanout-${run}`, items);
      await settle(stack.services, [`fanout-${run}`], 120_000);
      const engineMs = performance.now() - started;
      const posts = [...slack.callsTo('chat.postMessage'), ...teams.messages()].slice(0).filter((c) => (c.at ?? 0) >= started);
      const firstMs = Math.min(...posts.map((c) => c.at!)) - started;
      const report = deliveryReport(stack.services.db, `fanout-${run}`);
      const sent = slack.callsTo('chat.postMessage').length + teams.messages().length - before;
      results.push({ rawMs: raw.wallMs, engineMs, firstMs, ratio: raw.wallMs / engineMs, sent: report.sent, posts: sent });
    }
    const ratio = median(results.map((r) => r.ratio));
    const first = median(results.map((r) => r.firstMs));
    const allSent = results.every((r) => r.sent === total && r.posts === total);
    const rows = results.flatMap((r, i): Record<string, string | number>[] => [
      { run: `raw HTTP posting #${i + 1}`, conversations: total, 'wall ms': Math.round(r.rawMs), 'posts/s': Math.round(total / (r.rawMs / 1000)), errors: 0 },
      { run: `engine in-process #${i + 1}`, conversations: total, 'wall ms': Math.round(r.engineMs), 'posts/s': Math.round(total / (r.engineMs / 1000)), 'of raw': `${Math.round(r.ratio * 100)}%`, 'first post ms': round(r.firstMs, 1), errors: total - r.sent },
    ]);
    const checks: Check[] = [
      { name: 'in-process engine throughput vs raw posting (median of runs)', target: '≥ 70%', actual: `${Math.round(ratio * 100)}% (${results.map((r) => `${Math.round(r.ratio * 100)}%`).join(', ')})`, pass: ratio >= 0.7 },
      { name: 'in-process: every delivery recorded sent, once', target: `${total} each run`, actual: results.map((r) => `${r.sent} sent, ${r.posts} posts`).join('; '), pass: allSent },
    ];
    return { rows, checks, notes: [], data: { unlimited: { conversations: total, runs: results, medianRatio: ratio, medianFirstPostMs: first } } };
  } finally {
    await stack.close();
    await slack.close();
    await teams.close();
  }
}
