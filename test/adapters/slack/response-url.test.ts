// Answers through a response_url: how each of Slack's answers becomes a settled reply or a SendError
// kind, on a plain HTTP server on loopback; and a redirect is never followed (the URL came in a request).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postToResponseUrl } from '../../../adapters/slack/replies.js';
import { SendError } from '../../../src/messenger.js';

let server: Server;
let base: string;
const received: { path: string; body: string; type: string | undefined }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      received.push({ path: req.url ?? '', body, type: req.headers['content-type'] });
      const answer: Record<string, () => void> = {
        '/ok-json': () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
        '/ok-text': () => res.writeHead(200).end('ok'),
        '/refused': () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":false,"error":"expired_url"}'),
        '/limited': () => res.writeHead(429, { 'retry-after': '1' }).end(),
        '/broken': () => res.writeHead(502).end(),
        '/gone': () => res.writeHead(404).end('no such url'),
        '/moved': () => res.writeHead(302, { location: '/ok-json' }).end(),
        '/slow': () => setTimeout(() => res.writeHead(200).end('ok'), 2000),
      };
      (answer[req.url ?? ''] ?? answer['/gone']!)();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const kindOf = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof SendError ? `${err.kind}: ${err.reason}` : `thrown: ${String(err)}`),
  );

describe('postToResponseUrl', () => {
  it('posts the JSON body and settles on a JSON or plain-text ok', async () => {
    expect(await kindOf(postToResponseUrl(`${base}/ok-json`, { text: 'hello', response_type: 'ephemeral' }, 1000))).toBe('ok');
    expect(await kindOf(postToResponseUrl(`${base}/ok-text`, { text: 'hello' }, 1000))).toBe('ok');
    const posted = received.find((r) => r.path === '/ok-json')!;
    expect(JSON.parse(posted.body)).toEqual({ text: 'hello', response_type: 'ephemeral' });
    expect(posted.type).toBe('application/json');
  });

  it('tells the engine how it failed: refused, rate-limited, transient, never a redirect followed', async () => {
    expect(await kindOf(postToResponseUrl(`${base}/refused`, {}, 1000))).toBe('rejected: expired_url');
    expect(await kindOf(postToResponseUrl(`${base}/limited`, {}, 1000))).toBe('rate-limited: response_url http 429');
    expect(await kindOf(postToResponseUrl(`${base}/broken`, {}, 1000))).toBe('transient: response_url http 502');
    expect(await kindOf(postToResponseUrl(`${base}/gone`, {}, 1000))).toBe('rejected: response_url http 404');
    const before = received.filter((r) => r.path === '/ok-json').length;
    expect(await kindOf(postToResponseUrl(`${base}/moved`, {}, 1000))).toMatch(/^(rejected|transient): /);
    expect(received.filter((r) => r.path === '/ok-json').length).toBe(before);
  });

  it('reports a timeout as unknown, a refused connection as transient, and a URL that is not one as rejected', async () => {
    expect(await kindOf(postToResponseUrl(`${base}/slow`, {}, 200))).toBe('unknown: response_url timeout');
    expect(await kindOf(postToResponseUrl('http://127.0.0.1:1/nobody', {}, 1000))).toBe('transient: response_url unreachable');
    expect(await kindOf(postToResponseUrl('javascript:alert(1)', {}, 1000))).toBe('rejected: invalid response_url');
  });
});
