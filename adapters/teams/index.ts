// The Teams adapter's entry point: Bot Framework authentication, the CloudAdapter behind
// `POST /api/messages`, the turn handler and the Messenger for proactive sends. Everything that
// imports botbuilder lives in this folder, so moving to the Teams SDK later touches nothing else.
import type { AdapterDeps } from '../../src/adapter-deps.js';
import type { TeamsConfig } from '../../src/config.js';
import type { PlatformAdapter } from '../../src/platform.js';
import { createCloudAdapter } from './adapter.js';
import { createTeamsAuth, type Signer } from './auth.js';
import { createKeepAliveFetch } from '../../src/http/client.js';
import { Connector } from './connector.js';
import { createTurnHandler } from './handler.js';
import { messagesRoute } from './http.js';
import { TeamsMessenger } from './messenger.js';

export interface TeamsAdapterOptions {
  /** How long a proactive Bot Connector call may take before its fate counts as unknown. */
  sendTimeoutMs?: number;
}

/** How long a failure to get a token, or to fetch the signing keys, keeps /healthz at "degraded". */
const TOKEN_TROUBLE_MS = 5 * 60_000;

export async function createTeamsAdapter(
  config: TeamsConfig,
  deps: AdapterDeps,
  options: TeamsAdapterOptions = {},
): Promise<PlatformAdapter> {
  const { bot, services } = deps;
  const log = services.log.child({ platform: 'teams' });
  const auth = createTeamsAuth(config);

  let tokenTroubleAt: number | undefined;
  let keysTroubleAt: number | undefined;
  const sign: Signer = async (headers) => {
    try {
      await auth.sign(headers);
      tokenTroubleAt = undefined;
    } catch (err) {
      tokenTroubleAt = Date.now();
      throw err;
    }
  };

  const keepAlive = createKeepAliveFetch();
  const connector = new Connector(sign, options.sendTimeoutMs, keepAlive, keepAlive.postJson);
  const messenger = new TeamsMessenger(services.db, connector, services.clock);
  const cloudAdapter = createCloudAdapter(auth.botFrameworkAuth, log);
  const logic = createTurnHandler({ bot, services, messenger, log });

  // A worker process (npm run worker) only sends; the serving process owns /api/messages.
  const serving = deps.role !== 'worker';
  if (serving && config.anonymous) {
    log.warn('Teams is enabled without credentials (TEAMS_ENABLED): /api/messages accepts unsigned activities; for local testing only');
  }

  return {
    platform: 'teams',
    routes: serving
      ? [
          {
            method: 'POST',
            path: '/api/messages',
            handler: messagesRoute({
              adapter: cloudAdapter,
              auth: auth.botFrameworkAuth,
              logic,
              authenticated: !config.anonymous,
              log,
              onKeys: (reachable) => void (keysTroubleAt = reachable ? undefined : Date.now()),
            }),
          },
        ]
      : [],
    messenger,
    health() {
      if (tokenTroubleAt !== undefined && Date.now() - tokenTroubleAt < TOKEN_TROUBLE_MS) return 'degraded: no Bot Framework token';
      if (keysTroubleAt !== undefined && Date.now() - keysTroubleAt < TOKEN_TROUBLE_MS) return 'degraded: cannot fetch the Bot Framework signing keys';
      return 'ok';
    },
    // Nothing to connect: Teams calls us, and tokens are fetched when the first send needs one.
    async start() {},
    async stop() {},
  };
}
