// The shared pacer on a real Redis: Slack one post per second per channel, Teams 7/s and 60/30 s,
// a 429's Retry-After respected, and two processes' pacers sharing one pace.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PACE_RULES, Pacer } from '../../jobs/pacer.js';

const clients: Redis[] = [];
function pacer(prefix: string): Pacer {
  const client = new Redis(inject('redisUrl'));
  clients.push(client);
  return new Pacer(client, prefix);
}
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit()));
});

const T0 = 1_800_000_000_000;

describe('pacer', () => {
  it('spreads 20 posts to one Slack channel at least 19 s apart in pacer time', async () => {
    const p = pacer(`t${randomUUID()}`);
    const slots: number[] = [];
    for (let i = 0; i < 20; i++) slots.push(await p.reserve('slack:T1:C1', PACE_RULES.slack, T0));
    expect(slots[19]! - slots[0]!).toBeGreaterThanOrEqual(19_000);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(1000);
    // Another channel is not held up by the first.
    expect(await p.reserve('slack:T1:C2', PACE_RULES.slack, T0)).toBe(T0);
  });

  it('shares one pace between two processes’ pacers (two connections, one Redis)', async () => {
    const prefix = `t${randomUUID()}`;
    const a = pacer(prefix);
    const b = pacer(prefix);
    const slots = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).reserve('slack:T1:C1', PACE_RULES.slack, T0)));
    const sorted = [...slots].sort((x, y) => x - y);
    expect(new Set(slots).size).toBe(10);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it('keeps Teams under 7 per second and 60 per 30 seconds in one conversation', async () => {
    const p = pacer(`t${randomUUID()}`);
    const slots: number[] = [];
    for (let i = 0; i < 130; i++) slots.push(await p.reserve('teams:19:x@thread.tacv2', PACE_RULES.teams, T0));
    const within = (from: number, ms: number) => slots.filter((s) => s >= from && s < from + ms).length;
    for (const s of slots) {
      expect(within(s, 1000)).toBeLessThanOrEqual(7);
      expect(within(s, 2000)).toBeLessThanOrEqual(8);
      expect(within(s, 30_000)).toBeLessThanOrEqual(60);
    }
    // The first seven go at once; the 61st waits for the 30-second window.
    expect(slots.slice(0, 7).every((s) => s === T0)).toBe(true);
    expect(slots[60]! - T0).toBeGreaterThanOrEqual(30_000);
  });

  it('holds a conversation back until a 429’s Retry-After has passed', async () => {
    const p = pacer(`t${randomUUID()}`);
    await p.block('slack:T1:C9', T0 + 30_000, T0);
    expect(await p.reserve('slack:T1:C9', PACE_RULES.slack, T0 + 1000)).toBe(T0 + 30_000);
  });
});
