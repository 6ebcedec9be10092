// GET routes a feature serves on the bot's one port, without any platform SDK: a path prefix and a
// handler that answers from SQLite (a calendar file behind an unguessable link). The request is
// hostile: only its path reaches the feature, and a handler that fails answers 503, never a 500.
import type { ServerResponse } from 'node:http';
import type { Route } from '../platform.js';
import type { Services } from '../services.js';

export interface HttpAnswer {
  status: number;
  /** The content type; text/plain when absent. */
  type?: string;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface GetRouteSpec {
  /** The path below which it answers, e.g. `/events` for `/events/<token>.ics`. */
  prefix: string;
  /** `rest` is the path after the prefix and its slash, still URL-encoded. */
  handler(services: Services, rest: string): HttpAnswer | Promise<HttpAnswer>;
}

export const NOT_FOUND: HttpAnswer = { status: 404, body: 'not found' };

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, { 'content-type': answer.type ?? 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...answer.headers });
  res.end(answer.body);
}

export function featureRoutes(services: Services, specs: readonly GetRouteSpec[]): Route[] {
  return specs.map((spec) => ({
    method: 'GET' as const,
    path: spec.prefix,
    prefix: true,
    async handler(req, res) {
      const path = (req.url ?? '/').split('?')[0]!;
      const rest = path.startsWith(`${spec.prefix}/`) ? path.slice(spec.prefix.length + 1) : '';
      let answer: HttpAnswer;
      try {
        answer = rest ? await spec.handler(services, rest) : NOT_FOUND;
      } catch (err) {
        services.log.error({ err: err instanceof Error ? err.message : err, route: spec.prefix }, 'a feature route failed');
        answer = { status: 503, body: 'temporarily unavailable; try again in a minute' };
      }
      send(res, answer);
    },
  }));
}
