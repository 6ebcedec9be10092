// How answers reach Slack once a request is acknowledged: through the payload's response_url when
// there is one, else the Web API (a channel post, an ephemeral, or a DM when neither is possible).
// @see https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { webApi } from '@slack/bolt';
import { message, type Card } from '../../src/cards/card.js';
import type { Bot } from '../../src/bot.js';
import type { Log } from '../../src/core/log.js';
import { SendError } from '../../src/messenger.js';
import { cardToMessage, type SlackMessage } from './cards.js';
import { describeError, toSendError } from './errors.js';

/** What every Slack handler works with. */
export interface SlackContext {
  bot: Bot;
  web: webApi.WebClient;
  log: Log;
  /** How long a handler may run before the request is acknowledged without its answer (Slack allows 3 s). */
  ackBudgetMs: number;
  /** Bound on each outgoing call, so a hung connection never holds a reply forever. */
  apiTimeoutMs: number;
}

export type Visibility = 'public' | 'private' | 'replace';
export type Sender = (visibility: Visibility, card: Card) => Promise<void>;

export const oops = (): Card =>
  message('Something went wrong on our side. It has been logged; please try again, and tell a coordinator if it keeps happening.', 'error');

/**
 * Holds a handler's answers until the request is acknowledged, so the first one can travel in the
 * acknowledgement itself; after release, answers go out one at a time, in the order given.
 */
export class ReplyQueue {
  private held: { visibility: Visibility; card: Card }[] | undefined = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: Sender,
    private readonly log: Log,
  ) {}

  push(visibility: Visibility, card: Card): Promise<void> {
    if (this.held) {
      this.held.push({ visibility, card });
      return Promise.resolve();
    }
    return this.enqueue(visibility, card);
  }

  /** The first held answer, to put in the acknowledgement. */
  takeFirst(): { visibility: Visibility; card: Card } | undefined {
    return this.held?.shift();
  }

  /** From now on answers are sent as they come; anything still held goes first. */
  release(): Promise<void> {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) void this.enqueue(h.visibility, h.card);
    return this.chain;
  }

  /** Resolves once everything pushed so far has been sent (or has failed and been logged). */
  async idle(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  private enqueue(visibility: Visibility, card: Card): Promise<void> {
    // A failed reply is logged, not thrown into the handler: the command itself did its work.
    this.chain = this.chain
      .then(() => this.send(visibility, card))
      .catch((err: unknown) => this.log.warn({ reason: describeError(err), visibility }, 'could not deliver a Slack reply'));
    return this.chain;
  }
}

// Kept-alive connections to Slack's response_url host: a button's answer is one small POST, and a
// fresh fetch() per answer cost several times the click itself at a few thousand clicks (bench/alert).
const AGENTS = { 'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }), 'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }) };

/** Slack's answer to a response_url post is `ok`-style JSON or plain text; a non-2xx is a failure. A redirect is not followed. */
export async function postToResponseUrl(url: string, body: object, timeoutMs: number): Promise<void> {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw new SendError('rejected', 'invalid response_url');
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new SendError('rejected', 'invalid response_url');
  }
  const payload = JSON.stringify(body);
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      { method: 'POST', agent: AGENTS[target.protocol as keyof typeof AGENTS], headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
      (res) => {
        let answer = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          if (answer.length < 10_000) answer += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: answer }));
        res.on('error', () => reject(new SendError('unknown', 'response_url answer cut off')));
      },
    );
    // Sent but unanswered: whether Slack showed it is unknown.
    req.setTimeout(timeoutMs, () => req.destroy(new SendError('unknown', 'response_url timeout')));
    req.on('error', (err) => reject(err instanceof SendError ? err : new SendError('transient', 'response_url unreachable')));
    req.end(payload);
  });
  if (status === 429) throw new SendError('rate-limited', 'response_url http 429');
  if (status < 200 || status >= 300) throw new SendError(status >= 500 ? 'transient' : 'rejected', `response_url http ${status}`);
  try {
    const parsed = JSON.parse(text) as { ok?: unknown; error?: unknown };
    if (parsed.ok === false) throw new SendError('rejected', typeof parsed.error === 'string' ? parsed.error : 'response_url refused');
  } catch (err) {
    if (err instanceof SendError) throw err;
    // Plain "ok" text is success.
  }
}

/** The body of an acknowledgement or response_url post. */
export function responsePayload(visibility: Visibility, msg: SlackMessage): Record<string, unknown> {
  if (visibility === 'replace') return { replace_original: true, ...msg };
  return { response_type: visibility === 'public' ? 'in_channel' : 'ephemeral', replace_original: false, ...msg };
}

export interface Where {
  responseUrl?: string;
  channel?: string;
  threadTs?: string;
  user: string;
}

async function api<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toSendError(err);
  }
}

/** A direct message to one person: where a private answer goes when no ephemeral is possible. */
export async function sendDm(web: webApi.WebClient, user: string, msg: SlackMessage, opened?: (channel: string) => void): Promise<{ channel: string; ts: string }> {
  const answer = await api(() => web.conversations.open({ users: user }));
  const channel = answer.channel?.id;
  if (!channel) throw new SendError('rejected', 'conversations.open returned no channel');
  opened?.(channel);
  const posted = await api(() => web.chat.postMessage({ channel, ...msg, unfurl_links: false, unfurl_media: false }));
  return { channel, ts: posted.ts ?? '' };
}

async function sendByApi(ctx: SlackContext, where: Where, visibility: Visibility, msg: SlackMessage): Promise<void> {
  const thread = where.threadTs ? { thread_ts: where.threadTs } : {};
  if (visibility === 'public' && where.channel) {
    const channel = where.channel;
    await api(() => ctx.web.chat.postMessage({ channel, ...thread, ...msg, unfurl_links: false, unfurl_media: false }));
    return;
  }
  if (where.channel) {
    const channel = where.channel;
    try {
      await api(() => ctx.web.chat.postEphemeral({ channel, user: where.user, ...thread, ...msg }));
      return;
    } catch (err) {
      // Not in that channel, or it is gone: the answer is still theirs, so it goes by DM instead.
      if (!(err instanceof SendError && err.refused)) throw err;
    }
  }
  await sendDm(ctx.web, where.user, msg);
}

export function createSender(ctx: SlackContext, where: Where): Sender {
  return async (visibility, card) => {
    const msg = cardToMessage(card);
    if (where.responseUrl) {
      await postToResponseUrl(where.responseUrl, responsePayload(visibility, msg), ctx.apiTimeoutMs);
      return;
    }
    await sendByApi(ctx, where, visibility, msg);
  };
}

/** Settles with the work's result if it finishes within `ms`, else reports that it is still running. */
export async function within<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
