// The delivery engine as the fan-out benchmarks run it in-process: a file SQLite database, the real
// Slack and Teams adapters pointed at fakes on loopback, BullMQ on the bench's private Redis.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import { saveReference } from '../../adapters/teams/references.js';
import { openDatabase } from '../../db/client.js';
import { DeliveryEngine } from '../../jobs/engine.js';
import { optionsFromUrl } from '../../jobs/redis.js';
import { createBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { pendingCount } from '../../src/delivery/store.js';
import { createRegistry } from '../../src/features.js';
import { createServices, type Services } from '../../src/services.js';
import { BOT_TOKEN, SIGNING_SECRET, type FakeSlack } from '../../test/helpers/fake-slack.js';
import type { FakeTeams } from '../../test/helpers/fake-teams.js';

const tuned = (variable: string, option: 'concurrency' | 'chunkSize') => (process.env[variable] ? { [option]: Number(process.env[variable]) } : {});

export interface Stack {
  services: Services;
  engine: DeliveryEngine;
  dataDir: string;
  close(): Promise<void>;
}

export async function startStack(redisUrl: string, slack: FakeSlack, teams: FakeTeams, options: { concurrency?: number } = {}): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-bench-fanout-'));
  const db = openDatabase(join(dataDir, 'ppp.sqlite'));
  const services = createServices(
    { db, config: loadConfig({ PPP_NAME: 'Bench Partnership', DATA_DIR: dataDir }), clock: () => new Date(), log: pino({ level: 'silent' }), registry: createRegistry() },
    (built) =>
      new DeliveryEngine({
        redis: { options: optionsFromUrl(redisUrl), description: 'bench' },
        prefix: `b${randomUUID().slice(0, 8)}`,
        services: built,
        messenger: built.messenger,
        // BENCH_ENGINE_CONCURRENCY and BENCH_CHUNK_SIZE try other shapes than the engine's defaults.
        ...(options.concurrency ? { concurrency: options.concurrency } : tuned('BENCH_ENGINE_CONCURRENCY', 'concurrency')),
        ...tuned('BENCH_CHUNK_SIZE', 'chunkSize'),
      }),
  );
  const hub = services.messenger;
  const engine = services.outbox;
  const bot = createBot(services);
  const deps = { bot, services, role: 'worker' as const };
  const slackAdapter = await createSlackAdapter({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl }, deps);
  const teamsAdapter = await createTeamsAdapter({ appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', anonymous: true }, deps);
  for (const a of [slackAdapter, teamsAdapter]) {
    await a.start();
    hub.add(a.messenger);
  }
  await engine.start();
  return {
    services,
    engine,
    dataDir,
    async close() {
      await engine.close();
      await slackAdapter.stop();
      await teamsAdapter.stop();
      db.$client.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits for the batches to settle, asking SQLite a cheap count every 20 ms (the engine shares this CPU). */
export async function settle(services: Services, batches: string[], timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (batches.every((b) => pendingCount(services.db, b) === 0)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`deliveries did not settle within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const teamsConversation = (i: number) => `19:bench-${i}@thread.tacv2`;
export const slackChannel = (i: number) => `CB${String(i).padStart(5, '0')}`;

/** Stores the channel references Teams would have given the bot when it was added to each conversation. */
export function seedTeamsChannels(services: Services, teams: FakeTeams, count: number, at = new Date()): void {
  services.db.$client.transaction(() => {
    for (let i = 0; i < count; i++) {
      const conversation = teamsConversation(i);
      saveReference(
        services.db,
        {
          address: `teams:${conversation}`,
          scope: 'channel',
          userIdentity: null,
          serviceUrl: teams.serviceUrl,
          reference: { channelId: 'msteams', serviceUrl: teams.serviceUrl, bot: { id: '28:ppp-bot-app', name: 'PPP' }, conversation: { id: conversation, conversationType: 'channel', tenantId: 'bench', isGroup: true } },
        },
        at,
      );
    }
  })();
}
