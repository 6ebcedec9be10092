// A running bot for alert tests on the console platform: real SQLite, the real delivery engine on the
// test Redis, the console messenger recording every post, DM and edit; a clock the test moves. Nothing
// of ours is mocked. Members and vetted conversations are seeded directly: the commands are what is tested.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import type { Db } from '../../db/client.js';
import { channels, deliveries, identities, members, organizations, timers } from '../../db/schema.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Button, Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { ActionInput, Turn } from '../../src/commands/context.js';
import type { CommandInput } from '../../src/commands/line.js';
import type { Identity } from '../../src/core/identity.js';
import type { MemberRow } from '../../src/members/model.js';
import { createMember } from '../../src/members/store.js';
import { until } from '../helpers/engine.js';
import { recorder } from '../helpers/responder.js';
import { buildServices, type TestServices } from '../helpers/services.js';

export interface Shown {
  kind: 'post' | 'dm' | 'edit';
  /** The address of a post or edit (`console:local`, `console:local#m3` for a reply), the identity of a DM. */
  to: string;
  messageId: string;
  card: Card;
  text: string;
}

export interface AlertWorld {
  bot: Bot;
  services: TestServices;
  db: Db;
  shown: Shown[];
  now: { value: Date };
  run(who: Identity, line: CommandInput, turn?: Partial<Turn>): Promise<ReturnType<typeof recorder>>;
  /** Presses a button as `who`, from where it was shown (a DM is personal, a post the console channel). */
  press(who: Identity, button: Button, turn?: Partial<Turn>): Promise<ReturnType<typeof recorder>>;
  submit(who: Identity, formId: string, values: Record<string, string>, state?: string): Promise<ReturnType<typeof recorder>>;
  settled(): Promise<void>;
  dmsTo(identity: string): Shown[];
  close(): Promise<void>;
}

export const T0 = new Date('2026-11-22T14:00:00Z');

export async function startAlertWorld(options: { env?: Record<string, string>; realClock?: boolean; redisUrl?: string } = {}): Promise<AlertWorld> {
  const now = { value: T0 };
  const services = buildServices({
    clock: options.realClock ? () => new Date() : () => now.value,
    env: { PPP_NAME: 'Twin Cities Test Partnership', PPP_TIMEZONE: 'America/Chicago', ...options.env },
    prefix: `a${randomUUID().slice(0, 8)}`,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
  });
  const shown: Shown[] = [];
  services.messenger.add(
    new ConsoleMessenger((card, note) => {
      if (note.kind === 'file') return;
      shown.push({ kind: note.kind, to: note.to, messageId: note.messageId, card, text: [renderText(card).text, card.fallback ?? ''].join('\n') });
    }),
  );
  await services.outbox.start();
  const bot = createBot(services);
  const turnOf = (who: Identity, overrides: Partial<Turn> = {}): Turn => ({
    platform: who.platform,
    identity: who,
    conversation: 'console:local',
    scope: 'console',
    prefix: '/ppp ',
    ...overrides,
  });
  return {
    bot,
    services,
    db: services.db,
    shown,
    now,
    async run(who, line, turn) {
      const respond = recorder();
      await bot.handleCommand(turnOf(who, turn), line, respond);
      return respond;
    },
    async press(who, button, turn) {
      const respond = recorder();
      const action: ActionInput = { actionId: button.actionId, ...(button.value === undefined ? {} : { value: button.value }) };
      await bot.handleAction(turnOf(who, turn), action, respond);
      return respond;
    },
    async submit(who, formId, values, state) {
      const respond = recorder();
      await bot.handleForm(turnOf(who), state === undefined ? { formId, values } : { formId, values, state }, respond);
      return respond;
    },
    async settled() {
      // Timers due by the test's clock run first (an alert's direct messages are recorded by one), then every delivery settles.
      const dueTimers = () => services.db.select().from(timers).all().filter((t) => t.status === 'pending' && t.dueAt.getTime() <= services.clock().getTime());
      const pending = () => services.db.select().from(deliveries).where(eq(deliveries.status, 'pending')).all();
      await until(() => dueTimers().length === 0 && pending().length === 0, 15_000, 'due timers and deliveries to settle');
    },
    dmsTo: (identity) => shown.filter((s) => s.kind === 'dm' && s.to === identity),
    close: () => services.outbox.close(),
  };
}

export interface Person {
  name: string;
  /** Platform accounts; the first is the one they act from in a test. */
  accounts?: Identity[];
  status?: 'active' | 'nominated' | 'suspended' | 'departed';
  tier?: 'board' | 'member';
  coordinator?: boolean;
  issuer?: boolean;
  organization?: string;
  contact247?: string;
  set?: Partial<typeof members.$inferInsert>;
}

/** Puts someone on the roster, with every account they hold (linked, as `link` would leave them). */
export function seedMember(db: Db, p: Person): MemberRow {
  const at = new Date('2026-01-05T15:00:00Z');
  return db.transaction((tx) => {
    const [first, ...others] = p.accounts ?? [];
    const m = first
      ? createMember(tx, first, { name: p.name, status: p.status ?? 'active', at })
      : tx.insert(members).values({ name: p.name, status: p.status ?? 'active', statusChangedAt: at, createdAt: at, updatedAt: at }).returning().get();
    for (const other of others) tx.insert(identities).values({ memberId: m.id, platform: other.platform, externalId: other.id, createdAt: at }).run();
    let organizationId: number | null = null;
    if (p.organization) {
      const existing = tx.select().from(organizations).where(eq(organizations.name, p.organization)).get();
      organizationId = existing?.id ?? tx.insert(organizations).values({ name: p.organization, kind: 'corporation', createdAt: at }).returning().get().id;
    }
    return tx
      .update(members)
      .set({
        nameEdited: true,
        tier: p.tier ?? 'member',
        isCoordinator: p.coordinator ?? false,
        isIssuer: p.issuer ?? false,
        organizationId,
        contact247: p.contact247 ?? null,
        ...p.set,
      })
      .where(eq(members.id, m.id))
      .returning()
      .get();
  });
}

/** A vetted conversation, as `channel vet` leaves it. */
export function vet(db: Db, address: string, kind: 'executive' | 'general', name: string, status: 'vetted' | 'unvetted' = 'vetted'): void {
  const platform = address.slice(0, address.indexOf(':'));
  db.insert(channels).values({ address, platform, name, kind, status, updatedAt: new Date() }).run();
}

/** The button with this label (or action id) on a card. */
export function button(card: Card, label: string): Button {
  for (const el of card.elements) {
    if (el.type !== 'actions') continue;
    const b = el.elements.find((e): e is Button => e.type === 'button' && (e.label === label || e.actionId === label));
    if (b) return b;
  }
  throw new Error(`no ${label} button on the card:\n${renderText(card).text}`);
}

export const consoleId = (id: string): Identity => ({ platform: 'console', id });
