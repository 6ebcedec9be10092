// GET /events/<token>.ics: the "Add to calendar" link of a channel copy. The token is the secret (24
// random bytes); an unknown or malformed one gets the same bare 404 as any unknown path.
import type { Registry } from '../commands/registry.js';
import { NOT_FOUND, type HttpAnswer } from '../http/feature-routes.js';
import type { Services } from '../services.js';
import { linksOf } from './audience.js';
import { eventIcs, icsFileName } from './ics.js';
import { eventByToken } from './store.js';

const TOKEN_PATH = /^([A-Za-z0-9_-]{32})\.ics$/;

export function serveIcs(services: Services, rest: string): HttpAnswer {
  const token = TOKEN_PATH.exec(rest)?.[1];
  const event = token ? eventByToken(services.db, token) : undefined;
  if (!event) return NOT_FOUND;
  const { icsUrl } = linksOf(services, event);
  const body = eventIcs(event, {
    method: event.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    sequence: event.sequence,
    partnership: services.config.name,
    stamp: services.clock(),
    ...(icsUrl ? { url: icsUrl } : {}),
  });
  return {
    status: 200,
    type: 'text/calendar; charset=utf-8',
    // Private to whoever holds the link; a calendar asks again rather than trusting a cache.
    headers: { 'cache-control': 'private, no-store', 'content-disposition': `attachment; filename="${icsFileName(event.title)}"` },
    body,
  };
}

export function registerIcsRoute(registry: Registry): void {
  registry.httpGet({ prefix: '/events', handler: serveIcs });
}
