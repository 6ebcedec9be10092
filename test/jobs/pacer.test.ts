// The shared pacer on a real Redis: Slack one post per second per channel, Teams 7/s and 60/30 s,
// a 429's Retry-After respected, and two processes' pacers sharing one pace; a chunk paced in one call
// never lets two posts to one channel go inside the window, counted from when each send was answered.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PACE_MARGIN_MS, PACE_RULES, Pacer } from '../../jobs/pacer.js';

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

  it('paces a chunk naming one Slack channel three times: slots a window apart, only the first goes now', async () => {
    const p = pacer(`t${randomUUID()}`);
    const answers = await p.pace(
      ['slack:T1:C1', 'slack:T1:C2', 'slack:T1:C1', 'slack:T1:C1'].map((conversation) => ({ conversation, rules: PACE_RULES.slack })),
      T0,
    );
    expect(answers.map((a) => a.go)).toEqual([true, true, false, false]);
    const window = 1000 + PACE_MARGIN_MS;
    expect(answers.map((a) => a.at)).toEqual([T0, T0, T0 + window, T0 + 2 * window]);
  });

  it('admits a reserved slot only a window after the channel’s last send was answered', async () => {
    const p = pacer(`t${randomUUID()}`);
    const window = 1000 + PACE_MARGIN_MS;
    const [first, second] = await p.pace([{ conversation: 'slack:T1:C7', rules: PACE_RULES.slack }, { conversation: 'slack:T1:C7', rules: PACE_RULES.slack }], T0);
    expect([first!.go, second!.go, second!.at]).toEqual([true, false, T0 + window]);
    // The first post took 300 ms to be answered: Slack may have seen it that late.
    await p.sentAt([{ conversation: 'slack:T1:C7', member: first!.member, at: T0 + 300 }]);
    const [early] = await p.pace([{ conversation: 'slack:T1:C7', rules: PACE_RULES.slack, reserved: true }], T0 + window);
    expect([early!.go, early!.at]).toEqual([false, T0 + 300 + window]);
    const [onTime] = await p.pace([{ conversation: 'slack:T1:C7', rules: PACE_RULES.slack, reserved: true }], T0 + 300 + window);
    expect(onTime!.go).toBe(true);
  });

  it('holds a reserved slot back until a 429’s Retry-After, whichever process recorded it', async () => {
    const prefix = `t${randomUUID()}`;
    const a = pacer(prefix);
    const b = pacer(prefix);
    await a.block('slack:T1:C8', T0 + 30_000, T0);
    const [held] = await b.pace([{ conversation: 'slack:T1:C8', rules: PACE_RULES.slack, reserved: true }], T0 + 1000);
    expect([held!.go, held!.at]).toEqual([false, T0 + 30_000]);
  });
});
