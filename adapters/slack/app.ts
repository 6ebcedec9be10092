// Builds the Bolt app: its receiver (HTTP on the shared server, or Socket Mode) and the Web API client
// every call goes through, with retries off — the job queue owns retries and pacing.
// @see https://docs.slack.dev/tools/bolt-js/reference#app-options
import { App, HTTPReceiver, SocketModeReceiver, type Authorize, type Logger, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';
import type { Log } from '../../src/core/log.js';
import type { Route } from '../../src/platform.js';

export const EVENTS_PATH = '/slack/events';

/** Slack's payloads are small; a view submission with every field full is well under this. */
const BODY_LIMIT = 1024 * 1024;

export interface ClientSettings {
  apiUrl?: string;
  timeoutMs: number;
  logger: Logger;
}

/** Web API options: one bounded attempt per call; a 429 is handed back at once, with its Retry-After. */
export function webClientOptions(settings: ClientSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.timeoutMs,
    logger: settings.logger,
  };
}

export function createWebClient(token: string, settings: ClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, webClientOptions(settings));
}

export interface BoltParts {
  app: App;
  routes: Route[];
  /** Set in Socket Mode, where the connection is the receiver's. */
  socket?: SocketModeReceiver;
}

export function createBoltApp(
  config: SlackConfig,
  options: { log: Log; logger: Logger; authorize: Authorize<boolean>; client: ClientSettings },
): BoltParts {
  const { log, logger } = options;
  let receiver: HTTPReceiver | SocketModeReceiver;
  let routes: Route[] = [];
  let socket: SocketModeReceiver | undefined;
  if (config.appToken) {
    socket = new SocketModeReceiver({
      appToken: config.appToken,
      logger,
      // Reconnection is ours (socket.ts): the library's own loop can end in an unhandled rejection
      // when Slack is unreachable, which would take the whole process down.
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: webClientOptions(options.client) },
    });
    receiver = socket;
  } else {
    const http = new HTTPReceiver({
      signingSecret: config.signingSecret,
      endpoints: EVENTS_PATH,
      logger,
      processBeforeResponse: false,
      bodyLimit: BODY_LIMIT,
      // A signed payload nobody listens for (no type, no action id) gets a plain 400, not Bolt's 404.
      unhandledRequestHandler: ({ response }) => {
        log.warn('a signed Slack request matched no handler and was refused');
        if (!response.headersSent) response.writeHead(400).end();
      },
    });
    receiver = http;
    routes = [
      {
        method: 'POST',
        path: EVENTS_PATH,
        // Bolt reads the raw body itself: the signature is over the exact bytes Slack sent.
        handler: (req, res) => {
          // Refused before Bolt reads it, closing the connection: a half-read body would otherwise
          // leave the kept-alive connection stuck behind it.
          if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) {
            req.resume();
            res.writeHead(413, { connection: 'close' }).end();
            return;
          }
          try {
            http.requestListener(req, res);
          } catch {
            if (!res.headersSent) res.writeHead(404).end();
          }
        },
      },
    ];
  }
  const app = new App({
    receiver,
    authorize: options.authorize,
    // auth.test is ours to call (connection.ts), so an invalid token or an unreachable Slack is
    // handled deliberately instead of surfacing as an unhandled rejection from the constructor.
    deferInitialization: true,
    logger,
    clientOptions: webClientOptions(options.client),
    // Bolt's in-memory conversation store is unused here and costs a lookup per request.
    convoStore: false,
  });
  return socket ? { app, routes, socket } : { app, routes };
}
