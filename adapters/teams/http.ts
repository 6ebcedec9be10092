// `POST /api/messages` on the shared node:http server: reads the JSON body for this route only (with
// a size limit), answers 400 to anything that is not an activity, checks the Bot Framework's token
// itself — 401 for a bad one, 503 while the signing keys are out of reach, never botbuilder's own
// error text — refuses every channel but Teams, and runs the turn on the CloudAdapter.
// @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import type { Log } from '../../src/core/log.js';
import type { RouteHandler } from '../../src/platform.js';
import { activityProblem } from './activity-shape.js';
import type { TeamsCloudAdapter } from './adapter.js';
import { fromChannelIssuer, type AuthenticatedRequest, type BotFrameworkAuthentication } from './auth.js';
import { safeError } from './errors.js';

/** Activities are small; a card submit with long answers stays far below this. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Past this the sender is not a Bot Framework service: stop reading and close the connection. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

/** The answer to an activity from any Bot Framework channel but Teams (Web Chat, Direct Line, the Emulator). */
export const NOT_TEAMS = 'PPP Bot serves Microsoft Teams only (channelId msteams)';

/** The answer while incoming tokens cannot be checked (the signing keys are out of reach): nothing internal. */
export const AUTH_UNAVAILABLE = 'Authentication is unavailable right now; try again later.';

type BodyResult = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

export function readActivityBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > DRAIN_LIMIT) {
        req.destroy();
        return;
      }
      // Keep reading (and dropping) an oversized body so the client can read the 400 we answer.
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => resolve({ ok: false, reason: 'the request body could not be read' }));
    req.on('close', () => resolve({ ok: false, reason: 'the request body could not be read' }));
    req.on('end', () => {
      if (tooLarge) return resolve({ ok: false, reason: `the body is larger than ${limit} bytes` });
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return resolve({ ok: false, reason: 'the body is not JSON' });
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return resolve({ ok: false, reason: 'the body is not a JSON object' });
      }
      const body = parsed as Record<string, unknown>;
      const problem = activityProblem(body);
      if (problem) return resolve({ ok: false, reason: problem });
      resolve({ ok: true, body });
    });
  });
}

function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end(text);
}

/** An invoke's answer (file consent) as botbuilder's own route would write it. */
function answerInvoke(res: ServerResponse, response: { status: number; body?: unknown } | undefined): void {
  if (res.headersSent) return;
  const status = response?.status ?? 200;
  if (response?.body === undefined || response.body === null) {
    res.writeHead(status).end();
  } else {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(response.body));
  }
}

// What the token library throws for a token that is wrong (bad signature, expired, not yet valid).
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * True when authentication failed because of the token; false when the token could not be checked
 * at all (the OpenID metadata or keys could not be fetched or read), which is no fault of the caller.
 */
export function isTokenRefusal(err: unknown): boolean {
  const e = err as { statusCode?: unknown; name?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  // botbuilder's AuthenticationError: 401 for the token, 500 for "Failed to load openID config/Keys".
  if (e.statusCode === 401 || e.statusCode === 403) return true;
  return TOKEN_ERRORS.has(String(e.name));
}

/** botbuilder reads the timestamps as dates, and keeps the strings (its validateAndFixActivity). */
function toActivity(body: Record<string, unknown>): Activity {
  const activity = { ...body } as Record<string, unknown>;
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['localTimestamp', 'rawLocalTimestamp'], ['expiration', 'rawExpiration']] as const) {
    if (typeof activity[field] === 'string') {
      activity[raw] = activity[field];
      activity[field] = new Date(activity[field] as string);
    }
  }
  return activity as unknown as Activity;
}

export function messagesRoute(options: {
  adapter: TeamsCloudAdapter;
  auth: BotFrameworkAuthentication;
  logic: (ctx: TurnContext) => Promise<void>;
  /** With an app id, an activity must carry the Bot Framework's signed token. */
  authenticated: boolean;
  log: Log;
  /** Told whether tokens could be checked, for /healthz. */
  onKeys?: (reachable: boolean) => void;
}): RouteHandler {
  const { adapter, auth, logic, authenticated, log, onKeys } = options;
  return async (req, res) => {
    const body = await readActivityBody(req);
    if (!body.ok) {
      log.warn({ reason: body.reason }, 'refused a request on /api/messages that is not a Bot Framework activity');
      answer(res, 400, `not a Bot Framework activity: ${body.reason}`);
      return;
    }
    const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    // Checked here as well as by botbuilder, which would print a stack trace for each refusal, and
    // would first read a stranger's token in a way that costs memory (fromChannelIssuer says how).
    if (authenticated && !fromChannelIssuer(header)) {
      log.warn({ hasHeader: header !== '' }, 'refused an activity without a Bot Framework token on /api/messages');
      answer(res, 401, 'unauthorized');
      return;
    }
    const activity = toActivity(body.body);

    let checked: AuthenticatedRequest;
    try {
      checked = await auth.authenticateRequest(activity, header);
      if (authenticated) onKeys?.(true);
    } catch (err) {
      if (isTokenRefusal(err)) {
        log.warn({ reason: safeError(err).message }, 'refused an activity whose token did not check out');
        answer(res, 401, 'unauthorized');
        return;
      }
      // The detail (which endpoint, what failed) is for the operator; the caller may try again later.
      onKeys?.(false);
      log.error({ err: safeError(err) }, 'could not check an activity’s token: the Bot Framework’s signing keys are out of reach');
      answer(res, 503, AUTH_UNAVAILABLE, { 'retry-after': '30' });
      return;
    }

    // A sender on Web Chat or Direct Line is whoever the client says; PPP serves Teams alone.
    if (activity.channelId !== 'msteams') {
      log.warn({ channelId: String(activity.channelId).slice(0, 40) }, 'refused an activity not from Microsoft Teams');
      answer(res, 403, NOT_TEAMS);
      return;
    }

    try {
      answerInvoke(res, await adapter.runAuthenticated(checked, activity, logic));
    } catch (err) {
      // The turn's own errors end in onTurnError; this is a failure around it (a malformed field).
      log.warn({ err: safeError(err) }, 'could not process an activity');
      answer(res, 400, 'not a usable Bot Framework activity');
    }
  };
}
