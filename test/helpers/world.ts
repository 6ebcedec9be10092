// One bot as src/main.ts wires it, for end-to-end tests across both platforms: the real Slack and Teams
// adapters on one HTTP server, a fake Slack and a fake Bot Framework connector on loopback, and a real
// delivery engine on the suite's Redis (random prefix). Nothing of ours is mocked.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSlackAdapter } from '../../adapters/slack/index.js';
import { createTeamsAdapter } from '../../adapters/teams/index.js';
import type { Db } from '../../db/client.js';
import type { DeliveryEngine } from '../../jobs/engine.js';
import { createBot, type Bot } from '../../src/bot.js';
import { createHttpServer } from '../../src/http/server.js';
import type { PlatformAdapter } from '../../src/platform.js';
import { memoryDb } from '../helpers/db.js';
import { until as waitUntil } from './engine.js';
import { BOT_TOKEN, commandBody, interactionBody, postSigned, SIGNING_SECRET, startFakeSlack, TEAM_ID, type FakeSlack, type Posted } from '../helpers/fake-slack.js';
import { FakeTeams, postActivity, teamsActivity, type ActivityOptions, type Posted as TeamsPosted } from '../helpers/fake-teams.js';
import { ANONYMOUS } from '../teams/harness.js';
import { buildServices, type TestServices } from './services.js';

export const SLACK_CHANNEL = 'C0CHIEFS';

export interface World {
  db: Db;
  bot: Bot;
  services: TestServices;
  engine: DeliveryEngine;
  slackFake: FakeSlack;
  teamsFake: FakeTeams;
  dataDir: string;
  /** POST /slack/events on the bot's server. */
  eventsUrl: string;
  /** A slash command from a Slack user in the chiefs' channel. */
  slash(user: string, text: string): Promise<Posted>;
  /** A block_actions request for a static_select choice, signed as Slack signs it. */
  select(user: string, blockId: string, value: string, responseId: string): Promise<Posted>;
  /** A Teams activity to /api/messages. */
  teams(options: ActivityOptions): Promise<TeamsPosted>;
  close(): Promise<void>;
}

/** `redisUrl`: a private Redis a test may stop and start; `reconcileEveryMs`: far away to show nothing relies on it. */
export async function startWorld(options: { redisUrl?: string; reconcileEveryMs?: number } = {}): Promise<World> {
  const slackFake = await startFakeSlack();
  const teamsFake = await FakeTeams.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'ppp-checklist-'));
  const db = memoryDb();
  const services = buildServices({
    db,
    clock: () => new Date(),
    env: { DATA_DIR: dataDir, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackFake.apiUrl },
    prefix: `c${randomUUID().slice(0, 8)}`,
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.reconcileEveryMs ? { reconcileEveryMs: options.reconcileEveryMs } : {}),
  });
  const { config, log, outbox: engine } = services;
  const bot = createBot(services);
  const slack: PlatformAdapter = await createSlackAdapter(config.slack!, { bot, services }, { retry: { initialMs: 50, maxMs: 200 }, apiTimeoutMs: 5000 });
  services.messenger.add(slack.messenger);
  await slack.start();
  const teams: PlatformAdapter = await createTeamsAdapter(ANONYMOUS, { bot, services });
  services.messenger.add(teams.messenger);
  await teams.start();
  const server: Server = createHttpServer({ routes: [...slack.routes, ...teams.routes], health: { db: () => 'ok', redis: () => 'ok' }, log });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await engine.start();

  return {
    db,
    bot,
    services,
    engine,
    slackFake,
    teamsFake,
    dataDir,
    eventsUrl: `${base}/slack/events`,
    slash: (user, text) =>
      postSigned(`${base}/slack/events`, commandBody({ text, user_id: user, user_name: user.toLowerCase(), channel_id: SLACK_CHANNEL, channel_name: 'security-chiefs', response_url: slackFake.responseUrl() })),
    select: (user, blockId, value, responseId) =>
      postSigned(
        `${base}/slack/events`,
        interactionBody({
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: user, username: user.toLowerCase(), team_id: TEAM_ID },
          channel: { id: SLACK_CHANNEL, name: 'security-chiefs' },
          container: { type: 'message', channel_id: SLACK_CHANNEL, is_ephemeral: false },
          response_url: slackFake.responseUrl(responseId),
          trigger_id: `trigger-${responseId}`,
          actions: [{ type: 'static_select', action_id: 'checklist.mark', block_id: blockId, selected_option: { text: { type: 'plain_text', text: value }, value }, action_ts: '1' }],
        }),
      ),
    teams: (options) => postActivity(`${base}/`, teamsFake, teamsActivity(teamsFake, options)),
    async close() {
      await engine.close();
      await slack.stop();
      await teams.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await slackFake.close();
      await teamsFake.close();
      db.$client.close();
    },
  };
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
