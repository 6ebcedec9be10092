// Announcements back to back under platform-like limits with 5% 503s, on the engine in this process:
// Slack (one accepted post per channel per second, 429 + Retry-After) and Teams (7 per second, 8 per
// 2 s, 60 per 30 s, 1,800 per hour per conversation, 429 + Retry-After). Completion is compared with
// the least time the fake's limits allow.
import { message } from '../../src/cards/card.js';
import { postItem, sendBatch } from '../../src/delivery/outbox.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { startFakeSlack, TEAM_ID } from '../../test/helpers/fake-slack.js';
import { FakeTeams } from '../../test/helpers/fake-teams.js';
import { seedTeamsChannels, settle, startStack, teamsConversation } from '../lib/stack.js';
import { round } from './raw.js';
import type { Scenario } from './scenario.js';

export const TEAMS_RULES = [
  { limit: 7, windowMs: 1000 },
  { limit: 8, windowMs: 2000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1800, windowMs: 3_600_000 },
];

/** When the last of `count` posts to one conversation can be accepted at the earliest, all ready at 0. */
export function floorOf(count: number, rules: { limit: number; windowMs: number }[]): number {
  const times: number[] = [];
  let t = 0;
  for (let n = 0; n < count; n++) {
    for (let moved = true; moved; ) {
      moved = false;
      for (const r of rules) {
        const inWindow = times.filter((x) => x > t - r.windowMs && x <= t);
        if (inWindow.length >= r.limit) {
          t = inWindow[inWindow.length - r.limit]! + r.windowMs;
          moved = true;
        }
      }
    }
    times.push(t);
  }
  return times.at(-1) ?? 0;
}

interface Outcome {
  wallMs: number;
  accepted: number;
  r429: number;
  r503: number;
  duplicates: number;
  complete: boolean;
  floorMs: number;
  floorPerAttemptMs: number;
}

function judge(name: string, o: Outcome, expected: number): Scenario {
  return {
    rows: [{ run: name, 'wall ms': Math.round(o.wallMs), accepted: o.accepted, '429s': o.r429, '503s': o.r503, duplicates: o.duplicates }],
    checks: [
      { name: `${name}: delivered, once each`, target: '100%, 0 duplicates', actual: `${o.complete ? '100%' : 'INCOMPLETE'}, ${o.duplicates} duplicates (${o.accepted}/${expected} accepted)`, pass: o.complete && o.duplicates === 0 },
      { name: `${name}: completion vs the platform's floor`, target: '≤ 1.2×', actual: `${round(o.wallMs / o.floorMs, 2)}× of ${round(o.floorMs / 1000, 1)} s`, pass: o.wallMs <= 1.2 * o.floorMs },
      {
        name: `${name}: completion vs the floor if every attempt took a place`,
        target: '≤ 1.2×',
        actual: `${round(o.wallMs / o.floorPerAttemptMs, 2)}× of ${round(o.floorPerAttemptMs / 1000, 1)} s`,
        pass: o.wallMs <= 1.2 * o.floorPerAttemptMs,
      },
      { name: `${name}: 429s`, target: 'few (reaching the limit, not a storm)', actual: `${o.r429} of ${o.accepted + o.r429 + o.r503} calls`, pass: o.r429 <= 0.02 * expected },
    ],
    notes: [],
    data: { [name]: o },
  };
}

export async function slackLimited(redisUrl: string): Promise<Scenario> {
  const CHANNELS = 200;
  const ANNOUNCEMENTS = 5;
  const slack = await startFakeSlack();
  const teams = await FakeTeams.start();
  slack.limit('chat.postMessage', { intervalMs: 1000, retryAfterS: 1, failRate: 0.05, seed: 20261122 });
  const stack = await startStack(redisUrl, slack, teams);
  try {
    const channels = Array.from({ length: CHANNELS }, (_, i) => `CL${String(i).padStart(4, '0')}`);
    const batches: string[] = [];
    const started = performance.now();
    for (let n = 1; n <= ANNOUNCEMENTS; n++) {
      batches.push(`limited-${n}`);
      await sendBatch(stack.services, `limited-${n}`, channels.map((c) => postItem(`slack:${TEAM_ID}:${c}`, message(`Update ${n} of ${ANNOUNCEMENTS}`))));
    }
    await settle(stack.services, batches, 120_000);
    const wallMs = performance.now() - started;
    const accepted = slack.acceptedTo('chat.postMessage');
    const seen = new Map<string, Set<string>>();
    let duplicates = 0;
    for (const call of accepted) {
      const set = seen.get(String(call.params.channel)) ?? new Set<string>();
      if (set.has(String(call.params.text))) duplicates++;
      set.add(String(call.params.text));
      seen.set(String(call.params.channel), set);
    }
    const failed = new Map<string, number>();
    for (const r of slack.refused) if (r.status === 503) failed.set(r.channel, (failed.get(r.channel) ?? 0) + 1);
    const sentAll = batches.every((b) => deliveryReport(stack.services.db, b).sent === CHANNELS);
    // How close to the limit: the smallest gap between two accepted posts to one channel, and the story
    // of the channel that finished last.
    const byChannel = new Map<string, { at: number; refused?: number; text: string }[]>();
    for (const c of slack.callsTo('chat.postMessage')) {
      const list = byChannel.get(String(c.params.channel)) ?? [];
      list.push({ at: c.at! - started, ...(c.refused ? { refused: c.refused } : {}), text: String(c.params.text) });
      byChannel.set(String(c.params.channel), list);
    }
    let minGap = Infinity;
    let lastChannel = '';
    let lastAt = 0;
    for (const [channel, list] of byChannel) {
      const ok = list.filter((c) => !c.refused).map((c) => c.at);
      for (let i = 1; i < ok.length; i++) minGap = Math.min(minGap, ok[i]! - ok[i - 1]!);
      if (ok.at(-1)! > lastAt) {
        lastAt = ok.at(-1)!;
        lastChannel = channel;
      }
    }
    process.stderr.write(`slack limited: smallest gap between accepted posts to one channel ${Math.round(minGap)} ms; last channel ${lastChannel}: ${JSON.stringify(byChannel.get(lastChannel)?.map((c) => `${Math.round(c.at)}${c.refused ? `:${c.refused}` : ''}`))}\n`);
    return judge(
      `Slack: ${ANNOUNCEMENTS} announcements × ${CHANNELS} channels, 1/s, 5% 503`,
      {
        wallMs,
        accepted: accepted.length,
        r429: slack.refused.filter((r) => r.status === 429).length,
        r503: slack.refused.filter((r) => r.status === 503).length,
        duplicates,
        complete: sentAll && channels.every((c) => seen.get(c)?.size === ANNOUNCEMENTS),
        // A 503 is not counted by the fake's limit: each channel needs five accepted posts a second apart.
        floorMs: (ANNOUNCEMENTS - 1) * 1000,
        floorPerAttemptMs: Math.max(...channels.map((c) => (ANNOUNCEMENTS - 1 + (failed.get(c) ?? 0)) * 1000)),
      },
      CHANNELS * ANNOUNCEMENTS,
    );
  } finally {
    await stack.close();
    await slack.close();
    await teams.close();
  }
}

export async function teamsLimited(redisUrl: string): Promise<Scenario> {
  const CONVERSATIONS = 50;
  const ANNOUNCEMENTS = 20;
  const slack = await startFakeSlack();
  const teams = await FakeTeams.start();
  teams.limit({ rules: TEAMS_RULES, retryAfterS: 1, failRate: 0.05, seed: 20261123 });
  const stack = await startStack(redisUrl, slack, teams);
  try {
    seedTeamsChannels(stack.services, teams, CONVERSATIONS);
    const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => teamsConversation(i));
    const batches: string[] = [];
    const started = performance.now();
    for (let n = 1; n <= ANNOUNCEMENTS; n++) {
      batches.push(`teams-limited-${n}`);
      await sendBatch(stack.services, `teams-limited-${n}`, conversations.map((c) => postItem(`teams:${c}`, message(`Update ${n} of ${ANNOUNCEMENTS}`))));
    }
    await settle(stack.services, batches, 120_000);
    const wallMs = performance.now() - started;
    const accepted = teams.accepted().filter((c) => c.kind === 'send');
    const seen = new Map<string, Set<string>>();
    let duplicates = 0;
    for (const call of accepted) {
      const text = JSON.stringify(call.body).match(/Update \d+ of \d+/)?.[0] ?? '';
      const set = seen.get(call.conversationId!) ?? new Set<string>();
      if (set.has(text)) duplicates++;
      set.add(text);
      seen.set(call.conversationId!, set);
    }
    const failed = new Map<string, number>();
    for (const r of teams.refused) if (r.status === 503) failed.set(r.conversationId, (failed.get(r.conversationId) ?? 0) + 1);
    const sentAll = batches.every((b) => deliveryReport(stack.services.db, b).sent === CONVERSATIONS);
    return judge(
      `Teams: ${ANNOUNCEMENTS} announcements × ${CONVERSATIONS} conversations, 7/s 8/2s 60/30s, 5% 503`,
      {
        wallMs,
        accepted: accepted.length,
        r429: teams.refused.filter((r) => r.status === 429).length,
        r503: teams.refused.filter((r) => r.status === 503).length,
        duplicates,
        complete: sentAll && conversations.every((c) => seen.get(c)?.size === ANNOUNCEMENTS),
        floorMs: floorOf(ANNOUNCEMENTS, TEAMS_RULES),
        floorPerAttemptMs: Math.max(...conversations.map((c) => floorOf(ANNOUNCEMENTS + (failed.get(c) ?? 0), TEAMS_RULES))),
      },
      CONVERSATIONS * ANNOUNCEMENTS,
    );
  } finally {
    await stack.close();
    await slack.close();
    await teams.close();
  }
}
