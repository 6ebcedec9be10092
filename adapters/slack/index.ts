// The Slack adapter's entry point: wires Bolt, the handlers, the Messenger and the connection into the
// PlatformAdapter the composition root (src/main.ts) starts, mounts and asks for health.
import type { AdapterDeps } from '../../src/adapter-deps.js';
import type { SlackConfig } from '../../src/config.js';
import { createKeepAliveFetch } from '../../src/http/client.js';
import type { PlatformAdapter, Route } from '../../src/platform.js';
import type { App } from '@slack/bolt';
import { registerActions } from './actions.js';
import { createBoltApp, createWebClient, type ClientSettings } from './app.js';
import { registerCommands } from './commands.js';
import { DEFAULT_RETRY, SlackConnection, type RetryPolicy } from './connection.js';
import { describeError } from './errors.js';
import { boltLogger } from './logger.js';
import { DmChannels } from './dm-channels.js';
import { SlackMessenger } from './messenger.js';
import { registerViews } from './modals.js';
import { EVENTS, handleEvent, type SlackEvent } from './events.js';
import type { SlackContext } from './replies.js';

export { cardToBlockKit, cardToMessage, escapeMrkdwn } from './cards.js';

/** Tunables; the defaults are what production runs with. Tests shorten them. */
export interface SlackAdapterOptions {
  /** How long a command may run before it is acknowledged without its answer (Slack allows 3,000 ms). */
  ackBudgetMs?: number;
  /** Bound on each Web API or response_url call. */
  apiTimeoutMs?: number;
  /** Backoff for reconnecting to an unreachable Slack. */
  retry?: RetryPolicy;
  /** How long Socket Mode may take to say hello before the attempt counts as failed. */
  helloTimeoutMs?: number;
}

function registerHandlers(app: App, conn: SlackConnection, ctx: SlackContext): void {
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerViews(app, ctx);
  // One listener for every event: Bolt runs every listener's filters on every request, commands included.
  app.event(EVENTS, async ({ event }) => handleEvent(event as SlackEvent, conn, ctx));
  app.error(async (err) => {
    ctx.log.error({ reason: describeError(err) }, 'Slack request failed');
    // Rethrown so the receiver answers a request nobody acknowledged (with 400: app.ts).
    throw err;
  });
}

export async function createSlackAdapter(config: SlackConfig, deps: AdapterDeps, options: SlackAdapterOptions = {}): Promise<PlatformAdapter> {
  const log = deps.services.log.child({ platform: 'slack' });
  const logger = boltLogger(log);
  const keepAlive = createKeepAliveFetch();
  const client: ClientSettings = { timeoutMs: options.apiTimeoutMs ?? 10_000, logger, fetch: keepAlive, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) };
  const web = createWebClient(config.botToken, client);

  const retry = options.retry ?? DEFAULT_RETRY;
  const helloTimeoutMs = options.helloTimeoutMs ?? 15_000;

  // A worker process (npm run worker) only sends: no routes, no Socket Mode, no Bolt app at all.
  let conn: SlackConnection;
  let routes: Route[] = [];
  let init: () => Promise<void> = async () => undefined;
  if (deps.role === 'worker') {
    conn = new SlackConnection(web, config.botToken, log, { retry, helloTimeoutMs });
  } else {
    // Bolt's authorize reads the connection, which is built after the app (it needs the socket).
    let connection: SlackConnection | undefined;
    const bolt = createBoltApp(config, { log, logger, client, authorize: () => connection!.authorize() });
    connection = new SlackConnection(web, config.botToken, log, { retry, helloTimeoutMs, ...(bolt.socket ? { socket: bolt.socket } : {}) });
    conn = connection;
    routes = bolt.routes;
    init = () => bolt.app.init();
    registerHandlers(bolt.app, conn, {
      bot: deps.bot,
      web,
      log,
      // Slack's 3 s include the trip both ways; 2 s leaves room for a slow network.
      ackBudgetMs: options.ackBudgetMs ?? 2000,
      apiTimeoutMs: client.timeoutMs,
    });
  }

  const messenger = new SlackMessenger(web, () => conn.teamId() ?? 'T0', () => conn.botUserId(), new DmChannels(deps.services.db, deps.services.clock), {
    postJson: keepAlive.postJson,
    timeoutMs: client.timeoutMs,
  });
  return {
    platform: 'slack',
    routes,
    messenger,
    health: () => conn.health(),
    async start() {
      await init();
      await conn.start();
    },
    async stop() {
      await conn.stop();
    },
  };
}
