// The real Teams adapter on the real HTTP server (127.0.0.1, a free port), with real services over an
// in-memory database and a fake connector on loopback; a test drives it by POSTing activities.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createTeamsAdapter } from '../../../adapters/teams/index.js';
import type { Db } from '../../../db/client.js';
import { createBot, type Bot } from '../../../src/bot.js';
import type { Registry } from '../../../src/commands/registry.js';
import type { TeamsConfig } from '../../../src/config.js';
import { createHttpServer } from '../../../src/http/server.js';
import type { MessengerHub } from '../../../src/messenger.js';
import type { PlatformAdapter } from '../../../src/platform.js';
import { FakeTeams, postActivity, teamsActivity, type ActivityOptions, type Posted } from '../../helpers/fake-teams.js';
import { buildServices, type TestServices } from '../../helpers/services.js';

export const ANONYMOUS: TeamsConfig = { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', anonymous: true };

export interface Harness {
  url: string;
  fake: FakeTeams;
  db: Db;
  bot: Bot;
  adapter: PlatformAdapter;
  hub: MessengerHub;
  services: TestServices;
  /** Log lines the adapter wrote, parsed. */
  logs: Record<string, unknown>[];
  send(options: ActivityOptions): Promise<Posted>;
  post(body: unknown, headers?: Record<string, string>): Promise<Posted>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { registry?: Registry; config?: TeamsConfig; sendTimeoutMs?: number; env?: Record<string, string>; clock?: () => Date } = {},
): Promise<Harness> {
  const fake = await FakeTeams.start();
  const logs: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const services = buildServices({
    log,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { db, messenger: hub } = services;
  const bot = createBot(services);
  const adapter = await createTeamsAdapter(options.config ?? ANONYMOUS, { bot, services }, {
    ...(options.sendTimeoutMs ? { sendTimeoutMs: options.sendTimeoutMs } : {}),
  });
  hub.add(adapter.messenger);
  await adapter.start();
  await services.outbox.start();
  const server: Server = createHttpServer({
    routes: adapter.routes,
    health: { db: () => 'ok', redis: () => 'ok', teams: () => adapter.health() },
    log,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    fake,
    db,
    bot,
    adapter,
    hub,
    services,
    logs,
    send: (activityOptions) => postActivity(url, fake, teamsActivity(fake, activityOptions)),
    post: (body, headers) => postActivity(url, fake, body, headers),
    async close() {
      await services.outbox.close();
      await adapter.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await fake.close();
      db.$client.close();
    },
  };
}
