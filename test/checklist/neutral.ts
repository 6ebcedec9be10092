// The real bot over an in-memory database with the console's own messenger, keeping the cards it
// posted and edited, a private DATA_DIR (exports are written there), and the real delivery engine:
// for tests that drive the bot directly. It closes itself when the test finishes.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ConsoleMessenger, type ConsoleNote } from '../../adapters/console/messenger.js';
import type { Bot } from '../../src/bot.js';
import type { Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { Turn } from '../../src/commands/context.js';
import type { Identity } from '../../src/core/identity.js';
import { startTestBot } from '../helpers/services.js';

export interface Shown {
  note: ConsoleNote;
  card: Card;
  text: string;
}

export async function neutralBot(): Promise<{ bot: Bot; shown: Shown[]; dataDir: string; now: { at: Date } }> {
  const shown: Shown[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-checklist-'));
  const now = { at: new Date('2026-11-22T15:00:00Z') };
  // Files go where the console adapter puts them: under DATA_DIR/exports.
  const messenger = new ConsoleMessenger((card, note) => shown.push({ note, card, text: renderText(card).text }), () => join(dataDir, 'exports'));
  const { bot, close } = await startTestBot({ env: { DATA_DIR: dataDir }, clock: () => now.at, messenger });
  onTestFinished(close);
  return { bot, shown, dataDir, now };
}

/** What was posted (not edits): a card posted into a conversation or sent by direct message. */
export const postsIn = (shown: Shown[]): Shown[] => shown.filter((s) => s.note.kind !== 'edit');

/** A console turn in `conversation` (a second console conversation stands in for another channel). */
export function consoleTurn(identity: Identity, conversation = 'console:local'): Turn {
  return { platform: 'console', identity, conversation, scope: 'console', prefix: '/ppp ' };
}
