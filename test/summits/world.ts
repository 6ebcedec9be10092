// A bot for summit tests: real SQLite, the real delivery engine on the test Redis, the console messenger
// as the connected platform (recording posts, DMs, edits and files), a clock the test moves, and a
// vetted console conversation. Nothing of ours is faked.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { onTestFinished } from 'vitest';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Db } from '../../db/client.js';
import { deliveries, identities, members } from '../../db/schema.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Button, Card, Form } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import { vetChannel } from '../../src/channels/store.js';
import type { ActionInput, Turn } from '../../src/commands/context.js';
import type { Registry } from '../../src/commands/registry.js';
import type { Identity } from '../../src/core/identity.js';
import type { MemberRow } from '../../src/members/model.js';
import { createMember } from '../../src/members/store.js';
import { until } from '../helpers/engine.js';
import { recorder } from '../helpers/responder.js';
import { buildServices, type TestServices } from '../helpers/services.js';

export const HALL = 'console:hall';

export interface Shown {
  kind: 'post' | 'dm' | 'edit' | 'file';
  /** A post's conversation, a DM's or a file's recipient (`console:dana`), an edit's message id. */
  to: string;
  card: Card;
  text: string;
  /** Where a file was written, for a file. */
  path?: string;
}

export interface SummitWorld {
  bot: Bot;
  services: TestServices;
  db: Db;
  shown: Shown[];
  now: { at: Date };
  dataDir: string;
  run(who: Identity, line: string, turn?: Partial<Turn>): Promise<ReturnType<typeof recorder>>;
  press(who: Identity, action: ActionInput): Promise<ReturnType<typeof recorder>>;
  submit(who: Identity, form: Form, values: Record<string, string | string[] | undefined>): Promise<{ errors: Record<string, string> | undefined; answer: ReturnType<typeof recorder> }>;
  settled(): Promise<void>;
  /** The bot stops (its engine closes); `down` runs while it is down; it starts again on the same state. */
  restart(down?: () => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  env?: Record<string, string>;
  at?: string;
  registry?: () => Registry;
  /** A private Redis (a test that flushes it); otherwise the suite's. */
  redisUrl?: string;
}

export async function summitWorld(options: WorldOptions = {}): Promise<SummitWorld> {
  const now = { at: new Date(options.at ?? '2027-01-10T15:00:00Z') };
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-summits-'));
  const prefix = `s${randomUUID().slice(0, 8)}`;
  const shown: Shown[] = [];
  let db: Db | undefined;
  const boot = async () => {
    const services = buildServices({
      clock: () => now.at,
      env: { PPP_NAME: 'Twin Cities Security Partnership', PPP_TIMEZONE: 'America/Chicago', DATA_DIR: dataDir, ...options.env },
      prefix,
      ...(db ? { db } : {}),
      ...(options.registry ? { registry: options.registry() } : {}),
      ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    });
    db = services.db;
    services.messenger.add(consoleMessenger(shown, dataDir));
    await services.outbox.start();
    return { services, bot: createBot(services) };
  };
  let running = await boot();
  const world: SummitWorld = {
    get bot() {
      return running.bot;
    },
    get services() {
      return running.services;
    },
    get db() {
      return running.services.db;
    },
    shown,
    now,
    dataDir,
    async run(who, line, turn = {}) {
      const respond = recorder();
      await running.bot.handleCommand(consoleTurn(who, turn), line, respond);
      return respond;
    },
    async press(who, action) {
      const respond = recorder();
      await running.bot.handleAction(consoleTurn(who), action, respond);
      return respond;
    },
    async submit(who, form, values) {
      const answer = recorder();
      const errors = await running.bot.handleForm(consoleTurn(who), { formId: form.id, values, ...(form.state ? { state: form.state } : {}) }, answer);
      return { errors, answer };
    },
    async settled() {
      await until(() => world.db.select().from(deliveries).where(eq(deliveries.status, 'pending')).all().length === 0, 15_000, 'deliveries to settle');
    },
    async restart(down) {
      await running.services.outbox.close();
      await down?.();
      running = await boot();
    },
    close: () => running.services.outbox.close(),
  };
  onTestFinished(() => world.close());
  return world;
}

/** The console's own messenger, recording what it shows; files are written under DATA_DIR/exports. */
function consoleMessenger(shown: Shown[], dataDir: string): ConsoleMessenger {
  return new ConsoleMessenger(
    (card, note) => {
      // An edit is known by the message it changes; a post by its conversation; a DM or file by whom it went to.
      const to = note.kind === 'edit' ? note.messageId : note.to;
      shown.push({ kind: note.kind, to, card, text: fullText(card), ...(note.path ? { path: note.path } : {}) });
    },
    () => join(dataDir, 'exports'),
  );
}

/** Everything the bot answered, each card as rendered in full. */
export function said(answer: ReturnType<typeof recorder>): string {
  return answer.sent.map((s) => (s.card ? fullText(s.card) : s.text)).join('\n');
}

/** Everything a card says: its body as rendered, and its notification fallback. */
export function fullText(card: Card): string {
  return [card.header ?? '', renderText(card).text, card.fallback ?? ''].join('\n');
}

export function consoleTurn(identity: Identity, overrides: Partial<Turn> = {}): Turn {
  return { platform: identity.platform, identity, conversation: HALL, scope: 'console', prefix: '/ppp ', ...overrides };
}

/** Vets the console hall (and any other address) as a conversation that receives announcements. */
export function vet(db: Db, by: MemberRow, address = HALL, name = 'hall'): void {
  vetChannel(db, { address, name, kind: 'executive', actor: 'console:coord', actorMemberId: by.id, at: new Date('2026-12-01T00:00:00Z') });
}

export interface Person {
  name: string;
  identity?: Identity;
  set?: Partial<typeof members.$inferInsert>;
  /** More accounts of the same member (linked), e.g. their Teams account. */
  linked?: Identity[];
}

/** Puts an active member on the roster directly: the commands under test start from here. */
export function seed(db: Db, p: Person): MemberRow {
  const at = new Date('2026-01-05T15:00:00Z');
  const identity = p.identity ?? { platform: 'console' as const, id: p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') };
  return db.transaction((tx) => {
    const m = createMember(tx, identity, { name: p.name, status: 'active', at });
    for (const other of p.linked ?? []) tx.insert(identities).values({ memberId: m.id, platform: other.platform, externalId: other.id, createdAt: at }).run();
    return tx.update(members).set({ nameEdited: true, vettedAt: at, ...p.set }).where(eq(members.id, m.id)).returning().get();
  });
}

export const consoleId = (m: MemberRow): Identity => ({ platform: 'console', id: m.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') });

/** The button with this action id (and label, when given) on a card. */
export function buttonOn(card: Card | undefined, actionId: string, label?: string): Button {
  for (const el of card?.elements ?? []) {
    if (el.type !== 'actions') continue;
    const b = el.elements.find((e): e is Button => e.type === 'button' && e.actionId === actionId && (!label || e.label === label));
    if (b) return b;
  }
  throw new Error(`no ${actionId}${label ? ` (${label})` : ''} button on the card`);
}

export function press(action: Button): ActionInput {
  return { actionId: action.actionId, ...(action.value !== undefined ? { value: action.value } : {}) };
}
