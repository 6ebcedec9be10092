// A redis-server of the test file's own, for tests that FLUSHALL or stop Redis: doing that to the shared
// one would wipe the other suites' queues. Started before the file's tests, stopped after them.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { spawnRedis } from './redis-global.js';

export function privateRedisForFile(): { readonly url: string } {
  let server: { url: string; child: ChildProcess } | undefined;
  beforeAll(async () => {
    server = await spawnRedis();
  });
  afterAll(() => {
    server?.child.kill('SIGTERM');
  });
  return {
    get url() {
      if (!server) throw new Error('the private redis-server starts before the tests of this file');
      return server.url;
    },
  };
}
