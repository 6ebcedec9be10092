// The one HTTP server on PORT: adapters' routes (/slack/events, /api/messages) and /healthz.
// No body parser runs here: Bolt needs the raw bytes to check Slack's signature.
import { createServer, type Server } from 'node:http';
import type { Log } from '../core/log.js';
import type { Route } from '../platform.js';

export type HealthCheck = () => string | Promise<string>;

export interface HealthReport {
  status: 'ok' | 'degraded';
  db: string;
  redis: string;
  [component: string]: string;
}

export async function healthReport(checks: Record<string, HealthCheck>): Promise<{ code: number; body: HealthReport }> {
  const body: Record<string, string> = {};
  for (const [name, check] of Object.entries(checks)) {
    try {
      body[name] = await check();
    } catch (err) {
      body[name] = err instanceof Error ? err.message.slice(0, 120) : 'failed';
    }
  }
  const allOk = Object.values(body).every((v) => v === 'ok');
  // 503 only when what the bot cannot work without is down; a platform's trouble is "degraded".
  const essential = body.db === 'ok' && body.redis === 'ok';
  return {
    code: essential ? 200 : 503,
    body: { status: allOk ? 'ok' : 'degraded', db: body.db ?? 'unknown', redis: body.redis ?? 'unknown', ...body },
  };
}

export function createHttpServer(options: { routes: Route[]; health: Record<string, HealthCheck>; log: Log }): Server {
  const table = new Map(options.routes.filter((r) => !r.prefix).map((r) => [`${r.method} ${r.path}`, r.handler]));
  const prefixed = options.routes.filter((r) => r.prefix);
  table.set('GET /healthz', async (_req, res) => {
    const { code, body } = await healthReport(options.health);
    res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler =
      table.get(`${req.method} ${path}`) ??
      prefixed.find((r) => (r.method === 'ANY' || r.method === req.method) && (path === r.path || path.startsWith(`${r.path}/`)))?.handler;
    if (!handler) {
      const known = [...table.keys()].some((k) => k.endsWith(` ${path}`));
      res.writeHead(known ? 405 : 404, { 'content-type': 'text/plain' }).end(known ? 'method not allowed' : 'not found');
      return;
    }
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      options.log.error({ err, path }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });
  // Slack and the Bot Framework keep connections alive; keep ours a little longer than their idle time.
  server.keepAliveTimeout = 65_000;
  return server;
}
