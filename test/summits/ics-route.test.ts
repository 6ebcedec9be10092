// GET /events/<token>.ics on the bot's one HTTP server (the feature route main.ts mounts): the calendar
// as text/calendar that a real parser reads, CANCEL once cancelled; an unknown, malformed or draft
// token gets the same bare 404 as any unknown path, and nothing a request sends gets a 500.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ical from 'node-ical';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { summitEvents } from '../../db/schema.js';
import { featureRoutes } from '../../src/http/feature-routes.js';
import { createHttpServer } from '../../src/http/server.js';
import { SUMMIT_CANCEL, SUMMIT_CONFIRM } from '../../src/summits/cards.js';
import { buttonOn, consoleId, press, seed, summitWorld, vet, type SummitWorld } from './world.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function serve(w: SummitWorld): Promise<string> {
  server = createHttpServer({ routes: featureRoutes(w.services, w.services.registry.httpRoutes()), health: { db: () => 'ok', redis: () => 'ok' }, log: pino({ level: 'silent' }) });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function scheduled(options: { confirm: boolean }) {
  const w = await summitWorld({ env: { PPP_PUBLIC_URL: 'https://ppp.example.org' } });
  const coord = seed(w.db, { name: 'Casey Coordinator', set: { isCoordinator: true, coordinatorVia: 'command' } });
  vet(w.db, coord);
  const check = await w.run(consoleId(coord), 'summit schedule Spring summit; cyber & "risk" March 15 9am at Target HQ');
  if (options.confirm) await w.press(consoleId(coord), press(buttonOn(check.sent[0]!.card, SUMMIT_CONFIRM)));
  const event = w.db.select().from(summitEvents).get()!;
  return { w, coord, event, base: await serve(w) };
}

describe('the Add to calendar link', () => {
  it('serves the event as text/calendar with its UTC start, UID and SEQUENCE', async () => {
    const { event, base } = await scheduled({ confirm: true });
    const res = await fetch(`${base}/events/${event.icsToken}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="spring-summit-cyber-risk.ics"');
    const body = await res.text();
    const vevent = Object.values(ical.sync.parseICS(body)).find((c) => c?.type === 'VEVENT') as ical.VEvent;
    expect(vevent.start.toISOString()).toBe('2027-03-15T14:00:00.000Z');
    expect(vevent.uid).toBe(event.uid);
    expect(vevent.sequence).toBe(0);
    expect(vevent.summary).toBe('Spring summit; cyber & "risk"');
    expect(body).toContain('METHOD:REQUEST');
    expect(vevent.url).toBe(`https://ppp.example.org/events/${event.icsToken}.ics`);
  });

  it('once cancelled, serves METHOD:CANCEL with the next SEQUENCE', async () => {
    const { w, coord, event, base } = await scheduled({ confirm: true });
    const check = await w.run(consoleId(coord), `summit cancel ${event.id}`);
    await w.press(consoleId(coord), press(buttonOn(check.sent[0]!.card, SUMMIT_CANCEL)));
    const body = await (await fetch(`${base}/events/${event.icsToken}.ics`)).text();
    expect(body).toContain('METHOD:CANCEL');
    expect(body).toContain('STATUS:CANCELLED');
    expect(body).toContain('SEQUENCE:1');
  });

  it('answers an unknown, malformed or draft token with the same bare 404 as an unknown path, never a 500', async () => {
    const { event, base } = await scheduled({ confirm: false });
    const unknownPath = await fetch(`${base}/nothing-here`);
    const paths = [
      `/events/${event.icsToken}.ics`, // a draft nobody confirmed
      `/events/${'A'.repeat(32)}.ics`,
      `/events/${event.icsToken}`,
      '/events/',
      '/events',
      '/events/..%2F..%2Fetc%2Fpasswd.ics',
      `/events/${event.icsToken}.ics/extra`,
      `/events/%00%ff${'x'.repeat(5000)}.ics`,
      `/events/${event.icsToken.toLowerCase()}.ICS`,
    ];
    for (const path of paths) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe(await unknownPath.clone().text());
    }
    // Only GET is served there; anything else is as unknown as any other path.
    const post = await fetch(`${base}/events/${event.icsToken}.ics`, { method: 'POST', body: '{' });
    expect(post.status).toBe(404);
  });
});
