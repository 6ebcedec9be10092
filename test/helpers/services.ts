// Real services around an in-memory database, for tests that drive the neutral bot directly.
import pino from 'pino';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import { cardToText } from '../../src/cards/text.js';
import { MessengerHub } from '../../src/messenger.js';
import type { Db } from '../../db/client.js';
import { createBot, type Bot } from '../../src/bot.js';
import { createRegistry } from '../../src/features.js';
import type { Turn } from '../../src/commands/context.js';
import { loadConfig } from '../../src/config.js';
import type { Identity } from '../../src/core/identity.js';
import { memoryDb } from './db.js';

/** What the console messenger showed: proactive posts, edits and DMs, as text. */
export interface Screen {
  shown: { note: string; text: string }[];
}

export function testBot(options: { db?: Db; now?: Date; screen?: Screen } = {}): Bot {
  const db = options.db ?? memoryDb();
  const now = options.now ?? new Date('2026-11-22T12:00:00Z');
  const screen = options.screen ?? { shown: [] };
  // The console's own messenger stands in for a platform: a real module, showing what was sent.
  const messenger = new MessengerHub().add(new ConsoleMessenger((card, note) => screen.shown.push({ note, text: cardToText(card) })));
  return createBot({
    db,
    config: loadConfig({ PPP_NAME: 'Twin Cities Test Partnership', DATA_DIR: '/nonexistent-test-dir' }),
    clock: () => now,
    log: pino({ level: 'silent' }),
    registry: createRegistry(),
    messenger,
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
