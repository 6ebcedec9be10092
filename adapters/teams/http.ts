// `POST /api/messages` on the shared node:http server: reads the JSON body for this route only (with
// a size limit), answers 400 to anything that is not an activity, and hands the rest to CloudAdapter
// through a small Express-style request/response shim — botbuilder expects a parsed body.
// @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, Request as BotRequest, Response as BotResponse, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Log } from '../../src/core/log.js';
import type { RouteHandler } from '../../src/platform.js';
import { safeError } from './errors.js';

/** Activities are small; a card submit with long answers stays far below this. */
export const MAX_BODY_BYTES = 256 * 1024;
/** Past this the sender is not a Bot Framework service: stop reading and close the connection. */
const DRAIN_LIMIT = 8 * 1024 * 1024;

// Fields botbuilder reads before our code runs: a wrong type there would make it throw, and answer 500.
const activityShape = z.object({
  type: z.string().min(1).max(100),
  serviceUrl: z.string().optional(),
  channelId: z.string().optional(),
  id: z.string().optional(),
  text: z.string().optional(),
  conversation: z.object({ id: z.string().optional() }).passthrough().optional(),
  from: z.object({ id: z.string().optional() }).passthrough().optional(),
  recipient: z.object({ id: z.string().optional() }).passthrough().optional(),
  entities: z.array(z.record(z.string(), z.unknown())).optional(),
  timestamp: z.string().optional(),
  localTimestamp: z.string().optional(),
  expiration: z.string().optional(),
});

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
      if (typeof body.type !== 'string' || !body.type) return resolve({ ok: false, reason: 'the body has no activity type' });
      const shape = activityShape.safeParse(body);
      if (!shape.success) {
        const field = String(shape.error.issues[0]?.path[0] ?? 'activity');
        return resolve({ ok: false, reason: `the activity's ${field} has the wrong type` });
      }
      resolve({ ok: true, body });
    });
  });
}

/** The Express-like response CloudAdapter.process writes to, over a node:http ServerResponse. */
export function responseShim(res: ServerResponse): BotResponse {
  let status = 200;
  const shim: BotResponse = {
    socket: res.socket,
    status(code: number) {
      status = code;
      return shim;
    },
    header(name: string, value: unknown) {
      if (!res.headersSent) res.setHeader(name, String(value));
      return shim;
    },
    send(...args: unknown[]) {
      const body = args[0];
      if (res.headersSent) return shim;
      if (body === undefined || body === null) {
        res.writeHead(status);
      } else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.write(body);
      } else {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.write(JSON.stringify(body));
      }
      return shim;
    },
    end() {
      if (!res.headersSent) res.writeHead(status);
      if (!res.writableEnded) res.end();
      return shim;
    },
  };
  return shim;
}

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

export function messagesRoute(options: {
  adapter: CloudAdapter;
  logic: (ctx: TurnContext) => Promise<void>;
  /** With an app id, an activity must carry the Bot Framework's signed token. */
  authenticated: boolean;
  log: Log;
}): RouteHandler {
  const { adapter, logic, authenticated, log } = options;
  return async (req, res) => {
    const body = await readActivityBody(req);
    if (!body.ok) {
      log.warn({ reason: body.reason }, 'refused a request on /api/messages that is not a Bot Framework activity');
      answer(res, 400, `not a Bot Framework activity: ${body.reason}`);
      return;
    }
    // Checked here as well as by botbuilder, which would also print a stack trace for each refusal.
    if (authenticated && !req.headers.authorization) {
      log.warn('refused an unsigned activity on /api/messages');
      answer(res, 401, 'unauthorized');
      return;
    }
    const request: BotRequest = { method: 'POST', headers: req.headers, body: body.body };
    try {
      await adapter.process(request, responseShim(res), logic);
    } catch (err) {
      // process() answers 401/500 itself; this is a failure before it could (a malformed field).
      log.warn({ err: safeError(err) }, 'could not process an activity');
      answer(res, 400, 'not a usable Bot Framework activity');
    }
  };
}
