// Where a latency stall happens: event-loop delay (p99, max) and garbage collections, per measured round,
// in the bench process itself and (preloaded with `--import`, BENCH_PROBE_FILE set) in each server.
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';

/** Wall-clock ms comparable across processes (performance.now() is per process). */
export const epochNow = () => performance.timeOrigin + performance.now();

/** A stretch when the loop was late, or a collection, with its start on the shared wall clock. */
export interface Pause {
  kind: 'late' | 'gc';
  at: number;
  ms: number;
  detail?: string;
}

export interface LoopWindow {
  p99Ms: number;
  maxMs: number;
  pauses: Pause[];
}

const GC_KINDS: Record<number, string> = { 1: 'minor', 2: 'major', 4: 'incremental', 8: 'weakcb' };

/** Loop delay as a histogram, plus every late tick (≥ `lateMs` past due) and every GC ≥ `gcMs`, with timestamps. */
export class LoopProbe {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private pauses: Pause[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly gc: PerformanceObserver;

  constructor(lateMs = 40, gcMs = 10) {
    this.histogram.enable();
    const tick = 10;
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      const late = now - last - tick;
      if (late >= lateMs) this.pauses.push({ kind: 'late', at: performance.timeOrigin + last, ms: Math.round(late) });
      last = now;
    }, tick);
    this.timer.unref();
    this.gc = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.duration < gcMs) continue;
        const kind = ((e as PerformanceEntry & { detail?: { kind?: number } }).detail)?.kind ?? 0;
        this.pauses.push({ kind: 'gc', at: performance.timeOrigin + e.startTime, ms: Math.round(e.duration), detail: GC_KINDS[kind] ?? String(kind) });
      }
    });
    this.gc.observe({ entryTypes: ['gc'] });
  }

  /** What happened since the last call, and starts a new window. */
  take(): LoopWindow {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const w = { p99Ms: ms(this.histogram.percentile(99)), maxMs: ms(this.histogram.max), pauses: this.pauses };
    this.histogram.reset();
    this.pauses = [];
    return w;
  }

  stop(): void {
    clearInterval(this.timer);
    this.gc.disconnect();
    this.histogram.disable();
  }
}

// As a preload in a server: on SIGUSR2 append the window to BENCH_PROBE_FILE as one JSON line.
const file = process.env.BENCH_PROBE_FILE;
if (file && process.env.BENCH_PROBE_PRELOAD === '1') {
  const probe = new LoopProbe();
  process.on('SIGUSR2', () => appendFileSync(file, `${JSON.stringify({ pid: process.pid, at: epochNow(), ...probe.take() })}\n`));
}
