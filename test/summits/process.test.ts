// The real bot process serves the calendar link on its one port: src/main.ts mounts the feature routes
// beside the adapters' routes and /healthz.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { createDraft, scheduleEvent } from '../../src/summits/store.js';
import { freePort } from '../helpers/fake-slack.js';
import { baseEnv, spawnBot, type BotProcess } from '../helpers/spawn-bot.js';
import { seed } from './world.js';

let bot: BotProcess | undefined;
afterAll(async () => {
  if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGTERM');
  await bot?.exited;
});

describe('GET /events/<token>.ics in the running bot', () => {
  it('is served on PORT beside /healthz', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ppp-summit-process-'));
    const db = openDatabase(join(dataDir, 'ppp.sqlite'));
    const coord = seed(db, { name: 'Casey Coordinator', set: { isCoordinator: true } });
    const at = new Date();
    const draft = createDraft(db, { kind: 'summit', title: 'Spring summit', place: null, startsAt: new Date(at.getTime() + 30 * 86_400_000), zone: 'America/Chicago', durationMs: 7_200_000 }, coord.id, at);
    db.transaction((tx) => scheduleEvent(tx, draft.id, { memberId: coord.id, identity: 'console:casey' }, 1, at));
    db.$client.close();

    const port = await freePort();
    bot = spawnBot(baseEnv({ DATA_DIR: dataDir, PORT: String(port), TEAMS_ENABLED: 'true', PPP_PUBLIC_URL: `http://127.0.0.1:${port}` }));
    await bot.waitFor('listening on port');
    const res = await fetch(`http://127.0.0.1:${port}/events/${draft.icsToken}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(await res.text()).toContain(`UID:${draft.uid}`);
    expect((await fetch(`http://127.0.0.1:${port}/events/${'B'.repeat(32)}.ics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  }, 60_000);
});
