// One line per measured round of a click benchmark: what every process's event loop, its collections and
// the fake Slack's incoming traffic did while the round ran, beside the slowest requests, all on one
// clock (ms from the round's start), so a stall can be put where it happened.
import type { FakeSlack } from '../../test/helpers/fake-slack.js';
import type { LoadResult } from './load.js';
import { epochNow, LoopProbe, type LoopWindow, type Pause } from './loop-probe.js';
import type { Server } from './process.js';

export interface RoundTrace {
  label: string;
  /** When the round started, ms since the epoch. */
  startedAt: number;
  /** Loop delay p99 / max (ms) per process during the round. */
  loops: Record<string, { p99Ms: number; maxMs: number } | undefined>;
  /** Stalls and collections (≥ 40 ms late, ≥ 10 ms GC) per process, at ms from the round's start. */
  pauses: Record<string, { at: number; ms: number; kind: string }[]>;
  /** The slowest requests, sent at ms from the round's start. */
  slowest: { at: number; ms: number }[];
  /** Requests the fake Slack received during the round (response_url posts, API calls). */
  fakeTraffic: number;
  /** CPU ms each server used during the round. */
  cpuMs: Record<string, number>;
}

/** Watches one round: call `begin` right before the load starts and `end` right after it returns. */
export class RoundWatch {
  readonly probe = new LoopProbe();
  private fakeHits = 0;
  private started = 0;
  private cpu: Record<string, number> = {};

  constructor(
    private readonly servers: Record<string, Server>,
    fake: FakeSlack,
  ) {
    fake.on('change', () => this.fakeHits++);
  }

  async begin(): Promise<void> {
    for (const s of Object.values(this.servers)) await s.window();
    this.probe.take();
    this.fakeHits = 0;
    this.cpu = Object.fromEntries(Object.entries(this.servers).map(([n, s]) => [n, s.cpuMs()]));
    this.started = epochNow();
  }

  async end(label: string, result: LoadResult): Promise<RoundTrace> {
    const rel = (p: Pause) => ({ at: Math.round(p.at - this.started), ms: p.ms, kind: p.detail ? `${p.kind}:${p.detail}` : p.kind });
    const windows: Record<string, LoopWindow | undefined> = { bench: this.probe.take() };
    const cpuMs: Record<string, number> = {};
    for (const [n, s] of Object.entries(this.servers)) {
      cpuMs[n] = Math.round(s.cpuMs() - this.cpu[n]!);
      windows[n] = await s.window();
    }
    const trace: RoundTrace = {
      label,
      startedAt: Math.round(this.started),
      loops: Object.fromEntries(Object.entries(windows).map(([n, w]) => [n, w && { p99Ms: w.p99Ms, maxMs: w.maxMs }])),
      pauses: Object.fromEntries(Object.entries(windows).map(([n, w]) => [n, (w?.pauses ?? []).filter((p) => p.kind === 'late' || p.ms >= 10).map(rel)])),
      slowest: result.slowest.slice(0, 5).map((s) => ({ at: Math.round(s.at - this.started), ms: Math.round(s.ms) })),
      fakeTraffic: this.fakeHits,
      cpuMs,
    };
    if (process.env.BENCH_TRACE === '1') process.stderr.write(`trace ${JSON.stringify(trace)}\n`);
    return trace;
  }
}

/** One note line: each round's worst event-loop delay per process, so a stall shows where it was. */
export function loopNote(traces: RoundTrace[]): string {
  const max = (t: RoundTrace, n: string) => t.loops[n]?.maxMs ?? '?';
  return `event-loop delay max per round, ms (load generator and fake Slack / bare Bolt / PPP Bot; bench/lib/loop-probe.ts): ${traces.map((t) => `${t.label} ${max(t, 'bench')}/${max(t, 'bare')}/${max(t, 'bot')}`).join(', ')}`;
}
