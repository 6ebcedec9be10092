// A `fetch` for the platform clients over node:http(s) with kept-alive connections, and the delivery
// engine's lean POST over undici. Node's built-in fetch (undici with web streams) cost about three times
// the CPU of a plain request per post on this kind of machine; undici's dispatcher, with a handler that
// reads the answer whole, costs well under half of node:http's client CPU per post (0.08–0.11 against
// 0.20–0.24 ms, 4,000 posts at 100 in flight to a server in another process:
// `node --import tsx bench/http-client.ts`).
// The Slack Web API client takes this fetch (its `fetch` option); the Teams connector calls it
// directly. Bodies it does not handle itself (forms with files, streams) go to the built-in fetch.
// @see https://nodejs.org/api/http.html#class-httpagent
// @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherdispatchoptions-handler
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Agent as UndiciAgent, errors as undiciErrors, type Dispatcher } from 'undici';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response must have no body (the constructor refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function plainBody(body: RequestInit['body']): string | Uint8Array | undefined | null {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  return null;
}

function headerObject(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

/**
 * The answer, read whole, with the parts of a Response the platform clients read (status, headers, text,
 * json, arrayBuffer). A real Response builds a web stream around every body, which cost more per post
 * than the request itself; anything else a caller asks for comes from a real one, built on demand.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  bodyUsed = false;
  private headerList: Headers | undefined;
  private real: Response | undefined;

  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: string[],
    private readonly buffer: Buffer,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get headers(): Headers {
    if (!this.headerList) {
      const headers = new Headers();
      for (let i = 0; i < this.rawHeaders.length; i += 2) headers.append(this.rawHeaders[i]!, this.rawHeaders[i + 1]!);
      this.headerList = headers;
    }
    return this.headerList;
  }

  private consume(): Buffer {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    return this.buffer;
  }

  async text(): Promise<string> {
    return this.consume().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.consume();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  private asResponse(): Response {
    this.real ??= new Response(NULL_BODY.has(this.status) ? null : this.buffer, { status: this.status, statusText: this.statusText, headers: this.headers });
    return this.real;
  }

  get body(): ReadableStream<Uint8Array> | null {
    return this.asResponse().body;
  }

  blob(): Promise<Blob> {
    this.consume();
    return this.asResponse().blob();
  }

  formData(): Promise<FormData> {
    this.consume();
    return this.asResponse().formData();
  }

  clone(): Response {
    return new BufferedResponse(this.status, this.statusText, this.rawHeaders, this.buffer, this.url) as unknown as Response;
  }
}

/** A JSON POST's answer, read whole: what the platform adapters' lean send paths need, nothing more. */
export interface PlainAnswer {
  status: number;
  /** The Retry-After header, when there was one. */
  retryAfter: string | undefined;
  body: string;
}

/**
 * One POST of a body already serialised, over the kept-alive connections: no Request, Headers or
 * Response objects and no AbortSignal per call, which together cost about as much CPU as the request
 * itself when a fan-out sends thousands. Fails as fetch does, so callers map failures one way: a
 * timeout rejects with an error named TimeoutError (the platform may have acted on the request), a
 * network failure with TypeError('fetch failed') carrying the cause. `timeoutMs` bounds the wait for
 * the answer's head once the request is on its connection, then each pause within its body; a request
 * waiting for a free connection is not yet counted (a connection that cannot be opened fails on its own).
 */
export type PostJson = (url: URL, headers: Record<string, string>, body: string, timeoutMs: number) => Promise<PlainAnswer>;

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/** An undici failure as fetch would report it: a timeout by name, anything else as 'fetch failed' with the cause. */
function asFetchFailure(err: unknown): Error {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return new TimeoutError(err.message);
  return new TypeError('fetch failed', { cause: err });
}

export interface KeepAliveOptions {
  /** Connections per host; requests beyond them wait for a free one. */
  maxSockets?: number;
}

/** A request in flight: its answer read whole, or `cancel` to reject it with a reason and drop the socket. */
interface Exchange {
  answer: Promise<{ res: IncomingMessage; body: Buffer }>;
  cancel(reason: unknown): void;
}

/** One request over a kept-alive agent. Fails as fetch does: a network failure is TypeError('fetch failed') with the cause. */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | Uint8Array | undefined, agent: HttpAgent | HttpsAgent): Exchange {
  let cancel!: (reason: unknown) => void;
  const answer = new Promise<{ res: IncomingMessage; body: Buffer }>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ res, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      });
    });
    cancel = (reason) => {
      fail(reason);
      req.destroy();
    };
    req.on('error', (err) => fail(new TypeError('fetch failed', { cause: err })));
    req.end(body);
  });
  return { answer, cancel };
}

const RETRY_AFTER = 'retry-after';

/**
 * Reads a dispatched request's answer whole, as undici calls it (its handler interface: head, each
 * chunk, the end, or an error). What `request` adds on top, a Readable stream per answer and the
 * promise to consume it, cost about a third of the client's CPU per post (0.07–0.13 against 0.05–0.09
 * ms in one A/B run of bench/http-client.ts with both).
 */
class AnswerReader implements Dispatcher.DispatchHandler {
  private status = 0;
  private retryAfter: string | undefined;
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly done: (answer: PlainAnswer) => void,
    private readonly failed: (err: Error) => void,
  ) {}

  // undici calls it on every request (with an abort this reader has no use for).
  onConnect(): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.status = statusCode;
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length === RETRY_AFTER.length && name.toString('latin1').toLowerCase() === RETRY_AFTER) {
        this.retryAfter ??= rawHeaders[i + 1]!.toString('latin1');
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.done({ status: this.status, retryAfter: this.retryAfter, body: body.toString('utf8') });
  }

  onError(err: Error): void {
    this.failed(err);
  }
}

export function createKeepAliveFetch(options: KeepAliveOptions = {}): Fetch & { destroy(): void; postJson: PostJson } {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, maxFreeSockets: options.maxSockets ?? 64 };
  const http = new HttpAgent(agentOptions);
  const https = new HttpsAgent(agentOptions);
  const agentFor = (url: URL) => (url.protocol === 'https:' ? https : http);
  const fetchFn = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const body = plainBody(init.body);
    if (input instanceof Request || body === null) {
      // Not a plain request: the built-in fetch knows how.
      return fetch(input, init);
    }
    const url = input instanceof URL ? input : new URL(input);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers = headerObject(init.headers);
    if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    const { answer, cancel } = exchange(url, init.method ?? 'GET', headers, body, agentFor(url));
    // As the built-in fetch does: an abort rejects with the signal's reason (a TimeoutError for AbortSignal.timeout).
    const onAbort = () => cancel(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    return answer.then(
      ({ res, body: answered }) => {
        signal?.removeEventListener('abort', onAbort);
        const status = res.statusCode ?? 0;
        const redirect = init.redirect ?? 'follow';
        // Rare enough for the built-in fetch to handle: it follows, or refuses as asked.
        if (status >= 300 && status < 400 && res.headers.location && redirect !== 'manual') return fetch(url, init);
        return new BufferedResponse(status, res.statusMessage ?? '', res.rawHeaders, answered, url.href) as unknown as Response;
      },
      (err: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        throw err;
      },
    );
  };
  const posts = new UndiciAgent({ connections: options.maxSockets ?? 64 });
  const postJson: PostJson = (url, headers, body, timeoutMs) =>
    new Promise<PlainAnswer>((resolve, reject) => {
      posts.dispatch(
        { origin: url.origin, path: url.pathname + url.search, method: 'POST', headers, body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs },
        new AnswerReader(resolve, (err) => reject(asFetchFailure(err))),
      );
    });
  return Object.assign(fetchFn, {
    postJson,
    destroy() {
      http.destroy();
      https.destroy();
      posts.destroy().catch(() => undefined);
    },
  });
}
