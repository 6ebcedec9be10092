// Builds the Bolt app: its receiver (HTTP on the shared server, or Socket Mode) and the Web API client
// every call goes through, with retries off — the job queue owns retries and pacing.
// @see https://docs.slack.dev/tools/bolt-js/reference#app-options
import type { IncomingMessage } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver, verifySlackRequest, type Authorize, type Logger, webApi } from '@slack/bolt';
import type { SlackConfig } from '../../src/config.js';
import type { Log } from '../../src/core/log.js';
import type { Fetch } from '../../src/http/client.js';
import type { Route } from '../../src/platform.js';
import { describeError } from './errors.js';
import { judgeSlackBody } from './request-gate.js';

export const EVENTS_PATH = '/slack/events';

/** Slack's payloads are small; a view submission with every field full is well under this. */
const BODY_LIMIT = 1024 * 1024;

export interface ClientSettings {
  apiUrl?: string;
  timeoutMs: number;
  logger: Logger;
  /** The transport (the Web API client's documented `fetch` hook): kept-alive connections, src/http/client.ts. */
  fetch?: Fetch;
}

/** Web API options: one bounded attempt per call; a 429 is handed back at once, with its Retry-After. */
export function webClientOptions(settings: ClientSettings): webApi.WebClientOptions {
  return {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: settings.timeoutMs,
    logger: settings.logger,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
}

export function createWebClient(token: string, settings: ClientSettings): webApi.WebClient {
  return new webApi.WebClient(token, webClientOptions(settings));
}

/** The body, read whole; `too-large` past `limit` bytes, `gone` when the client left mid-body. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'gone'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve('gone'));
    req.on('aborted', () => resolve('gone'));
    req.on('close', () => resolve('gone')); // after 'end' this changes nothing: a promise settles once
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
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
      // The route below verifies every request's signature over its raw bytes before Bolt sees it;
      // a second check would cost an HMAC and a timing-safe compare per click for nothing.
      signatureVerification: false,
      bodyLimit: BODY_LIMIT,
      // A signed payload nobody listens for (no type, no action id) gets a plain 400, not Bolt's 404.
      unhandledRequestHandler: ({ response }) => {
        log.warn('a signed Slack request matched no handler and was refused');
        if (!response.headersSent) response.writeHead(400).end();
      },
      // Handlers answer their own failures, so what reaches here is a body Bolt could not digest: a
      // 400, never Bolt's 500 (the request gate should have refused it already).
      processEventErrorHandler: async ({ error, response }) => {
        log.warn({ reason: describeError(error) }, 'a Slack request failed inside Bolt and was refused');
        if (!response.headersSent) response.writeHead(400).end();
        return true;
      },
    });
    receiver = http;
    routes = [
      {
        method: 'POST',
        path: EVENTS_PATH,
        // The raw body is read here (the signature is over the exact bytes Slack sent), checked, and
        // handed to Bolt already read: Bolt takes a request with `rawBody` as it is.
        handler: async (req, res) => {
          // Refused before the body is read, closing the connection: a half-read body would otherwise
          // leave the kept-alive connection stuck behind it.
          if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT) {
            req.resume();
            res.writeHead(413, { connection: 'close' }).end();
            return;
          }
          try {
            const raw = await readBody(req, BODY_LIMIT);
            if (raw === 'gone') return;
            if (raw === 'too-large') {
              res.writeHead(413, { connection: 'close' }).end();
              return;
            }
            const text = raw.toString('utf8');
            // Checked once, here (Bolt is told not to check again): unsigned, forged or stale is a 401,
            // logged with Bolt's reason (which names no secret).
            try {
              verifySlackRequest({
                signingSecret: config.signingSecret,
                body: text,
                headers: { 'x-slack-signature': header(req, 'x-slack-signature') ?? '', 'x-slack-request-timestamp': Number(header(req, 'x-slack-request-timestamp')) },
              });
            } catch (err) {
              log.warn({ reason: describeError(err) }, 'a Slack request that is not signed as Slack signs them was refused');
              res.writeHead(401).end();
              return;
            }
            const verdict = judgeSlackBody(text, req.headers['content-type']);
            if (!verdict.pass) {
              if (verdict.status === 400) log.warn({ reason: verdict.reason }, 'a malformed Slack request was refused');
              else log.info({ reason: verdict.reason }, 'a Slack notice was acknowledged');
              res.writeHead(verdict.status).end();
              return;
            }
            Object.assign(req, { rawBody: raw });
            http.requestListener(req, res);
          } catch (err) {
            log.warn({ reason: describeError(err) }, 'a Slack request could not be read and was refused');
            if (!res.headersSent) res.writeHead(400).end();
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
