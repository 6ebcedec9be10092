// Vitest global setup: one real redis-server on a free loopback port for the whole run. Suites use a
// random BullMQ prefix each, so they never see each other's keys. No Redis, no run: it fails loudly.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pingRedis } from '../../jobs/redis-ping.js';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let child: ChildProcess | undefined;

/**
 * Starts a private redis-server on a free loopback port (for a test that must FLUSHALL its own), or on
 * `port` (to start it again after a test stopped it, at the same address its clients reconnect to).
 */
export async function spawnRedis(port?: number): Promise<{ url: string; port: number; child: ChildProcess }> {
  port ??= await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ppp-test-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory-policy', 'noeviction'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`redis-server could not start (run npm run setup): ${err.message}`))),
  );
  const ready = (async () => {
    for (let i = 0; i < 200; i++) {
      if ((await pingRedis({ host: '127.0.0.1', port }, 200)) === 'ok') return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('redis-server did not answer');
  })();
  await Promise.race([ready, failed]);
  return { url: `redis://127.0.0.1:${port}`, port, child };
}

export async function setup(project: TestProject): Promise<void> {
  const redis = await spawnRedis();
  child = redis.child;
  project.provide('redisUrl', redis.url);
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
}
