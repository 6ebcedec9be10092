// Following one announcement's copies as they reach the fakes during a real bot's fan-out: first and
// last copy, progress, the first per platform, RSS at the peak and the CPU the bots and this process spent.
import type { SlackCall, FakeSlack } from '../../test/helpers/fake-slack.js';
import type { ConnectorCall, FakeTeams } from '../../test/helpers/fake-teams.js';
import type { Server } from '../lib/process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts the copies of one announcement as they reach the fakes, scanning only calls not seen yet. */
class Copies {
  private slackSeen = 0;
  private teamsSeen = 0;
  readonly times: number[] = [];
  /** The first copy's time on each platform. */
  readonly first = { slack: Infinity, teams: Infinity };
  constructor(
    private readonly slack: FakeSlack,
    private readonly teams: FakeTeams,
    private readonly text: string,
  ) {
    this.slackSeen = slack.calls.length;
    this.teamsSeen = teams.calls.length;
  }
  scan(): number {
    const slackNew = this.slack.calls.slice(this.slackSeen) as SlackCall[];
    this.slackSeen += slackNew.length;
    for (const c of slackNew) {
      if (c.method === 'chat.postMessage' && !c.refused && String(c.params.channel).startsWith('CB') && String(c.params.text).includes(this.text)) {
        this.times.push(c.at!);
        this.first.slack = Math.min(this.first.slack, c.at!);
      }
    }
    const teamsNew = this.teams.calls.slice(this.teamsSeen) as ConnectorCall[];
    this.teamsSeen += teamsNew.length;
    // The summary names the announcement; stringifying every card (as before) cost the fakes' thread,
    // which serves the bot meanwhile, more than the check is worth.
    for (const c of teamsNew) {
      if (c.kind === 'send' && !c.refused && this.mentions(c.body)) {
        this.times.push(c.at!);
        this.first.teams = Math.min(this.first.teams, c.at!);
      }
    }
    return this.times.length;
  }

  private mentions(body: unknown): boolean {
    const summary = (body as { summary?: unknown } | undefined)?.summary;
    return typeof summary === 'string' ? summary.includes(this.text) : JSON.stringify(body).includes(this.text);
  }
}

export interface FanOut {
  firstMs: number;
  lastMs: number;
  peakRssMb: number;
  cpuMsPerDelivery: number;
  copies: number;
  /** When the 10th, 25th, 50th, 75th and 90th percent of the copies had arrived (ms after the click). */
  progressMs: number[];
  /** CPU this process (the fakes, and the scan for copies) spent meanwhile. */
  benchCpuMs: number;
  /** Of that, the time this loop spent sampling RSS and scanning the fakes for copies. */
  watchMs: number;
  /** The first copy on each platform, ms after the click. */
  firstSlackMs: number;
  firstTeamsMs: number;
}

/**
 * Presses Send (`press`) and follows the `expected` copies of `text` to the last one, sampling the bot
 * processes' RSS meanwhile; `heap` is called once half of them are out.
 */
export async function followCopies(bots: Server[], slack: FakeSlack, teams: FakeTeams, text: string, expected: number, press: () => Promise<unknown>, heap?: () => void): Promise<FanOut> {
  const copies = new Copies(slack, teams, text);
  const cpu0 = bots.map((b) => b.cpuMs());
  const own0 = process.cpuUsage();
  let peak = 0;
  const started = performance.now();
  const answered = press();
  let snapshotTaken = false;
  let watchMs = 0;
  for (;;) {
    const w0 = performance.now();
    peak = Math.max(peak, ...bots.map((b) => b.rssMb()));
    const n = copies.scan();
    watchMs += performance.now() - w0;
    if (heap && !snapshotTaken && n >= expected / 2) {
      snapshotTaken = true;
      heap();
    }
    if (n >= expected) break;
    if (performance.now() - started > 120_000) throw new Error(`only ${n} copies after 120 s; the bot's last words:\n${bots[0]!.output().slice(-3000)}`);
    // Each copy carries the time the fake received it, so how often this loop looks changes no figure;
    // looking every 5 ms cost the fakes' thread (which serves the bot meanwhile) 30-odd ms per fan-out.
    await sleep(25);
  }
  const own = process.cpuUsage(own0);
  await answered;
  const cpu = bots.reduce((sum, b, i) => sum + (b.cpuMs() - cpu0[i]!), 0);
  return {
    firstMs: Math.min(...copies.times) - started,
    lastMs: Math.max(...copies.times) - started,
    peakRssMb: peak,
    cpuMsPerDelivery: cpu / copies.times.length,
    copies: copies.times.length,
    progressMs: progress(copies.times, started),
    benchCpuMs: Math.round((own.user + own.system) / 1000),
    watchMs: Math.round(watchMs),
    firstSlackMs: Math.round(copies.first.slack - started),
    firstTeamsMs: Math.round(copies.first.teams - started),
  };
}

function progress(times: readonly number[], started: number): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  return [0.1, 0.25, 0.5, 0.75, 0.9].map((q) => Math.round(sorted[Math.floor(q * (sorted.length - 1))]! - started));
}
