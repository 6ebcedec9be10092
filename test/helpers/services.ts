// Real services around an in-memory database, for tests that drive the neutral bot directly.
import pino from 'pino';
import type { Db } from '../../db/client.js';
import { createBot, type Bot } from '../../src/bot.js';
import { createRegistry } from '../../src/commands/index.js';
import type { Turn } from '../../src/commands/context.js';
import { loadConfig } from '../../src/config.js';
import type { Identity } from '../../src/core/identity.js';
import { memoryDb } from './db.js';

export function testBot(options: { db?: Db; now?: Date } = {}): Bot {
  const db = options.db ?? memoryDb();
  const now = options.now ?? new Date('2026-11-22T12:00:00Z');
  return createBot({
    db,
    config: loadConfig({ PPP_NAME: 'Twin Cities Test Partnership', DATA_DIR: '/nonexistent-test-dir' }),
    clock: () => now,
    log: pino({ level: 'silent' }),
    registry: createRegistry(),
  });
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
