// A running bot for roster tests: real SQLite (the real migrations), a real delivery engine on the test
// Redis, and the console messenger as the one connected platform, recording every post and DM it shows.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { inject } from 'vitest';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Db } from '../../db/client.js';
import { deliveries, members } from '../../db/schema.js';
import { DeliveryEngine } from '../../jobs/engine.js';
import { optionsFromUrl } from '../../jobs/redis.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Button, Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { Services, Turn } from '../../src/commands/context.js';
import { createRegistry } from '../../src/features.js';
import type { CommandInput, LinePart } from '../../src/commands/line.js';
import { loadConfig } from '../../src/config.js';
import type { Identity } from '../../src/core/identity.js';
import { MessengerHub } from '../../src/messenger.js';
import type { MemberRow, MemberStatus } from '../../src/members/model.js';
import { createMember } from '../../src/members/store.js';
import { ensureOrganization, type OrganizationDetails } from '../../src/roster/organizations.js';
import { memoryDb } from '../helpers/db.js';
import { until } from '../helpers/engine.js';
import { recorder } from '../helpers/responder.js';

export interface Shown {
  kind: 'post' | 'dm' | 'edit';
  /** The conversation address of a post, the identity (`console:alice`) of a DM. */
  to: string;
  card: Card;
  text: string;
}

export interface World {
  bot: Bot;
  services: Services;
  db: Db;
  shown: Shown[];
  /** Runs a command as someone and returns what they were answered (a mention as `mention()` gives it). */
  run(who: Identity, line: CommandInput, turn?: Partial<Turn>): Promise<ReturnType<typeof recorder>>;
  /** Waits until the delivery engine has settled every delivery. */
  settled(): Promise<void>;
  dmsTo(identity: string): Shown[];
  close(): Promise<void>;
}

const PARTNERSHIP = 'Twin Cities Test Partnership';

export async function startWorld(options: { env?: Record<string, string> } = {}): Promise<World> {
  const db = memoryDb();
  const shown: Shown[] = [];
  const messenger = new ConsoleMessenger((card, note) => {
    const dm = /^\[direct message to (\S+),/.exec(note);
    const post = /^\[posted to (\S+) as/.exec(note);
    const edit = /^\[message \S+ in (\S+) now reads/.exec(note);
    const kind = dm ? 'dm' : post ? 'post' : 'edit';
    shown.push({ kind, to: (dm ?? post ?? edit)?.[1] ?? note, card, text: fullText(card) });
  });
  const hub = new MessengerHub().add(messenger);
  const services: Services = {
    db,
    config: loadConfig({ PPP_NAME: PARTNERSHIP, DATA_DIR: '/nonexistent-test-dir', PPP_TIMEZONE: 'America/Chicago', ...options.env }),
    clock: () => new Date(),
    log: pino({ level: process.env.TEST_LOG ?? 'silent' }),
    registry: createRegistry(),
    messenger: hub,
  };
  const engine = new DeliveryEngine({
    redis: { options: optionsFromUrl(inject('redisUrl')), description: 'test redis' },
    prefix: `r${randomUUID().slice(0, 8)}`,
    services,
    messenger: hub,
    leaseMs: 5000,
    reconcileEveryMs: 500,
  });
  services.outbox = engine;
  await engine.start();
  const bot = createBot(services);
  return {
    bot,
    services,
    db,
    shown,
    async run(who, line, turn = {}) {
      const respond = recorder();
      await bot.handleCommand(consoleTurn(who, turn), line, respond);
      return respond;
    },
    async settled() {
      await until(() => db.select().from(deliveries).where(eq(deliveries.status, 'pending')).all().length === 0, 15_000, 'deliveries to settle');
    },
    dmsTo: (identity) => shown.filter((s) => s.kind === 'dm' && s.to === identity),
    close: () => engine.close(),
  };
}

/** Everything a card says: its body as rendered, and its notification fallback. */
export function fullText(card: Card): string {
  return [renderText(card).text, card.fallback ?? ''].join('\n');
}

export function consoleTurn(identity: Identity, overrides: Partial<Turn> = {}): Turn {
  return { platform: identity.platform, identity, conversation: 'console:local', scope: 'console', prefix: '/ppp ', ...overrides };
}

export const person = (id: string, platform: Identity['platform'] = 'console'): Identity => ({ platform, id });

/** A mention as an adapter hands it to the bot: the platform said who it is (typed text never is one). */
export const mention = (who: Identity, label: string): LinePart => ({ mention: who, label });

export interface Seed {
  name: string;
  status?: MemberStatus;
  identity?: Identity;
  set?: Partial<typeof members.$inferInsert>;
}

/** Puts someone on the roster directly, as a test's starting point (the commands are what is tested). */
export function seed(db: Db, s: Seed): MemberRow {
  const at = new Date('2026-01-05T15:00:00Z');
  return db.transaction((tx) => {
    const m = s.identity
      ? createMember(tx, s.identity, { name: s.name, status: s.status ?? 'active', at })
      : tx.insert(members).values({ name: s.name, status: s.status ?? 'active', statusChangedAt: at, createdAt: at, updatedAt: at }).returning().get();
    const row = tx.update(members).set({ nameEdited: true, ...s.set }).where(eq(members.id, m.id)).returning().get();
    return row;
  });
}

export function memberNamed(db: Db, name: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.name, name)).get();
}

/** The button with this action id on a card. */
export function buttonOn(card: Card, actionId: string): Button {
  for (const el of card.elements) {
    if (el.type === 'actions') {
      const b = el.elements.find((e): e is Button => e.type === 'button' && e.actionId === actionId);
      if (b) return b;
    }
  }
  throw new Error(`no ${actionId} button on the card`);
}

/** An organization row, for seeding members into it. */
export function organization(db: Db, name: string, details: OrganizationDetails = {}): number {
  return db.transaction((tx) => ensureOrganization(tx, name, new Date('2026-01-05T15:00:00Z'), details).org.id);
}
