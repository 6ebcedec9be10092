// A running delivery engine for tests: real Redis (random prefix), real SQLite, the real Slack adapter
// talking to a fake Slack on loopback. Nothing of ours is mocked.
import { createSlackAdapter } from '../../adapters/slack/index.js';
import type { Db } from '../../db/client.js';
import type { DeliveryEngine } from '../../jobs/engine.js';
import { createBot } from '../../src/bot.js';
import { deliveryReport, type DeliveryReport } from '../../src/delivery/store.js';
import type { PlatformAdapter } from '../../src/platform.js';
import { BOT_TOKEN, SIGNING_SECRET, type FakeSlack } from './fake-slack.js';
import { buildServices, type TestServices } from './services.js';
import type { BotProcess } from './spawn-bot.js';
import { until } from './until.js';

export interface RunningEngine {
  engine: DeliveryEngine;
  services: TestServices;
  slack: PlatformAdapter;
  close(): Promise<void>;
}

export async function startEngine(fake: FakeSlack, options: { db?: Db; leaseMs?: number; reconcileEveryMs?: number; apiTimeoutMs?: number; prefix?: string; redisUrl?: string; beforeStart?: (services: TestServices) => void } = {}): Promise<RunningEngine> {
  const services = buildServices({
    env: { PPP_NAME: 'Engine Test Partnership' },
    clock: () => new Date(),
    ...(options.db ? { db: options.db } : {}),
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.prefix ? { prefix: options.prefix } : {}),
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.reconcileEveryMs ? { reconcileEveryMs: options.reconcileEveryMs } : {}),
  });
  const bot = createBot(services);
  const slack = await createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl }, { bot, services, role: 'worker' }, { apiTimeoutMs: options.apiTimeoutMs ?? 2000 });
  await slack.start();
  services.messenger.add(slack.messenger);
  const engine = services.outbox;
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

/**
 * The batch's report once nothing of it is pending; on timeout the error says how far it got and what
 * the bot process sending it printed last.
 */
export function settledReport(db: Db, batch: string, bot: Pick<BotProcess, 'stdout' | 'stderr'>, timeoutMs: number, what: string): Promise<DeliveryReport> {
  return until(() => {
    const r = deliveryReport(db, batch);
    return r.settled ? r : undefined;
  }, timeoutMs, what).catch((err: Error) => {
    const r = deliveryReport(db, batch);
    throw new Error(`${err.message}: ${r.sent} sent, ${r.pending} pending; bot said: ${bot.stdout().slice(-1500)} ${bot.stderr().slice(-1500)}`);
  });
}

export { until } from './until.js';
