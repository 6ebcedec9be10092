// The one test world: a bot as src/main.ts wires it — services from createServices, real SQLite (the real
// migrations), a real delivery engine on the suite's Redis (random prefix) — with the platforms a test
// asks for: the real Slack and Teams adapters on one HTTP server, talking to a fake Slack and a fake Bot
// Framework connector on loopback (the default), and/or the console's own messenger, recording every post,
// edit and DM it shows. Nothing of ours is mocked.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { ConsoleMessenger } from '../../adapters/console/messenger.js';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import type { Db } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import type { DeliveryEngine } from '../../jobs/engine.js';
import { createBot, type Bot } from '../../src/bot.js';
import type { Button, Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import type { Turn } from '../../src/commands/context.js';
import type { CommandInput, LinePart } from '../../src/commands/line.js';
import type { Identity } from '../../src/core/identity.js';
import { createHttpServer } from '../../src/http/server.js';
import type { PlatformAdapter } from '../../src/platform.js';
import { ANONYMOUS } from '../adapters/teams/harness.js';
import { memoryDb } from './db.js';
import { until as waitUntil } from './engine.js';
import { BOT_TOKEN, commandBody, interactionBody, postSigned, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack, type Posted } from './fake-slack.js';
import { FakeTeams, postActivity, teamsActivity, type ActivityOptions, type Posted as TeamsPosted } from './fake-teams.js';
import { recorder } from './responder.js';
import { buildServices, type TestServices } from './services.js';

export const SLACK_CHANNEL = 'C0CHIEFS';

export type WorldPlatform = 'slack' | 'teams' | 'console';

export interface WorldOptions {
  /** The platforms connected: Slack and Teams over HTTP unless a test says otherwise. */
  platforms?: readonly WorldPlatform[];
  /** Environment over the world's own (a test partnership, a fresh DATA_DIR, the fake Slack). */
  env?: Record<string, string>;
  /** A private Redis a test may stop and start. */
  redisUrl?: string;
  /** How often reconcile runs: far away, to show nothing relies on it. */
  reconcileEveryMs?: number;
}

/** What the console showed: a post to a conversation, an edit of one, a DM or a file to an identity. */
export interface Shown {
  kind: 'post' | 'dm' | 'edit' | 'file';
  /** The conversation address of a post or edit, the identity (`console:alice`) of a DM or file. */
  to: string;
  card: Card;
  text: string;
}

export interface World {
  db: Db;
  bot: Bot;
  services: TestServices;
  engine: DeliveryEngine;
  dataDir: string;
  /** What the console messenger showed (a world with the console). */
  shown: Shown[];
  /** Runs a command as someone on the console and returns what they were answered (a mention as `mention()` gives it). */
  run(who: Identity, line: CommandInput, turn?: Partial<Turn>): Promise<ReturnType<typeof recorder>>;
  /** Waits until the delivery engine has settled every delivery. */
  settled(): Promise<void>;
  dmsTo(identity: string): Shown[];
  /** The fake Slack (a world with Slack). */
  readonly slackFake: FakeSlack;
  /** The fake Bot Framework connector (a world with Teams). */
  readonly teamsFake: FakeTeams;
  /** POST /slack/events on the bot's server. */
  readonly eventsUrl: string;
  /** A slash command from a Slack user in the chiefs' channel. */
  slash(user: string, text: string): Promise<Posted>;
  /** A block_actions request for a static_select choice, signed as Slack signs it. */
  select(user: string, blockId: string, value: string, responseId: string): Promise<Posted>;
  /** A block_actions request pressing the button labelled `label` in these Block Kit blocks. */
  press(user: string, blocks: unknown, label: string, responseId: string): Promise<Posted>;
  /** A Teams activity to /api/messages. */
  teams(options: ActivityOptions): Promise<TeamsPosted>;
  close(): Promise<void>;
}

const needs = <T>(value: T | undefined, platform: WorldPlatform): T => {
  if (value === undefined) throw new Error(`this world has no ${platform}: startWorld({ platforms: [..., '${platform}'] })`);
  return value;
};

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const platforms = new Set(options.platforms ?? ['slack', 'teams']);
  const slackFake = platforms.has('slack') ? await startFakeSlack() : undefined;
  const teamsFake = platforms.has('teams') ? await FakeTeams.start() : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-world-'));
  const db = memoryDb();
  const services = buildServices({
    db,
    clock: () => new Date(),
    env: {
      DATA_DIR: dataDir,
      ...(slackFake ? { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackFake.apiUrl } : {}),
      ...options.env,
    },
    prefix: `w${randomUUID().slice(0, 8)}`,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.reconcileEveryMs ? { reconcileEveryMs: options.reconcileEveryMs } : {}),
  });
  const { config, log, outbox: engine } = services;
  const bot = createBot(services);
  const shown: Shown[] = [];
  if (platforms.has('console')) {
    services.messenger.add(
      new ConsoleMessenger((card, note) => shown.push({ kind: note.kind, to: note.to, card, text: fullText(card) })),
    );
  }
  const adapters: PlatformAdapter[] = [];
  if (slackFake) adapters.push(await createSlackAdapter(config.slack!, { bot, services }, { retry: { initialMs: 50, maxMs: 200 }, apiTimeoutMs: 5000 }));
  if (teamsFake) adapters.push(await createTeamsAdapter(ANONYMOUS, { bot, services }));
  for (const adapter of adapters) {
    services.messenger.add(adapter.messenger);
    await adapter.start();
  }
  let server: Server | undefined;
  let base: string | undefined;
  if (adapters.length > 0) {
    const http = createHttpServer({ routes: adapters.flatMap((a) => a.routes), health: { db: () => 'ok', redis: () => 'ok' }, log });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    server = http;
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }
  await engine.start();

  const slackEvents = () => `${needs(base, 'slack')}/slack/events`;
  return {
    db,
    bot,
    services,
    engine,
    dataDir,
    shown,
    async run(who, line, turn = {}) {
      const respond = recorder();
      await bot.handleCommand(consoleTurn(who, turn), line, respond);
      return respond;
    },
    async settled() {
      await waitUntil(() => db.select().from(deliveries).where(eq(deliveries.status, 'pending')).all().length === 0, 15_000, 'deliveries to settle');
    },
    dmsTo: (identity) => shown.filter((s) => s.kind === 'dm' && s.to === identity),
    get slackFake() {
      return needs(slackFake, 'slack');
    },
    get teamsFake() {
      return needs(teamsFake, 'teams');
    },
    get eventsUrl() {
      return slackEvents();
    },
    slash: (user, text) =>
      postSigned(slackEvents(), commandBody({ text, user_id: user, user_name: user.toLowerCase(), channel_id: SLACK_CHANNEL, channel_name: 'security-chiefs', response_url: needs(slackFake, 'slack').responseUrl() })),
    select: (user, blockId, value, responseId) =>
      postSigned(
        slackEvents(),
        interactionBody({
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
          channel: { id: SLACK_CHANNEL, name: 'security-chiefs' },
          container: { type: 'message', channel_id: SLACK_CHANNEL, is_ephemeral: false },
          response_url: needs(slackFake, 'slack').responseUrl(responseId),
          trigger_id: `trigger-${responseId}`,
          actions: [{ type: 'static_select', action_id: 'checklist.mark', block_id: blockId, selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: '1' }],
        }),
      ),
    press: (user, blocks, label, responseId) => {
      const button = slackButton(blocks, label);
      return postSigned(
        slackEvents(),
        interactionBody({
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
          channel: { id: SLACK_CHANNEL, name: 'security-chiefs' },
          container: { type: 'message', channel_id: SLACK_CHANNEL, is_ephemeral: true },
          response_url: needs(slackFake, 'slack').responseUrl(responseId),
          trigger_id: `trigger-${responseId}`,
          actions: [{ type: 'button', action_id: button.action_id, block_id: 'b', value: button.value, action_ts: '1' }],
        }),
      );
    },
    teams: (activity) => postActivity(`${needs(base, 'teams')}/`, needs(teamsFake, 'teams'), teamsActivity(needs(teamsFake, 'teams'), activity)),
    async close() {
      await engine.close();
      for (const adapter of adapters) await adapter.stop();
      if (server) {
        const closing = server;
        await new Promise<void>((resolve) => {
          closing.close(() => resolve());
          closing.closeAllConnections();
        });
      }
      await slackFake?.close();
      await teamsFake?.close();
      db.$client.close();
    },
  };
}

/** Everything a card says: its body as rendered, and its notification fallback. */
export function fullText(card: Card): string {
  return [renderText(card).text, card.fallback ?? ''].join('\n');
}

/** Text of Block Kit blocks, as a reader sees it (mrkdwn unescaped only where Slack would). */
export function blockText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'options' && k !== 'placeholder') walk(v);
  };
  walk(blocks);
  return out.join('\n');
}

/** `until` from the engine helpers, with the description first as these suites write it. */
export function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  return waitUntil(check, timeoutMs, what);
}

export function consoleTurn(identity: Identity, overrides: Partial<Turn> = {}): Turn {
  return { platform: identity.platform, identity, conversation: 'console:local', scope: 'console', prefix: '/ppp ', ...overrides };
}

export const person = (id: string, platform: Identity['platform'] = 'console'): Identity => ({ platform, id });

/** A mention as an adapter hands it to the bot: the platform said who it is (typed text never is one). */
export const mention = (who: Identity, label: string): LinePart => ({ mention: who, label });

/** A Block Kit button by its text, anywhere in these blocks. */
function slackButton(blocks: unknown, label: string): { action_id: string; value?: string } {
  let found: { action_id: string; value?: string } | undefined;
  const walk = (node: unknown): void => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const o = node as Record<string, unknown>;
    if (o.type === 'button' && (o.text as { text?: unknown } | undefined)?.text === label) {
      found = { action_id: String(o.action_id), ...(typeof o.value === 'string' ? { value: o.value } : {}) };
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(blocks);
  if (!found) throw new Error(`no ${label} button in ${JSON.stringify(blocks).slice(0, 400)}`);
  return found;
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
