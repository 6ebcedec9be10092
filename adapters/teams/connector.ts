// The Bot Connector REST calls the bot makes on its own (posts, edits, new 1:1 chats), over fetch with
// a timeout and no retries of its own: the job queue owns retries and pacing, and a failure is told
// apart as the delivery engine needs it (SendError kinds).
// @see https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit (retry 429, 412, 502, 504)
import { SendError } from '../../src/messenger.js';
import type { Fetch, PostJson } from '../../src/http/client.js';
import type { Signer } from './auth.js';
import { refusal } from './errors.js';

export interface ConnectorActivity {
  type: 'message';
  id?: string;
  text?: string;
  summary?: string;
  /** Cards, and the file cards (consent, info) that carry a file name and a link. */
  attachments?: { contentType: string; content?: unknown; name?: string; contentUrl?: string }[];
  [key: string]: unknown;
}

export interface NewConversation {
  isGroup: false;
  bot: { id: string; name?: string };
  members: { id: string }[];
  tenantId?: string;
  channelData?: { tenant: { id: string } };
}

/** Network failures in which the request certainly never reached the connector. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Retry-After is seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown }; code?: unknown };
    const code = parsed.error?.code ?? parsed.code;
    return typeof code === 'string' ? code.slice(0, 80) : undefined;
  } catch {
    return undefined;
  }
}

/** A definite HTTP answer that is not a success, as a SendError. */
export function sendErrorFor(status: number, retryAfter: string | null | undefined, body: string): SendError {
  const wait = retryAfterMs(retryAfter ?? null);
  const code = errorCode(body);
  const reason = `HTTP ${status}${code ? ` ${code}` : ''}`;
  if (status === 429) return new SendError('rate-limited', reason, wait);
  // Teams answers 412 as well as 502/504 under load; Microsoft says to retry them with backoff.
  if (status === 412 || status === 502 || status === 504 || status >= 500) return new SendError('transient', reason, wait);
  return refusal(code, status);
}

function networkError(err: unknown): SendError {
  const e = err as { name?: string; cause?: { code?: string; name?: string } };
  if (e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError') {
    return new SendError('unknown', 'no answer from the Bot Connector in time');
  }
  const code = e.cause?.code;
  if (code && NOT_SENT.has(code)) return new SendError('transient', `cannot reach the Bot Connector (${code})`);
  return new SendError('unknown', `connection failed${code ? ` (${code})` : ''}`);
}

export class Connector {
  constructor(
    private readonly sign: Signer,
    private readonly timeoutMs = 15_000,
    /** The transport: kept-alive connections in production (src/http/client.ts). */
    private readonly fetchFn: Fetch = fetch,
    /** Its lean POST for bodies already serialised, when there is one: no Request/Response objects per post. */
    private readonly postJson?: PostJson,
  ) {}

  private async call<T>(method: 'POST' | 'PUT' | 'GET', serviceUrl: string, path: string, body: unknown): Promise<T> {
    return this.callWith<T>(method, serviceUrl, path, method === 'GET' ? undefined : JSON.stringify(body));
  }

  private async callWith<T>(method: 'POST' | 'PUT' | 'GET', serviceUrl: string, path: string, body: string | undefined): Promise<T> {
    const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
    let url: URL;
    try {
      url = new URL(path, base);
    } catch {
      throw new SendError('rejected', 'stored serviceUrl is not a URL');
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' };
    try {
      await this.sign(headers);
    } catch (err) {
      // Nothing was sent: the token could not be had (Entra ID down, or the credentials revoked).
      const reason = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 160) : 'unknown';
      throw new SendError('transient', `could not get a Bot Framework token: ${reason}`);
    }
    let status: number;
    let retryAfter: string | null | undefined;
    let text: string;
    try {
      if (method === 'POST' && body !== undefined && this.postJson) {
        const answer = await this.postJson(url, headers, body, this.timeoutMs);
        ({ status, retryAfter, body: text } = answer);
      } else {
        const response = await this.fetchFn(url, { method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(this.timeoutMs) });
        text = await response.text();
        status = response.status;
        retryAfter = response.headers.get('retry-after');
      }
    } catch (err) {
      throw networkError(err);
    }
    if (status < 200 || status >= 300) throw sendErrorFor(status, retryAfter, text);
    if (!text) return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      // Accepted, but the answer is unreadable: the message exists and we cannot name it.
      return {} as T;
    }
  }

  /** Posts an activity already serialised (the engine's hot path: a card's JSON shared by its copies). */
  async sendJson(serviceUrl: string, conversationId: string, activity: string): Promise<{ id?: string }> {
    return this.callWith('POST', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  }

  /** Posts a new message into a conversation (a new thread in a channel). */
  async send(serviceUrl: string, conversationId: string, activity: ConnectorActivity): Promise<{ id?: string }> {
    return this.call('POST', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity);
  }

  async update(serviceUrl: string, conversationId: string, activityId: string, activity: ConnectorActivity): Promise<void> {
    await this.call(
      'PUT',
      serviceUrl,
      `v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(activityId)}`,
      { ...activity, id: activityId },
    );
  }

  /** One member of a conversation, as Teams describes them (name, email, user principal name). */
  async member(serviceUrl: string, conversationId: string, memberId: string): Promise<{ email?: unknown; userPrincipalName?: unknown }> {
    return this.call('GET', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/members/${encodeURIComponent(memberId)}`, undefined);
  }

  /** Everyone in a conversation (for a standard channel, the team's members). */
  async members(serviceUrl: string, conversationId: string): Promise<{ id?: unknown; aadObjectId?: unknown; name?: unknown }[]> {
    return this.call('GET', serviceUrl, `v3/conversations/${encodeURIComponent(conversationId)}/members`, undefined);
  }

  /** Opens (or finds: Teams returns the existing one) the 1:1 chat between the bot and a user. */
  async createConversation(serviceUrl: string, params: NewConversation): Promise<{ id: string }> {
    const result = await this.call<{ id?: unknown }>('POST', serviceUrl, 'v3/conversations', params);
    if (typeof result.id !== 'string' || !result.id) throw new SendError('unknown', 'the Bot Connector created a conversation without an id');
    return { id: result.id };
  }
}
