// A fake Slack on loopback: the Web API methods the bot calls (recorded, scriptable per call),
// response_url endpoints, and a Socket Mode WebSocket; plus signed requests as Slack sends them.
// @see https://docs.slack.dev/authentication/verifying-requests-from-slack
import { createHmac, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  /** Set when a limit refused the call (429 or 503). */
  refused?: number;
  /** When the call arrived (performance.now() of this process), for benchmarks. */
  at?: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
}

/** A scripted answer for the next call of a method: a status and body (after `delayMs`), a call that never answers, or a dropped connection. */
export type Scripted = { status?: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } | 'hang' | 'drop';

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

export const BOT_TOKEN = 'xoxb-1111-2222-fakebottoken';
export const APP_TOKEN = 'xapp-1-A111-2222-fakeapptoken';
export const SIGNING_SECRET = 'f00dfeedc0ffee1234567890abcdef12';
export const TEAM_ID = 'T0TEST';

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.startsWith('application/json')) {
    try {
      return JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // kept as text
      }
    }
    params[key] = value;
  }
  return params;
}

/** A file a user uploaded to Slack, as files.info and its private download link serve it. */
export interface HostedFile {
  id: string;
  name: string;
  mimetype: string;
  content: Buffer;
}

export class FakeSlack extends EventEmitter {
  readonly calls: SlackCall[] = [];
  /** Bytes the bot sent to an upload URL from files.getUploadURLExternal, by file id. */
  readonly uploads: { fileId: string; content: Buffer }[] = [];
  /** Files users chose in a modal: files.info describes them, /files-pri/ serves them to the bot token. */
  readonly hosted = new Map<string, HostedFile>();
  /** Downloads of hosted files, with the token each carried. */
  readonly downloads: { fileId: string; token: string | undefined }[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly envelopeAcks: { envelope_id: string; payload?: Record<string, unknown> }[] = [];
  /** Tokens auth.test (and apps.connections.open) answer `invalid_auth` for. */
  readonly invalidTokens = new Set<string>();
  readonly sockets = new Set<WebSocket>();
  private readonly scripts = new Map<string, Scripted[]>();
  /** Per-method limits like Slack's: one accepted call per channel per interval, and random 503s. */
  private readonly limits = new Map<string, { intervalMs: number; retryAfterS: number; failRate: number; random: () => number; last: Map<string, number> }>();
  /** Who conversations.members answers is in each channel (the bot alone when unset). */
  readonly channelMembers = new Map<string, string[]>();
  /** Calls refused by a limit (429) or by a random failure (503), by method. */
  readonly refused: { method: string; channel: string; status: number }[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private ts = 0;
  private readonly wss = new WebSocketServer({ noServer: true });

  constructor(readonly server: Server) {
    super();
    this.setMaxListeners(100);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string = randomUUID()): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Answers the next calls of `method` (or of `response_url`) with these, in order, then the defaults. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripts.set(method, [...(this.scripts.get(method) ?? []), ...answers]);
  }

  /**
   * Enforces a per-channel rate on `method` as Slack does for chat.postMessage (about one a second):
   * a call sooner than `intervalMs` after the last accepted one to that channel gets 429 with
   * Retry-After; a `failRate` share of calls gets 503. `seed` makes the failures repeatable.
   */
  limit(method: string, options: { intervalMs: number; retryAfterS?: number; failRate?: number; seed?: number }): void {
    let state = options.seed ?? 1;
    const random = () => {
      // mulberry32: a small repeatable generator, so a benchmark's 503s are the same every run.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    this.limits.set(method, { intervalMs: options.intervalMs, retryAfterS: options.retryAfterS ?? 1, failRate: options.failRate ?? 0, random, last: new Map() });
  }

  /** Calls the fake accepted (not refused by a limit). */
  acceptedTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method && !c.refused);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first truthy value of `check`, re-checked whenever the fake records something (and every 25 ms). */
  waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000, what = 'a call to the fake Slack'): Promise<T> {
    return new Promise((resolve, reject) => {
      const test = () => {
        const value = check();
        if (value) {
          clearTimeout(timer);
          clearInterval(poll);
          this.off('change', test);
          resolve(value);
        }
      };
      const poll = setInterval(test, 25);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.off('change', test);
        reject(new Error(`timed out waiting for ${what}; calls so far: ${this.calls.map((c) => c.method).join(', ') || 'none'}`));
      }, timeoutMs);
      this.on('change', test);
      test();
    });
  }

  waitForCall(method: string, n = 1, timeoutMs?: number): Promise<SlackCall> {
    return this.waitFor(() => this.callsTo(method)[n - 1], timeoutMs, `call ${n} to ${method}`);
  }

  private nextTs(): string {
    this.ts++;
    return `1790000000.${String(this.ts).padStart(6, '0')}`;
  }

  private defaultAnswer(call: SlackCall): unknown {
    const p = call.params;
    switch (call.method) {
      case 'auth.test':
        if (!call.token || this.invalidTokens.has(call.token)) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: 'https://test.slack.com/', team: 'Test Workspace', user: 'ppp', team_id: TEAM_ID, user_id: 'UBOT0001', bot_id: 'BBOT0001' };
      case 'apps.connections.open':
        if (!call.token?.startsWith('xapp-') || this.invalidTokens.has(call.token)) return { ok: false, error: 'invalid_auth' };
        return { ok: true, url: `ws://127.0.0.1:${this.port}/link/?ticket=${randomUUID()}` };
      case 'chat.postMessage': {
        const ts = this.nextTs();
        return { ok: true, channel: p.channel, ts, message: { ts, text: p.text, blocks: p.blocks } };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.nextTs() };
      case 'chat.update':
        return { ok: true, channel: p.channel, ts: p.ts, text: p.text };
      case 'views.open':
        return { ok: true, view: { id: `V${this.ts++}`, ...(p.view as object) } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(p.users).replace(/[^A-Z0-9]/g, '')}` } };
      case 'conversations.members':
        return { ok: true, members: this.channelMembers.get(String(p.channel)) ?? ['UBOT0001'], response_metadata: { next_cursor: '' } };
      case 'users.info':
        return { ok: true, user: { id: p.user, name: 'jane.doe', real_name: 'Jane Doe', profile: { display_name: 'Jane', real_name: 'Jane Doe' } } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++this.ts).padStart(8, '0')}`;
        return { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        // Sent form-encoded, `files` is JSON text.
        const files = (typeof p.files === 'string' ? JSON.parse(p.files) : (p.files ?? [])) as { id: string; title?: string }[];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'files.info': {
        const file = this.hosted.get(String(p.file));
        if (!file) return { ok: false, error: 'file_not_found' };
        const url = `http://127.0.0.1:${this.port}/files-pri/${file.id}/${encodeURIComponent(file.name)}`;
        return { ok: true, file: { id: file.id, name: file.name, mimetype: file.mimetype, size: file.content.length, url_private: url, url_private_download: url } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private answer(res: ServerResponse, key: string, fallback: () => unknown): void {
    const scripted = this.scripts.get(key)?.shift();
    if (scripted === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (scripted === 'drop') {
      res.socket?.destroy();
      return;
    }
    const status = scripted?.status ?? 200;
    const body = scripted && 'body' in scripted ? scripted.body : fallback();
    const send = () => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(scripted?.headers ?? {}) });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (scripted?.delayMs) setTimeout(send, scripted.delayMs);
    else send();
  }

  /** Puts a file in the fake workspace, as if a user had chosen it in a file input; returns its id. */
  hostFile(name: string, content: Buffer | string, mimetype = 'text/csv'): string {
    const id = `F0HOSTED${this.hosted.size + 1}`;
    this.hosted.set(id, { id, name, mimetype, content: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') });
    return id;
  }

  handle(req: IncomingMessage, res: ServerResponse, raw: string, bytes: Buffer = Buffer.from(raw, 'utf8')): void {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path.startsWith('/upload/')) {
      this.uploads.push({ fileId: path.slice('/upload/'.length), content: bytes });
      this.emit('change');
      this.answer(res, 'upload', () => 'OK - uploaded');
      return;
    }
    if (req.method === 'GET' && path.startsWith('/files-pri/')) {
      const file = this.hosted.get(path.split('/')[2] ?? '');
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      this.downloads.push({ fileId: file?.id ?? '', token });
      this.emit('change');
      // Slack answers a download without a valid token with its sign-in page, not an error status.
      if (!file || token !== BOT_TOKEN) {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to Slack</html>');
        return;
      }
      res.writeHead(200, { 'content-type': file.mimetype }).end(file.content);
      return;
    }
    if (req.method === 'POST' && path.startsWith('/api/')) {
      const params = parseBody(raw, req.headers['content-type']);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof params.token === 'string' ? params.token : undefined;
      const call: SlackCall = { method: path.slice('/api/'.length), params, token, at: performance.now() };
      this.calls.push(call);
      const limit = this.limits.get(call.method);
      if (limit) {
        const channel = String(params.channel ?? '');
        const now = Date.now();
        const refuse = (status: number, headers: Record<string, string>, body: unknown) => {
          call.refused = status;
          this.refused.push({ method: call.method, channel, status });
          this.emit('change');
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
        };
        const last = limit.last.get(channel);
        if (last !== undefined && now - last < limit.intervalMs) {
          return refuse(429, { 'retry-after': String(limit.retryAfterS) }, { ok: false, error: 'ratelimited' });
        }
        if (limit.failRate > 0 && limit.random() < limit.failRate) return refuse(503, {}, { ok: false, error: 'service_unavailable' });
        limit.last.set(channel, now);
      }
      this.emit('change');
      this.answer(res, call.method, () => this.defaultAnswer(call));
      return;
    }
    if (req.method === 'POST' && path.startsWith('/response/')) {
      this.responses.push({ id: path.slice('/response/'.length), body: parseBody(raw, 'application/json') });
      this.emit('change');
      this.answer(res, 'response_url', () => ({ ok: true }));
      return;
    }
    res.writeHead(404).end();
  }

  upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    if (!(req.url ?? '').startsWith('/link')) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
        this.emit('change');
      });
      ws.on('message', (data) => {
        try {
          const msg = JSON.parse(String(data)) as { envelope_id: string; payload?: Record<string, unknown> };
          this.envelopeAcks.push(msg);
          this.emit('change');
        } catch {
          // not an acknowledgement
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A111' }, debug_info: { host: 'fake' } }));
      this.emit('change');
    });
  }

  /** Sends a Socket Mode envelope to every connected client; resolves with the client's acknowledgement. */
  async sendEnvelope(type: string, payload: Record<string, unknown>, timeoutMs = 10_000): Promise<{ envelope_id: string; payload?: Record<string, unknown> }> {
    const envelopeId = randomUUID();
    const message = JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    for (const ws of this.sockets) ws.send(message);
    return this.waitFor(() => this.envelopeAcks.find((a) => a.envelope_id === envelopeId), timeoutMs, `the acknowledgement of envelope ${type}`);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.socket?.destroy();
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** Starts the fake on 127.0.0.1 (on `port` when given, so a bot configured earlier can find it). */
export async function startFakeSlack(options: { port?: number } = {}): Promise<FakeSlack> {
  let fake: FakeSlack | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      fake!.handle(req, res, bytes.toString('utf8'), bytes);
    });
  });
  fake = new FakeSlack(server);
  server.on('upgrade', (req, socket, head) => fake!.upgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return fake;
}

/** A port nothing listens on right now: for a Slack that is not there yet. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// ---- Requests as Slack sends them ----

/** `v0=` + HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function slackSignature(secret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export const FORM = 'application/x-www-form-urlencoded';

export function signedHeaders(secret: string, body: string, options: { timestamp?: number; contentType?: string } = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': options.contentType ?? FORM,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, body),
  };
}

export interface CommandFields {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  team_id?: string;
  channel_id?: string;
  channel_name?: string;
  response_url?: string;
  trigger_id?: string;
}

/** A slash command's body, urlencoded as Slack sends it. */
export function commandBody(fields: CommandFields & Record<string, string | undefined>): string {
  const all: Record<string, string | undefined> = {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    team_domain: 'test',
    channel_id: 'C0CHANNEL',
    channel_name: 'security-chiefs',
    user_id: 'U0STRANGER',
    user_name: 'stranger',
    command: '/ppp',
    text: 'help',
    api_app_id: 'A111',
    trigger_id: '1234.5678.abcdef',
    ...fields,
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== undefined) params.append(k, v);
  return params.toString();
}

/** An interaction (block_actions, view_submission) body: `payload=<json>`. */
export function interactionBody(payload: object): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** A press of a button on a message, as Slack sends it; defaults are what most tests need. */
export interface ButtonPress {
  user: string;
  /** The user's handle; their id in lower case unless given. */
  username?: string;
  channel: string;
  /** 'directmessage' for a D… channel, else 'security-chiefs', unless given. */
  channelName?: string;
  /** The ts of the message the button is on. */
  messageTs?: string;
  /** Also send `message: {ts}`, as Slack does for a message's buttons (handlers that edit the message read it). */
  withMessage?: boolean;
  responseUrl: string;
  triggerId?: string;
  actionId: string;
  value: string;
  actionTs?: string;
  /** The message's inputs, as `state.values`. */
  state?: Record<string, unknown>;
}

/** The `block_actions` body of one button press. */
export function buttonPressBody(p: ButtonPress): string {
  const messageTs = p.messageTs ?? '1.000001';
  return interactionBody({
    type: 'block_actions',
    team: { id: TEAM_ID },
    user: { id: p.user, username: p.username ?? p.user.toLowerCase(), team_id: TEAM_ID },
    channel: { id: p.channel, name: p.channelName ?? (p.channel.startsWith('D') ? 'directmessage' : 'security-chiefs') },
    container: { type: 'message', channel_id: p.channel, is_ephemeral: false, message_ts: messageTs },
    ...(p.withMessage ? { message: { ts: messageTs } } : {}),
    response_url: p.responseUrl,
    trigger_id: p.triggerId ?? 'trigger-press',
    ...(p.state ? { state: { values: p.state } } : {}),
    actions: [{ type: 'button', action_id: p.actionId, block_id: 'b1', value: p.value, action_ts: p.actionTs ?? '1' }],
  });
}

export interface Posted {
  status: number;
  text: string;
  json: Record<string, unknown> | undefined;
}

export async function postSigned(
  url: string,
  body: string,
  options: { secret?: string; timestamp?: number; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Posted> {
  const headers = { ...signedHeaders(options.secret ?? SIGNING_SECRET, body, options), ...(options.headers ?? {}) };
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}
