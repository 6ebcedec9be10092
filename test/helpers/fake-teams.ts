// A fake Bot Framework connector on loopback: what an activity's serviceUrl points at in tests. It
// records every call the bot makes (replies, proactive posts, edits, new 1:1 chats, member lookups),
// answers like the real service, and can be told to fail or hang for the next matching call.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TeamsUser {
  /** The Teams user id (`29:…`). */
  id: string;
  name: string;
  aadObjectId: string;
  /** What Teams' member lookup gives as the user's email, when the test sets one. */
  email?: string;
  userPrincipalName?: string;
}

export interface ConnectorCall {
  method: string;
  path: string;
  /** Decoded conversation id, for calls under /v3/conversations/{id}. */
  conversationId?: string;
  /** The activity id in the path: the one replied to (POST) or edited (PUT). */
  activityId?: string;
  kind: 'create' | 'send' | 'reply' | 'update' | 'member' | 'other';
  body: any;
  headers: IncomingMessage['headers'];
  /** The id this fake gave the posted activity or conversation. */
  answeredId?: string;
  /** Set when a limit refused the call (429 or 503). */
  refused?: number;
  /** When the call arrived (performance.now() of this process), for benchmarks. */
  at?: number;
}

/** Per-conversation windows like Teams' (7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour per bot). */
export interface TeamsLimit {
  rules: { limit: number; windowMs: number }[];
  retryAfterS?: number;
  /** A share of calls answered 503. */
  failRate?: number;
  /** Makes the failures repeatable. */
  seed?: number;
}

export interface Scripted {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answer (until the fake closes): a timeout from the bot's side. */
  hang?: boolean;
}

export const BOT = { id: '28:ppp-bot-app', name: 'PPP' };
export const TENANT = 'tenant-twin-cities';
export const JANE: TeamsUser = { id: '29:jane', name: 'Jane Chief', aadObjectId: '0a7c3a1e-jane' };
export const RAY: TeamsUser = { id: '29:ray', name: 'Ray Sheriff', aadObjectId: '1b8d4b2f-ray' };
export const CHANNEL = '19:exec@thread.tacv2';
export const GROUP_CHAT = '19:group-chat@thread.v2';

export class FakeTeams {
  readonly calls: ConnectorCall[] = [];
  /** Members the fake answers GET …/members/{id} for (TeamsInfo.getMember). */
  readonly members = new Map<string, TeamsUser>();
  /** Files put to an upload URL (OneDrive upload sessions, in the real thing), with their headers. */
  readonly uploads: { path: string; headers: IncomingMessage['headers']; content: Buffer }[] = [];
  /** Files users attached in a chat, served at their download URL. */
  private readonly hosted = new Map<string, Buffer>();
  private readonly scripts: { match: (call: ConnectorCall) => boolean; response: Scripted; times: number }[] = [];
  private readonly hanging: ServerResponse[] = [];
  private n = 0;
  private limiter: { rules: TeamsLimit['rules']; retryAfterS: number; failRate: number; random: () => number; accepted: Map<string, number[]> } | undefined;
  /** Proactive posts refused by a limit (429) or by a random failure (503). */
  readonly refused: { conversationId: string; status: number }[] = [];

  private constructor(private readonly server: Server, readonly serviceUrl: string) {}

  static async start(): Promise<FakeTeams> {
    let fake: FakeTeams | undefined;
    const server = createServer((req, res) => void fake!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeTeams(server, `http://127.0.0.1:${port}/`);
    return fake;
  }

  /** The next `times` calls that match get this answer instead of a success. */
  script(match: (call: ConnectorCall) => boolean, response: Scripted, times = 1): void {
    this.scripts.push({ match, response, times });
  }

  /** Calls that put a message somewhere (new posts and replies). */
  messages(): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === 'send' || c.kind === 'reply');
  }

  /** Messages the fake accepted (not refused by a limit). */
  accepted(): ConnectorCall[] {
    return this.messages().filter((c) => !c.refused);
  }

  /**
   * Enforces per-conversation windows on proactive posts as Teams does per bot: a post that would make
   * more than `limit` accepted posts within any `windowMs` gets 429 with Retry-After; a `failRate` share
   * gets 503.
   */
  limit(options: TeamsLimit): void {
    let state = options.seed ?? 1;
    const random = () => {
      // mulberry32, as the fake Slack uses: repeatable failures.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    this.limiter = { rules: options.rules, retryAfterS: options.retryAfterS ?? 1, failRate: options.failRate ?? 0, random, accepted: new Map() };
  }

  /** The limiter's verdict on a proactive post now: a refusing status, or undefined when accepted (and counted). */
  private judge(conversationId: string): { status: number; headers: Record<string, string> } | undefined {
    const limiter = this.limiter;
    if (!limiter) return undefined;
    const now = Date.now();
    const times = limiter.accepted.get(conversationId) ?? [];
    for (const rule of limiter.rules) {
      if (times.filter((t) => t > now - rule.windowMs).length >= rule.limit) return { status: 429, headers: { 'retry-after': String(limiter.retryAfterS) } };
    }
    if (limiter.failRate > 0 && limiter.random() < limiter.failRate) return { status: 503, headers: {} };
    const longest = Math.max(...limiter.rules.map((r) => r.windowMs));
    limiter.accepted.set(conversationId, [...times.filter((t) => t > now - longest), now]);
    return undefined;
  }

  /** An upload URL as Teams puts in a file-consent accept (an OneDrive upload session). */
  uploadUrl(name: string): string {
    return `${this.serviceUrl}upload/${encodeURIComponent(name)}`;
  }

  /** Serves a file as Teams does for one attached to a message; returns its download URL. */
  hostFile(name: string, content: Buffer | string): string {
    this.hosted.set(name, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'));
    return `${this.serviceUrl}download/${encodeURIComponent(name)}`;
  }

  messagesIn(conversationId: string): ConnectorCall[] {
    return this.messages().filter((c) => c.conversationId === conversationId);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const route = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'PUT' && route.startsWith('/upload/')) {
      this.uploads.push({ path: route, headers: req.headers, content: bytes });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'drive-item-1', name: decodeURIComponent(route.slice('/upload/'.length)) }));
      return;
    }
    if (req.method === 'GET' && route.startsWith('/download/')) {
      const file = this.hosted.get(decodeURIComponent(route.slice('/download/'.length)));
      if (!file) res.writeHead(404).end();
      else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(file);
      return;
    }
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const call: ConnectorCall = { method: req.method ?? 'GET', path, kind: 'other', body, headers: req.headers, at: performance.now() };
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    // v3 / conversations / {id} / activities / {activityId} | members / {userId}
    if (parts[0] === 'v3' && parts[1] === 'conversations') {
      if (parts.length === 2 && call.method === 'POST') call.kind = 'create';
      if (parts[2]) call.conversationId = parts[2];
      if (parts[3] === 'activities') {
        if (parts[4]) call.activityId = parts[4];
        call.kind = call.method === 'PUT' ? 'update' : parts[4] ? 'reply' : 'send';
      }
      if (parts[3] === 'members' && parts[4]) {
        call.kind = 'member';
        call.activityId = undefined;
      }
    }
    this.calls.push(call);

    if (call.kind === 'send' && call.conversationId) {
      const verdict = this.judge(call.conversationId);
      if (verdict) {
        call.refused = verdict.status;
        this.refused.push({ conversationId: call.conversationId, status: verdict.status });
        res.writeHead(verdict.status, { 'content-type': 'application/json', ...verdict.headers });
        res.end(JSON.stringify({ error: { code: verdict.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'limited' } }));
        return;
      }
    }

    const script = this.scripts.find((s) => s.times > 0 && s.match(call));
    if (script) {
      script.times--;
      if (script.response.hang) {
        this.hanging.push(res);
        return;
      }
      res.writeHead(script.response.status, { 'content-type': 'application/json', ...script.response.headers });
      res.end(script.response.body === undefined ? '' : JSON.stringify(script.response.body));
      return;
    }

    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    };
    switch (call.kind) {
      case 'create': {
        // Teams hands back the same 1:1 chat for the same member.
        const member = body?.members?.[0]?.id ?? 'unknown';
        call.answeredId = `a:dm-${member}`;
        return json(201, { id: call.answeredId });
      }
      case 'send':
      case 'reply':
        call.answeredId = `act-${++this.n}`;
        return json(200, { id: call.answeredId });
      case 'update':
        call.answeredId = call.activityId;
        return json(200, { id: call.activityId });
      case 'member': {
        const user = this.members.get(parts[4]!);
        if (!user) return json(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
        return json(200, {
          id: user.id,
          name: user.name,
          aadObjectId: user.aadObjectId,
          tenantId: TENANT,
          ...(user.email ? { email: user.email } : {}),
          ...(user.userPrincipalName ? { userPrincipalName: user.userPrincipalName } : {}),
        });
      }
      default:
        // GET …/members: everyone the fake knows, and the bot itself (which has no Entra object id).
        if (call.method === 'GET' && parts[3] === 'members' && !parts[4]) {
          return json(200, [{ id: BOT.id, name: BOT.name }, ...[...this.members.values()].map((u) => ({ id: u.id, name: u.name, aadObjectId: u.aadObjectId }))]);
        }
        return json(404, { error: { code: 'NotFound', message: `no route ${call.method} ${path}` } });
    }
  }
}

export interface ActivityOptions {
  type?: string;
  text?: string;
  /** Mention the bot at the start, as Teams requires in a channel or group chat. */
  mentionBot?: boolean;
  /** People mentioned after the bot, written `<at>Name</at>` in the text where `{name}` appears. */
  mentions?: TeamsUser[];
  value?: unknown;
  replyToId?: string;
  scope?: 'channel' | 'groupChat' | 'personal';
  from?: TeamsUser;
  conversationId?: string;
  action?: string;
  membersRemoved?: { id: string }[];
  id?: string;
  /** The channel's name, as Teams puts it in channelData. */
  channelName?: string;
  /** Attachments, as Teams sends them (a file's download info). */
  attachments?: unknown[];
  /** An invoke's name (fileConsent/invoke). */
  name?: string;
}

let activitySeq = 1_700_000_000_000;

/** An activity as Teams sends it, with its serviceUrl at the fake connector. */
export function teamsActivity(fake: FakeTeams, options: ActivityOptions = {}): Record<string, unknown> {
  const scope = options.scope ?? 'personal';
  const from = options.from ?? JANE;
  const id = options.id ?? String(++activitySeq);
  const conversationId =
    options.conversationId ??
    (scope === 'channel' ? `${CHANNEL};messageid=${id}` : scope === 'groupChat' ? GROUP_CHAT : `a:dm-${from.id}`);
  const entities: Record<string, unknown>[] = [];
  let text = options.text;
  if (text !== undefined) {
    for (const user of options.mentions ?? []) {
      const tag = `<at>${user.name}</at>`;
      text = text.replace(`{${user.name}}`, tag);
      entities.push({ type: 'mention', text: tag, mentioned: { id: user.id, name: user.name } });
    }
    if (options.mentionBot) {
      text = `<at>${BOT.name}</at> ${text}`;
      entities.unshift({ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { ...BOT } });
    }
  }
  const activity: Record<string, unknown> = {
    type: options.type ?? 'message',
    id,
    timestamp: new Date(2026, 10, 22, 12).toISOString(),
    serviceUrl: fake.serviceUrl,
    channelId: 'msteams',
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { ...BOT },
    conversation: {
      id: conversationId,
      conversationType: scope,
      tenantId: TENANT,
      ...(scope === 'personal' ? {} : { isGroup: true }),
    },
    channelData: {
      tenant: { id: TENANT },
      ...(scope === 'channel'
        ? { team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL, ...(options.channelName ? { name: options.channelName } : {}) } }
        : {}),
    },
    entities,
  };
  if (text !== undefined) activity.text = text;
  if (options.value !== undefined) activity.value = options.value;
  if (options.replyToId) activity.replyToId = options.replyToId;
  if (options.action) activity.action = options.action;
  if (options.membersRemoved) activity.membersRemoved = options.membersRemoved;
  if (options.attachments) activity.attachments = options.attachments;
  if (options.name) activity.name = options.name;
  return activity;
}

export interface Posted {
  status: number;
  text: string;
  /** What the bot asked of the connector while this activity was handled. */
  calls: ConnectorCall[];
}

/** POSTs an activity (or any body) to the bot's /api/messages and collects what the fake received meanwhile. */
export async function postActivity(
  botUrl: string,
  fake: FakeTeams | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Posted> {
  const before = fake?.calls.length ?? 0;
  const response = await fetch(new URL('/api/messages', botUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, calls: fake ? fake.calls.slice(before) : [] };
}

/** Every piece of text an activity shows: its text, and each TextRun / TextBlock of its cards. */
export function shownText(activity: any): string {
  const out: string[] = [];
  if (typeof activity?.text === 'string') out.push(activity.text);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ((o.type === 'TextRun' || o.type === 'TextBlock') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
  };
  for (const a of activity?.attachments ?? []) walk(a.content);
  return out.join('');
}

/** The titles of a card's buttons, with the data each submits. */
export function cardActions(activity: any): { title: string; data: any }[] {
  const out: { title: string; data: any }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Submit') out.push({ title: String(o.title), data: o.data });
    for (const [k, v] of Object.entries(o)) if (k !== 'data') walk(v);
  };
  for (const a of activity?.attachments ?? []) walk(a.content);
  return out;
}
