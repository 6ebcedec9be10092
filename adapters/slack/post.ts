// The engine's hot path on Slack: chat.postMessage sent straight over the kept-alive connections, with
// the message serialised once per card (an announcement's rows share one), instead of through the Web
// API client's per-call machinery (its queue, retry wrapper, form encoding and Response), which cost
// more CPU per post than the post itself. Failures map exactly as the client's do (errors.ts).
// @see https://docs.slack.dev/reference/methods/chat.postMessage (JSON bodies with a bearer token)
// @see https://docs.slack.dev/apis/web-api/rate-limits (429 with Retry-After in seconds)
import type { Card } from '../../src/cards/card.js';
import type { PostJson } from '../../src/http/client.js';
import { SendError } from '../../src/messenger.js';
import { cardToMessage } from './cards.js';
import { sendErrorForCode, sendErrorForNoAnswer, sendErrorForStatus } from './errors.js';

export class SlackPoster {
  private readonly url: URL;
  /** The message's fields as JSON, without the opening brace: the part every copy of a card shares. */
  private readonly rendered = new WeakMap<Card, string>();

  constructor(
    private readonly token: string,
    apiUrl: string,
    private readonly postJson: PostJson,
    private readonly timeoutMs: number,
  ) {
    this.url = new URL('chat.postMessage', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
  }

  private fields(card: Card): string {
    let text = this.rendered.get(card);
    if (text === undefined) {
      text = JSON.stringify({ ...cardToMessage(card), unfurl_links: false, unfurl_media: false }).slice(1);
      this.rendered.set(card, text);
    }
    return text;
  }

  /** Posts the card; Slack's message ts, or a SendError of the kind the engine acts on. */
  async post(channel: string, card: Card, threadTs?: string): Promise<string> {
    const body = `{"channel":${JSON.stringify(channel)},${threadTs ? `"thread_ts":${JSON.stringify(threadTs)},` : ''}${this.fields(card)}`;
    let answer;
    try {
      answer = await this.postJson(this.url, { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${this.token}` }, body, this.timeoutMs);
    } catch (err) {
      throw sendErrorForNoAnswer(err instanceof Error ? err : new Error(String(err)));
    }
    if (answer.status === 429) {
      const seconds = answer.retryAfter === undefined ? Number.NaN : Number.parseInt(answer.retryAfter, 10);
      throw Number.isNaN(seconds) ? sendErrorForStatus(429) : new SendError('rate-limited', 'ratelimited', Math.max(0, seconds) * 1000);
    }
    if (answer.status !== 200) throw sendErrorForStatus(answer.status);
    let result: { ok?: unknown; ts?: unknown; error?: unknown };
    try {
      result = JSON.parse(answer.body) as typeof result;
    } catch {
      // Slack took the request and answered something unreadable: it may have posted.
      throw new SendError('unknown', 'unreadable answer from chat.postMessage');
    }
    if (result.ok !== true) throw sendErrorForCode(typeof result.error === 'string' ? result.error : 'unknown_error');
    if (typeof result.ts !== 'string' || !result.ts) throw new SendError('unknown', 'chat.postMessage returned no ts');
    return result.ts;
  }
}
