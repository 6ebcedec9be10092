// Survey answers under load: 5,000 members answering a 3-question anonymous survey as signed Slack
// block actions (the card's Send button with its inputs) at concurrency 100 against the real bot
// (src/main.ts, its own Redis and SQLite, a fake Slack on loopback), beside a bare Bolt app that only
// acks, in the same run; every answer must be in SQLite afterwards. Then `survey close` with 5,000
// answers: from the command to the results card posted in the coordinator's DM.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/client.js';
import { createMember } from '../src/members/store.js';
import type { Definition } from '../src/surveys/definition.js';
import { createDraft, openSurvey } from '../src/surveys/store.js';
import { buttonPressBody, commandBody, freePort, signedHeaders, SIGNING_SECRET, startFakeSlack, type FakeSlack } from '../test/helpers/fake-slack.js';
import { runLoad, summarize, type PreparedRequest, type Summary } from './lib/load.js';
import { slackServerEnv, startServer, type Server } from './lib/process.js';
import type { Benchmark, Report } from './lib/report.js';
import { loopNote, RoundWatch, type RoundTrace } from './lib/round-trace.js';

const ROOT = join(import.meta.dirname, '..');
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Math.min(1000, MEMBERS);
const TARGET_P99 = 1.5;
const COORDINATOR = 'U0COORD01';

const SURVEY: Definition = {
  title: 'Tabletop exercise: three questions',
  intro: 'After the exercise.',
  anonymous: true,
  audience: { kind: 'all' },
  closesAfterMs: 7 * 86_400_000,
  reminders: [],
  repeat: 'none',
  questions: [
    { kind: 'scale', text: 'Was it useful?', required: true, low: 'Not at all', high: 'Very' },
    { kind: 'multiple', text: 'Which topics?', required: true, choices: ['Cyber', 'Protests', 'Insurance'] },
    { kind: 'text', text: 'Anything else?', required: false },
  ],
};

const member = (i: number) => `U0SURV${String(i).padStart(5, '0')}`;

/** The roster and the open surveys (a warm-up one and one per measured round), written before the bot starts. */
function seed(path: string, surveys: number): number[] {
  const db = openDatabase(path);
  const at = new Date();
  const ids = db.transaction((tx) => {
    const recipients: { memberId: number; target: string }[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const m = createMember(tx, { platform: 'slack', id: member(i) }, { name: `m${i}`, status: 'active', at });
      recipients.push({ memberId: m.id, target: `slack:${member(i)}` });
    }
    const owner = createMember(tx, { platform: 'slack', id: COORDINATOR }, { name: 'Bench Coordinator', status: 'active', at, isCoordinator: true, coordinatorVia: 'env' });
    return Array.from({ length: surveys }, () => {
      const draft = createDraft(tx, SURVEY, { memberId: owner.id, identity: `slack:${COORDINATOR}` }, at);
      openSurvey(tx, draft.id, 'system', recipients, new Date(at.getTime() + 86_400_000), at);
      return draft.id;
    });
  });
  db.$client.close();
  return ids;
}

/** Each member presses Send on the card with three answers filled in, as Slack signs it. */
function answers(count: number, surveyId: number, responseBase: string): PreparedRequest[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const body = buttonPressBody({
      user: member(i),
      username: `m${i}`,
      channel: `D${member(i)}`,
      messageTs: '1790000000.000001',
      responseUrl: `${responseBase}s${surveyId}-${i}`,
      triggerId: `t${i}`,
      state: {
        'in~q1': { value: { type: 'static_select', selected_option: { value: String((i % 5) + 1) } } },
        'in~q2': { value: { type: 'multi_static_select', selected_options: [{ value: String(i % 3) }] } },
        'in~q3': { value: { type: 'plain_text_input', value: i % 4 === 0 ? `Answer ${i}: more drills` : null } },
      },
      actionId: 'survey.answer',
      value: String(surveyId),
    });
    return { path: '/slack/events', headers: signedHeaders(SIGNING_SECRET, body, { timestamp }), body };
  });
}

type Round = Summary & { answersStored: number; cardsReplaced: number; settleMs: number };

async function until(check: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) return NaN;
    await new Promise((r) => setTimeout(r, 20));
  }
  return performance.now() - started;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const benchmark: Benchmark = {
  name: 'survey',
  description: `${MEMBERS} members answer a 3-question survey as signed Slack block actions at concurrency ${CONCURRENCY}: PPP Bot vs a bare Bolt app that only acks; then the close with ${MEMBERS} answers`,
  async run(): Promise<Report> {
    const fake: FakeSlack = await startFakeSlack();
    const responseBase = fake.responseUrl('');
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-bench-survey-'));
    const dbPath = join(dataDir, 'data', 'ppp.sqlite');
    mkdirSync(join(dataDir, 'data'), { recursive: true, mode: 0o700 });
    const [warmup, ...measured] = seed(dbPath, ROUNDS + 1);
    const env = (port: number) => slackServerEnv(port, fake.apiUrl, join(dataDir, 'data'), { PPP_ADMINS: `slack:${COORDINATOR}` });
    const reader = () => new Database(dbPath, { readonly: true, fileMustExist: true });
    const stored = (surveyId: number) => {
      const db = reader();
      try {
        return (db.prepare('select count(*) as n from survey_answers where survey_id = ?').get(surveyId) as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const replaced = (surveyId: number) => fake.responses.filter((r) => r.id.startsWith(`s${surveyId}-`)).length;
    let bare: Server | undefined;
    let bot: Server | undefined;
    const bareRounds: Summary[] = [];
    const botRounds: Round[] = [];
    const traces: RoundTrace[] = [];
    const loadBefore = loadavg()[0]!;
    let close = { ms: NaN, answered: 0, resultsPosted: false };
    try {
      const barePort = await freePort();
      const botPort = await freePort();
      bare = await startServer(join(ROOT, 'bench', 'lib', 'bare-bolt.ts'), env(barePort), /listening on port/);
      bot = await startServer(join(ROOT, 'src', 'main.ts'), env(botPort), /listening on port/);
      // Warm-up, unmeasured, so neither is timed while its JIT is still cold.
      await runLoad(barePort, answers(WARMUP, warmup!, responseBase), CONCURRENCY);
      await runLoad(botPort, answers(WARMUP, warmup!, responseBase), CONCURRENCY);
      // Until the warm-up's cards are replaced too: that response_url traffic must not run into the first measured round.
      await until(() => stored(warmup!) === WARMUP && replaced(warmup!) >= WARMUP, 60_000);
      const watch = new RoundWatch({ bare, bot }, fake);
      // Measured rounds alternate, bare then bot, so a change in background load hits both alike; each
      // bot round answers a survey of its own, so every request is a member's first answer.
      for (const surveyId of measured) {
        const bareRequests = answers(MEMBERS, surveyId, responseBase);
        // The same idle second before each side's round, so both start from quiet servers.
        await sleep(1000);
        await watch.begin();
        const bareResult = await runLoad(barePort, bareRequests, CONCURRENCY, { warmConnections: true });
        traces.push(await watch.end(`bare s${surveyId}`, bareResult));
        bareRounds.push(summarize(bareResult));
        const botRequests = answers(MEMBERS, surveyId, responseBase);
        await sleep(1000);
        await watch.begin();
        const botResult = await runLoad(botPort, botRequests, CONCURRENCY, { warmConnections: true });
        traces.push(await watch.end(`bot s${surveyId}`, botResult));
        const load = summarize(botResult);
        const settleMs = await until(() => stored(surveyId) === MEMBERS && replaced(surveyId) >= MEMBERS, 120_000);
        botRounds.push({ ...load, answersStored: stored(surveyId), cardsReplaced: replaced(surveyId), settleMs: Math.round(settleMs) });
        if (load.errors > 0) process.stderr.write(`bot: ${load.errors} errors; it said:\n${bot.output().slice(-1500)}\n`);
      }
      // The close with every answer in: from the command to the results card in the coordinator's DM.
      const closing = measured[0]!;
      const body = commandBody({ text: `survey close ${closing}`, user_id: COORDINATOR, user_name: 'coordinator', response_url: `${responseBase}close` });
      const started = performance.now();
      await fetch(`http://127.0.0.1:${botPort}/slack/events`, { method: 'POST', headers: signedHeaders(SIGNING_SECRET, body), body });
      const posted = await until(() => fake.callsTo('chat.postMessage').some((c) => c.params.channel === `D${COORDINATOR}` && JSON.stringify(c.params.blocks ?? '').includes('Results: ')), 60_000);
      const ms = Number.isFinite(posted) ? performance.now() - started : NaN;
      const db = reader();
      const row = db.prepare('select answered from surveys where id = ?').get(closing) as { answered: number };
      db.close();
      close = { ms: Math.round(ms), answered: row.answered, resultsPosted: Number.isFinite(ms) };
    } finally {
      await bare?.stop();
      await bot?.stop();
      await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const loadAfter = loadavg()[0]!;
    const p99Ratios = bareRounds.map((b, i) => botRounds[i]!.p99Ms / b.p99Ms);
    const p99Ratio = medianOf(p99Ratios);
    const pair = p99Ratios.indexOf(p99Ratio);
    const lost = botRounds.reduce((n, r) => n + (MEMBERS - r.answersStored), 0);
    const errors = [...bareRounds, ...botRounds].reduce((n, r) => n + r.errors, 0);
    const row = (name: string, s: Summary, extra: Partial<Round> = {}) => ({
      server: name,
      requests: s.requests,
      errors: s.errors,
      'p50 ms': s.p50Ms,
      'p99 ms': s.p99Ms,
      'max ms': s.maxMs,
      'req/s': s.requestsPerSecond,
      'answers stored': extra.answersStored ?? '—',
      'all stored after ms': extra.settleMs ?? '—',
    });
    const ratio = (n: number) => `${n.toFixed(2)}×`;
    return {
      title: this.description,
      columns: ['server', 'requests', 'errors', 'p50 ms', 'p99 ms', 'max ms', 'req/s', 'answers stored', 'all stored after ms'],
      rows: [row('bare Bolt (ack only)', bareRounds[pair]!), row('PPP Bot (answers the survey)', botRounds[pair]!, botRounds[pair]!)],
      checks: [
        { name: 'ack p99 vs bare (median of pairs)', target: `≤ ${TARGET_P99}×`, actual: ratio(p99Ratio), pass: p99Ratio <= TARGET_P99 },
        { name: 'answers lost', target: '0', actual: String(lost), pass: lost === 0 },
        { name: 'no HTTP errors', target: '0', actual: String(errors), pass: errors === 0 },
        { name: `close + results with ${MEMBERS} answers`, target: 'results posted', actual: close.resultsPosted ? `${close.ms} ms (${close.answered} answers)` : 'not posted', pass: close.resultsPosted && close.answered === MEMBERS },
      ],
      notes: [
        `${ROUNDS} measured pairs of rounds (${MEMBERS} answers each, bare then PPP Bot) after a ${WARMUP}-answer warm-up of each; the table shows pair ${pair + 1}, whose p99 ratio is the median`,
        `by pair, bare → PPP Bot: p99 ms ${bareRounds.map((b, i) => `${b.p99Ms}→${botRounds[i]!.p99Ms}`).join(', ')}; req/s ${bareRounds.map((b, i) => `${b.requestsPerSecond}→${botRounds[i]!.requestsPerSecond}`).join(', ')}`,
        `"all stored after": from the last acknowledgement until every answer was in SQLite and every card replaced through its response_url (${botRounds.map((r) => r.settleMs).join(' / ')} ms)`,
        `close: the signed \`/ppp survey close\` from a coordinator until the results card reached their DM on the fake Slack: ${close.ms} ms`,
        `each round's ${CONCURRENCY} connections were opened before its clock started (bench/lib/load.ts), after the same idle second for either server`,
        loopNote(traces),
        `load generator, both servers, the bot's Redis and the fake Slack share ${cpus().length} cores; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
      ],
      data: {
        members: MEMBERS,
        concurrency: CONCURRENCY,
        rounds: ROUNDS,
        bare: bareRounds,
        ppp: botRounds,
        ratios: { p99: Number(p99Ratio.toFixed(3)), p99ByPair: p99Ratios.map((r) => Number(r.toFixed(3))) },
        answersLost: lost,
        close,
        targets: { p99Max: TARGET_P99 },
        loadAverage: { before: loadBefore, after: loadAfter },
      },
    };
  },
};
