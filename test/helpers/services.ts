// Services as src/main.ts builds them (createServices), for every test: real SQLite, the real registry,
// and the real delivery engine on the suite's Redis under a random prefix. Nothing of ours is faked.
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { inject } from 'vitest';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Db } from '../../db/client.js';
import { DeliveryEngine } from '../../jobs/engine.js';
import { optionsFromUrl } from '../../jobs/redis.js';
import { createBot, type Bot } from '../../src/bot.js';
import { cardToText } from '../../src/cards/text.js';
import type { Turn } from '../../src/commands/context.js';
import type { BotServices, Registry } from '../../src/commands/registry.js';
import { loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/core/clock.js';
import type { Identity } from '../../src/core/identity.js';
import type { Log } from '../../src/core/log.js';
import { createRegistry } from '../../src/features.js';
import type { MessengerHub, PlatformMessenger } from '../../src/messenger.js';
import { createServices } from '../../src/services.js';
import { memoryDb } from './db.js';

export type TestServices = BotServices & { messenger: MessengerHub; outbox: DeliveryEngine };

export interface ServicesOptions {
  db?: Db;
  clock?: Clock;
  /** Environment for loadConfig, over a test partnership's name and a DATA_DIR nobody writes to. */
  env?: Record<string, string>;
  registry?: Registry;
  log?: Log;
  /** A private Redis a test may stop and start; otherwise the suite's. */
  redisUrl?: string;
  prefix?: string;
  leaseMs?: number;
  reconcileEveryMs?: number;
  concurrency?: number;
}

const TEST_NOW = new Date('2026-11-22T12:00:00Z');

/** The services with their engine built but not started: add the platforms' messengers, then `outbox.start()`. */
export function buildServices(options: ServicesOptions = {}): TestServices {
  const config = loadConfig({ PPP_NAME: 'Twin Cities Test Partnership', DATA_DIR: '/nonexistent-test-dir', ...options.env });
  return createServices(
    {
      db: options.db ?? memoryDb(),
      config,
      clock: options.clock ?? (() => TEST_NOW),
      log: options.log ?? pino({ level: process.env.TEST_LOG ?? 'silent' }),
      registry: options.registry ?? createRegistry(),
    },
    (services) =>
      new DeliveryEngine({
        redis: { options: optionsFromUrl(options.redisUrl ?? inject('redisUrl')), description: 'test redis' },
        prefix: options.prefix ?? `t${randomUUID().slice(0, 8)}`,
        services,
        messenger: services.messenger,
        leaseMs: options.leaseMs ?? 5000,
        reconcileEveryMs: options.reconcileEveryMs ?? 500,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      }),
  );
}

/** What the console messenger showed: proactive posts, edits and DMs, as text. */
export interface Screen {
  shown: { note: string; text: string }[];
}

export interface TestBot {
  bot: Bot;
  services: TestServices;
  close(): Promise<void>;
}

/**
 * The neutral bot with one platform connected — the console's own messenger by default, a real module
 * that shows what was sent — and the engine started.
 */
export async function startTestBot(options: ServicesOptions & { screen?: Screen; messenger?: PlatformMessenger } = {}): Promise<TestBot> {
  const services = buildServices(options);
  const screen = options.screen ?? { shown: [] };
  services.messenger.add(options.messenger ?? new ConsoleMessenger((card, note) => screen.shown.push({ note: note.text, text: cardToText(card) })));
  await services.outbox.start();
  return { bot: createBot(services), services, close: () => services.outbox.close() };
}

export function turnFor(identity: Identity, overrides: Partial<Turn> = {}): Turn {
  const address = identity.platform === 'slack' ? 'slack:T1:C1' : identity.platform === 'teams' ? 'teams:19:abc@thread.tacv2' : 'console:local';
  return {
    platform: identity.platform,
    identity,
    conversation: address,
    scope: identity.platform === 'console' ? 'console' : 'channel',
    prefix: identity.platform === 'teams' ? '@PPP ' : '/ppp ',
    ...overrides,
  };
}
