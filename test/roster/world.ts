// A running bot for roster tests: real SQLite (the real migrations), a real delivery engine on the test
// Redis, and the console messenger as the one connected platform, recording every post and DM it shows.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Db } from '../../db/client.js';
import { deliveries, members } from '../../db/schema.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Button, Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { Turn } from '../../src/commands/context.js';
import type { CommandInput, LinePart } from '../../src/commands/line.js';
import type { Identity } from '../../src/core/identity.js';
import type { MemberRow, MemberStatus } from '../../src/members/model.js';
import { createMember } from '../../src/members/store.js';
import { ensureOrganization, type OrganizationDetails } from '../../src/members/organizations.js';
import { until } from '../helpers/engine.js';
import { recorder } from '../helpers/responder.js';
import { buildServices, type TestServices } from '../helpers/services.js';

export interface Shown {
  kind: 'post' | 'dm' | 'edit';
  /** The conversation address of a post, the identity (`console:alice`) of a DM. */
  to: string;
  card: Card;
  text: string;
}

export interface World {
  bot: Bot;
  services: TestServices;
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
  const services = buildServices({ clock: () => new Date(), env: { PPP_NAME: PARTNERSHIP, PPP_TIMEZONE: 'America/Chicago', ...options.env }, prefix: `r${randomUUID().slice(0, 8)}` });
  const { db, outbox: engine } = services;
  const shown: Shown[] = [];
  const messenger = new ConsoleMessenger((card, note) => {
    const dm = /^\[direct message to (\S+),/.exec(note);
    const post = /^\[posted to (\S+) as/.exec(note);
    const edit = /^\[message \S+ in (\S+) now reads/.exec(note);
    const kind = dm ? 'dm' : post ? 'post' : 'edit';
    shown.push({ kind, to: (dm ?? post ?? edit)?.[1] ?? note, card, text: fullText(card) });
  });
  services.messenger.add(messenger);
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
