// The answer clicks of the alert benchmark: the bot as its own process (src/main.ts, its own Redis and
// SQLite, a fake Slack on loopback) sends an urgent alert to 2,000 members, then takes 2,000 signed
// Acknowledged / Safe clicks at concurrency 100, round after round, beside a bare Bolt app that only acks
// (bench/lib/bare-bolt.ts) in the same run. Every click must be recorded in SQLite: none lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/client.js';
import { buttonPressBody, commandBody, freePort, postSigned, signedHeaders, SIGNING_SECRET, startFakeSlack, type FakeSlack } from '../test/helpers/fake-slack.js';
import { SENDER, seedPartnership, slackChannel, slackMember } from './alert-seed.js';
import { runLoad, summarize, type PreparedRequest, type Summary } from './lib/load.js';
import { slackServerEnv, startServer, type Server } from './lib/process.js';
import type { Check } from './lib/report.js';
import { loopNote, RoundWatch, type RoundTrace } from './lib/round-trace.js';
import { CONFIRMATIONS_PER_SECOND } from '../src/alerts/confirmations.js';

const ROOT = join(import.meta.dirname, '..');
const MEMBERS = 2000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_P99 = 1.5;
const ANSWERS = ['acknowledged', 'safe'] as const;

/** 2,000 members each pressing one answer on the channel copy, signed as Slack signs them, prepared before timing. */
function clicks(alertId: number, answer: string, fake: FakeSlack, round: number): PreparedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: MEMBERS }, (_, i) => {
    const channel = slackChannel(i % 100);
    const body = buttonPressBody({
      user: slackMember(i),
      username: `member${i}`,
      channel,
      channelName: `exec-${i % 100}`,
      messageTs: '1790000000.000001',
      withMessage: true,
      responseUrl: fake.responseUrl(`r${round}-${i}`),
      triggerId: `t${round}-${i}`,
      actionId: 'alert.answer',
      value: `${alertId}:${answer}`,
      actionTs: String(timestamp),
    });
    return { path: '/slack/events', headers: signedHeaders(SIGNING_SECRET, body, { timestamp }), body };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(check: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Composes and sends the alert through the bot's own HTTP endpoint, and waits for every copy to settle. */
async function sendAlert(url: string, fake: FakeSlack, db: Db): Promise<number> {
  await postSigned(url, commandBody({ text: 'alert urgent amber Shelter in place: gas leak downtown -- answer when safe', user_id: SENDER, user_name: 'bench', channel_id: 'C0HOME', response_url: fake.responseUrl() }));
  const preview = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => JSON.stringify(c.params.blocks ?? '').includes('not sent yet')), 30_000, 'the preview');
  const id = Number(/alert #(\d+)/.exec(JSON.stringify(preview.params.blocks))![1]);
  await postSigned(
    url,
    buttonPressBody({ user: SENDER, username: 'bench', channel: String(preview.params.channel), channelName: 'directmessage', responseUrl: fake.responseUrl(), triggerId: 'send', actionId: 'alert.send', value: String(id) }),
  );
  const pending = db.$client.prepare<[string], { n: number; total: number }>("SELECT sum(status = 'pending') AS n, count(*) AS total FROM deliveries WHERE batch = ?");
  await until(() => {
    const r = pending.get(`alert-${id}`)!;
    return r.total > 0 && r.n === 0;
  }, 120_000, 'the alert to settle');
  return id;
}

type Round = Summary & { lost: number; cpuMsPerRequest: number; cpuMsPerClickInAll?: number; confirmedAfterMs?: number };

/**
 * One round of clicks. For the bot, every answer must then be in SQLite (none lost), and every member's
 * private confirmation must reach the fake before the next round, so each round starts from a quiet bot;
 * the CPU of the whole round, confirmations included, is reported beside the CPU while acknowledging.
 */
async function round(watch: RoundWatch, label: string, server: Server, port: number, requests: PreparedRequest[], bot?: { recorded: () => number; confirmed: () => number }): Promise<Round> {
  await watch.begin();
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  const result = await runLoad(port, requests, CONCURRENCY, { warmConnections: true });
  traces.push(await watch.end(label, result));
  const cpuMsPerRequest = Math.round(((server.cpuMs() - cpuBefore) / requests.length) * 1000) / 1000;
  if (!bot) return { ...summarize(result), lost: 0, cpuMsPerRequest };
  // A click is acknowledged before it is handled: give the bot time to record them, then count.
  const deadline = Date.now() + 60_000;
  while ((bot.recorded() < MEMBERS || bot.confirmed() < MEMBERS) && Date.now() < deadline) await sleep(50);
  const confirmedAfterMs = Math.round(performance.now() - started);
  const cpuMsPerClickInAll = Math.round(((server.cpuMs() - cpuBefore) / requests.length) * 1000) / 1000;
  return { ...summarize(result), lost: MEMBERS - bot.recorded(), cpuMsPerRequest, cpuMsPerClickInAll, confirmedAfterMs };
}

const traces: RoundTrace[] = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function runClicks(): Promise<{ rows: Record<string, string | number>[]; checks: Check[]; notes: string[]; data: Record<string, unknown> }> {
  const fake = await startFakeSlack();
  const dir = mkdtempSync(join(tmpdir(), 'ppp-bench-clicks-'));
  const dataDir = join(dir, 'data');
  const seedDb = openDatabase(join(dir, 'ppp.sqlite'));
  seedPartnership(seedDb, { slackChannels: 100, teamsChannels: 0, slackMembers: MEMBERS, teamsMembers: 0 });
  seedDb.$client.close();
  const env = (port: number) => slackServerEnv(port, fake.apiUrl, dataDir, { DATABASE_PATH: join(dir, 'ppp.sqlite') });
  const servers: Server[] = [];
  const loadBefore = loadavg()[0]!;
  try {
    const barePort = await freePort();
    const bare = await startServer(join(ROOT, 'bench', 'lib', 'bare-bolt.ts'), env(barePort), /listening on port/);
    servers.push(bare);
    const botPort = await freePort();
    const bot = await startServer(join(ROOT, 'src', 'main.ts'), env(botPort), /listening on port/);
    servers.push(bot);
    const db = openDatabase(join(dir, 'ppp.sqlite'));
    const id = await sendAlert(`http://127.0.0.1:${botPort}/slack/events`, fake, db);
    const count = db.$client.prepare<[number, string], { n: number }>('SELECT count(*) AS n FROM alert_recipients WHERE alert_id = ? AND answer = ?');
    const pairs: { bare: Round; bot: Round }[] = [];
    const watch = new RoundWatch({ bare, bot }, fake);
    // Round 0 warms both (unmeasured); each round then changes every member's answer, so every click does the whole work.
    for (let r = 0; r <= ROUNDS; r++) {
      const answer = ANSWERS[r % 2]!;
      const bareRound = await round(watch, `bare${r}`, bare, barePort, clicks(id, answer, fake, r));
      // The same idle second before each side's round, so both start from quiet servers.
      await sleep(1000);
      const confirmed = () => fake.responses.filter((p) => p.id.startsWith(`r${r}-`)).length;
      const botRound = await round(watch, `bot${r}`, bot, botPort, clicks(id, answer, fake, r), { recorded: () => count.get(id, answer)!.n, confirmed });
      if (r > 0) pairs.push({ bare: bareRound, bot: botRound });
      await sleep(1000);
    }
    db.$client.close();
    const ratios = pairs.map((p) => p.bot.p99Ms / p.bare.p99Ms);
    const ratio = median(ratios);
    const pair = pairs[ratios.indexOf(ratio)]!;
    const lost = pairs.reduce((n, p) => n + p.bot.lost, 0);
    const errors = pairs.reduce((n, p) => n + p.bot.errors + p.bare.errors, 0);
    const row = (server: string, s: Round) => ({ server, clicks: s.requests, errors: s.errors, lost: s.lost, 'p50 ms': s.p50Ms, 'p99 ms': s.p99Ms, 'max ms': s.maxMs, 'req/s': s.requestsPerSecond });
    return {
      rows: [row('bare Bolt (ack only)', pair.bare), row('PPP Bot (answer recorded)', pair.bot)],
      checks: [
        { name: `answers lost (${ROUNDS} × ${MEMBERS} clicks)`, target: '0', actual: String(lost), pass: lost === 0 },
        { name: 'click ack p99 vs bare Bolt (median of pairs)', target: `≤ ${TARGET_P99}×`, actual: `${ratio.toFixed(2)}×`, pass: ratio <= TARGET_P99 },
        { name: 'click errors', target: '0', actual: String(errors), pass: errors === 0 },
      ],
      notes: [
        `clicks: ${ROUNDS} measured pairs of rounds (${MEMBERS} clicks at concurrency ${CONCURRENCY}, bare Bolt then the bot, back to back) after one warm-up pair; each round flips every member's answer, and the bot records each and redraws the 100 channel copies in coalesced rounds meanwhile; the table shows the pair whose p99 ratio is the median`,
        `by pair, bare → bot: p99 ms ${pairs.map((p) => `${p.bare.p99Ms}→${p.bot.p99Ms}`).join(', ')}; req/s ${pairs.map((p) => `${p.bare.requestsPerSecond}→${p.bot.requestsPerSecond}`).join(', ')}; server CPU ms per click while acknowledging ${pairs.map((p) => `${p.bare.cpuMsPerRequest}→${p.bot.cpuMsPerRequest}`).join(', ')}`,
        `the bot's whole round, until every answer was recorded and every private confirmation had reached Slack (paced at ${CONFIRMATIONS_PER_SECOND}/s, src/alerts/confirmations.ts): ${pairs.map((p) => `${((p.bot.confirmedAfterMs ?? 0) / 1000).toFixed(1)} s, ${p.bot.cpuMsPerClickInAll} ms CPU per click`).join('; ')}`,
        `each round's 100 connections were opened before its clock started (bench/lib/load.ts), after the same idle second for either server`,
        loopNote(traces.filter((t) => !/^(bare|bot)0$/.test(t.label))),
        `load generator, both servers, the bot's Redis and the fake share ${cpus().length} cores; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`,
      ],
      data: { clicks: { members: MEMBERS, concurrency: CONCURRENCY, rounds: ROUNDS, pairs, ratios, lost } },
    };
  } finally {
    for (const s of servers) await s.stop();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
