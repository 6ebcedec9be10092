// A closed-loop HTTP load generator: `concurrency` workers, each sending its next request as soon as
// the previous answer is read, over kept-alive connections. Requests are prepared before the clock starts.
import { Agent, request } from 'node:http';

export interface PreparedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadResult {
  requests: number;
  concurrency: number;
  errors: number;
  /** Per request, from sending to the last byte of the answer. */
  latenciesMs: number[];
  wallMs: number;
  /** The first answer's body, to check the server answered what it should. */
  sample: string;
  /** The slowest requests: when each was sent (wall clock, ms since the epoch) and how long it took. */
  slowest: { at: number; ms: number }[];
}

function send(agent: Agent, port: number, req: PreparedRequest): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const r = request(
      { host: '127.0.0.1', port, method: 'POST', path: req.path, headers: { ...req.headers, 'content-length': Buffer.byteLength(req.body) }, agent },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/**
 * Opens every connection before the clock starts: one untimed GET per connection to a path no server
 * routes (answered 404). Without it each round's first 100 requests also set up 100 connections at
 * once, and a Bolt server answers that first wave up to 0.3–1 s late now and then: p99 of a 2,000
 * request round is the 20th slowest, so that one wave decided it (bench/lib/round-trace.ts showed it).
 */
async function openConnections(agent: Agent, port: number, concurrency: number): Promise<void> {
  const open = () =>
    new Promise<void>((resolve) => {
      const r = request({ host: '127.0.0.1', port, method: 'GET', path: '/bench-connect', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      r.on('error', () => resolve());
      r.end();
    });
  await Promise.all(Array.from({ length: concurrency }, open));
}

export async function runLoad(port: number, requests: PreparedRequest[], concurrency: number, options: { warmConnections?: boolean } = {}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  if (options.warmConnections) await openConnections(agent, port, concurrency);
  const latenciesMs: number[] = [];
  const sentAt: number[] = [];
  let errors = 0;
  let next = 0;
  let sample = '';
  const started = performance.now();
  const worker = async () => {
    while (next < requests.length) {
      const req = requests[next++]!;
      const t0 = performance.now();
      try {
        const res = await send(agent, port, req);
        latenciesMs.push(performance.now() - t0);
        sentAt.push(performance.timeOrigin + t0);
        if (res.status !== 200) errors++;
        if (!sample) sample = res.body;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - started;
  agent.destroy();
  const slowest = latenciesMs
    .map((ms, i) => ({ at: sentAt[i]!, ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  return { requests: requests.length, concurrency, errors, latenciesMs, wallMs, sample, slowest };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Summary {
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  requestsPerSecond: number;
}

export function summarize(result: LoadResult): Summary {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: result.requests,
    errors: result.errors,
    p50Ms: round(percentile(sorted, 50)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted.at(-1) ?? NaN),
    requestsPerSecond: Math.round(result.requests / (result.wallMs / 1000)),
  };
}
