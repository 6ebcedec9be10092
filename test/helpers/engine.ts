// A running delivery engine for tests: real Redis (random prefix), real SQLite, the real Slack adapter
// talking to a fake Slack on loopback. Nothing of ours is mocked.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { inject } from 'vitest';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import type { Db } from '../../db/client.js';
import { DeliveryEngine } from '../../jobs/engine.js';
import { optionsFromUrl } from '../../jobs/redis.js';
import { createBot } from '../../src/bot.js';
import type { Services } from '../../src/commands/context.js';
import { createRegistry } from '../../src/features.js';
import { loadConfig } from '../../src/config.js';
import { MessengerHub } from '../../src/messenger.js';
import type { PlatformAdapter } from '../../src/platform.js';
import { memoryDb } from './db.js';
import { BOT_TOKEN, SIGNING_SECRET, type FakeSlack } from './fake-slack.js';

export interface RunningEngine {
  engine: DeliveryEngine;
  services: Services;
  slack: PlatformAdapter;
  close(): Promise<void>;
}

export async function startEngine(fake: FakeSlack, options: { db?: Db; leaseMs?: number; reconcileEveryMs?: number; apiTimeoutMs?: number; prefix?: string; redisUrl?: string; beforeStart?: (services: Services) => void } = {}): Promise<RunningEngine> {
  const db = options.db ?? memoryDb();
  const hub = new MessengerHub();
  const services: Services = {
    db,
    config: loadConfig({ PPP_NAME: 'Engine Test Partnership', DATA_DIR: '/nonexistent-test-dir' }),
    clock: () => new Date(),
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    registry: createRegistry(),
    messenger: hub,
  };
  const bot = createBot(services);
  const slack = await createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl }, { bot, services, role: 'worker' }, { apiTimeoutMs: options.apiTimeoutMs ?? 2000 });
  await slack.start();
  hub.add(slack.messenger);
  const engine = new DeliveryEngine({
    redis: { options: optionsFromUrl(options.redisUrl ?? inject('redisUrl')), description: 'test redis' },
    prefix: options.prefix ?? `t${randomUUID().slice(0, 8)}`,
    services,
    messenger: hub,
    leaseMs: options.leaseMs ?? 5000,
    reconcileEveryMs: options.reconcileEveryMs ?? 500,
  });
  services.outbox = engine;
  options.beforeStart?.(services);
  await engine.start();
  return {
    engine,
    services,
    slack,
    async close() {
      await engine.close();
      await slack.stop();
    },
  };
}

export async function until<T>(check: () => T | undefined | false, timeoutMs = 20_000, what = 'a condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
