// The real bot over an in-memory database with the console's own messenger, keeping the cards it
// posted, and a private DATA_DIR (exports are written there): for tests that drive the bot directly.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { Turn } from '../../src/commands/context.js';
import { createRegistry } from '../../src/features.js';
import { loadConfig } from '../../src/config.js';
import type { Identity } from '../../src/core/identity.js';
import { MessengerHub } from '../../src/messenger.js';
import { memoryDb } from '../helpers/db.js';

export interface Shown {
  note: string;
  card: Card;
  text: string;
}

export function neutralBot(): { bot: Bot; shown: Shown[]; dataDir: string; now: { at: Date } } {
  const shown: Shown[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-checklist-'));
  const now = { at: new Date('2026-11-22T15:00:00Z') };
  const messenger = new MessengerHub().add(new ConsoleMessenger((card, note) => shown.push({ note, card, text: renderText(card).text })));
  const bot = createBot({
    db: memoryDb(),
    config: loadConfig({ PPP_NAME: 'Twin Cities Test Partnership', DATA_DIR: dataDir }),
    clock: () => now.at,
    log: pino({ level: 'silent' }),
    registry: createRegistry(),
    messenger,
  });
  return { bot, shown, dataDir, now };
}

/** A console turn in `conversation` (a second console conversation stands in for another channel). */
export function consoleTurn(identity: Identity, conversation = 'console:local'): Turn {
  return { platform: 'console', identity, conversation, scope: 'console', prefix: '/ppp ' };
}
