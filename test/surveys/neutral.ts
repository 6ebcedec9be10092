// The real bot over an in-memory database with the console's own messenger (what it sent and edited is
// kept), a clock the test moves, and the real delivery engine: for survey tests that drive the bot
// directly. Members are console identities, the one platform connected. It closes when the test ends.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Bot } from '../../src/bot.js';
import type { Button, Card, Input } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { ActionInput, Turn } from '../../src/commands/context.js';
import type { Identity } from '../../src/core/identity.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { until } from '../helpers/engine.js';
import { makeActor } from '../helpers/db.js';
import { recorder } from '../helpers/responder.js';
import { startTestBot, type ServicesOptions, type TestServices } from '../helpers/services.js';

export interface Shown {
  kind: 'post' | 'edit' | 'dm' | 'file';
  note: string;
  /** The identity a direct message went to (`console:member-1`), or the conversation of a post or edit. */
  to: string;
  card: Card;
  text: string;
}

export interface SurveyBot {
  bot: Bot;
  services: TestServices;
  shown: Shown[];
  now: { at: Date };
  coordinator: Identity;
  dataDir: string;
  /** A command typed by someone on the console; returns what they were answered. */
  run(who: Identity, line: string): Promise<ReturnType<typeof recorder>>;
  /** A button pressed by someone in their direct messages. */
  press(who: Identity, action: ActionInput): Promise<ReturnType<typeof recorder>>;
  /** Waits until every delivery of the batch is settled. */
  settled(batch: string): Promise<void>;
  dmsTo(identity: Identity): Shown[];
}

export const T0 = new Date('2027-03-01T15:00:00Z');

export async function surveyBot(options: Pick<ServicesOptions, 'redisUrl' | 'reconcileEveryMs' | 'db' | 'prefix'> & { now?: { at: Date } } = {}): Promise<SurveyBot & { close(): Promise<void> }> {
  const shown: Shown[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-surveys-'));
  const now = options.now ?? { at: T0 };
  const messenger = new ConsoleMessenger((card, note) => {
    shown.push({ kind: note.kind, note: note.text, to: note.to, card, text: renderText(card).text });
  }, () => join(dataDir, 'exports'));
  const { now: _now, ...rest } = options;
  const { bot, close, services } = await startTestBot({ env: { DATA_DIR: dataDir, PPP_TIMEZONE: 'America/Chicago' }, clock: () => now.at, messenger, ...rest });
  let closed = false;
  const closeOnce = async () => {
    if (!closed) await close();
    closed = true;
  };
  onTestFinished(closeOnce);
  const existing = services.db.$client.prepare("select 1 from identities where platform = 'console' and external_id = 'coordinator-0'").get();
  const coordinator = existing ? { platform: 'console' as const, id: 'coordinator-0' } : makeActor(services.db, 'coordinator', 'console', 0);
  const turn = (who: Identity, scope: Turn['scope']): Turn => ({ platform: who.platform, identity: who, conversation: 'console:local', scope, prefix: '/ppp ' });
  return {
    close: closeOnce,
    bot,
    services,
    shown,
    now,
    coordinator,
    dataDir,
    async run(who, line) {
      const r = recorder();
      await bot.handleCommand(turn(who, 'console'), line, r);
      return r;
    },
    async press(who, action) {
      const r = recorder();
      await bot.handleAction(turn(who, 'personal'), action, r);
      return r;
    },
    async settled(batch) {
      await until(() => {
        const report = deliveryReport(services.db, batch);
        return report.total > 0 && report.settled;
      }, 10_000, `batch ${batch} to settle`);
    },
    dmsTo: (identity) => shown.filter((s) => s.to === `${identity.platform}:${identity.id}` && s.kind === 'dm'),
  };
}

/** Members on the console, each `member n`. */
export function members(services: TestServices, count: number, from = 1): Identity[] {
  return Array.from({ length: count }, (_, i) => makeActor(services.db, 'member', 'console', from + i));
}

export const buttonsOf = (card: Card | undefined): Button[] =>
  (card?.elements ?? []).flatMap((e) => (e.type === 'actions' ? e.elements.filter((b): b is Button => b.type === 'button') : e.type === 'section' && e.accessory?.type === 'button' ? [e.accessory] : []));

export const inputsOf = (card: Card | undefined): Input[] => (card?.elements ?? []).flatMap((e) => (e.type === 'input' ? [e.input] : []));

export function button(card: Card | undefined, label: string | RegExp): Button {
  const found = buttonsOf(card).find((b) => (typeof label === 'string' ? b.label === label : label.test(b.label)));
  if (!found) throw new Error(`no button ${String(label)} on the card; it has ${buttonsOf(card).map((b) => b.label).join(', ')}`);
  return found;
}

/** The preview's Send pressed by the coordinator, after `survey send …`; returns the survey id. */
export async function sendFromPreview(w: SurveyBot, line: string): Promise<number> {
  const preview = await w.run(w.coordinator, line);
  const card = preview.sent.find((s) => s.card?.header?.startsWith('Preview'))?.card;
  if (!card) throw new Error(`no preview; the bot said: ${preview.texts()}`);
  const send = button(card, 'Send');
  const pressed = await w.press(w.coordinator, { actionId: send.actionId, value: send.value! });
  if (!pressed.sent.some((s) => s.card?.header?.includes('sent'))) throw new Error(`not sent: ${pressed.texts()}`);
  return Number(/^(\d+)/.exec(send.value!)![1]);
}
