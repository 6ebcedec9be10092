// The whole flow in a terminal, through the real console adapter: a coordinator writes a survey
// question by question, sends the pulse, answers it with prompts, sees the response rate and closes it.
import { PassThrough } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { createBot } from '../../src/bot.js';
import { makeActor } from '../helpers/db.js';
import { buildServices } from '../helpers/services.js';

async function terminal() {
  const services = buildServices({ clock: () => new Date('2027-03-01T15:00:00Z'), env: { PPP_TIMEZONE: 'America/Chicago' } });
  const bot = createBot(services);
  const me = makeActor(services.db, 'coordinator', 'console', 0);
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  const adapter = new ConsoleAdapter({ bot, user: me.id, input, output });
  services.messenger.add(adapter.messenger);
  await services.outbox.start();
  const done = adapter.run();
  onTestFinished(async () => {
    input.end();
    await done;
    await services.outbox.close();
  });
  let mark = 0;
  /** Types a line once `waitFor` has appeared since the last line typed; returns what the screen showed meanwhile. */
  const type = async (line: string, waitFor: string | RegExp): Promise<string> => {
    for (let i = 0; i < 500; i++) {
      const seen = screen.slice(mark);
      if (typeof waitFor === 'string' ? seen.includes(waitFor) : waitFor.test(seen)) {
        mark = screen.length;
        input.write(`${line}\n`);
        return seen;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never saw ${String(waitFor)}; the screen shows:\n${screen.slice(mark)}`);
  };
  const see = async (waitFor: string | RegExp): Promise<string> => {
    for (let i = 0; i < 500; i++) {
      const seen = screen.slice(mark);
      if (typeof waitFor === 'string' ? seen.includes(waitFor) : waitFor.test(seen)) return seen;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never saw ${String(waitFor)}; the screen shows:\n${screen.slice(mark)}`);
  };
  return { type, see, services };
}

const choice = (screen: string, label: string) => {
  const n = new RegExp(`\\[([\\d.]+)\\] ${label}`).exec(screen)?.[1];
  if (!n) throw new Error(`no choice ${label} on:\n${screen}`);
  return n;
};

describe('surveys on the console', () => {
  it('send the pulse, answer it with prompts, see the response rate, close it', async () => {
    const t = await terminal();
    await t.type('/ppp survey send pulse', 'ppp> ');
    const preview = await t.see(/\[[\d.]+\] Send/);
    expect(preview).toContain('Audience: every active member — 1 member; 1 by direct message (0 on Slack, 0 on Teams, 1 on the console).');
    await t.type(choice(preview, 'Send'), /\[[\d.]+\] Send/);
    const ballot = await t.see(/Sent to you privately[\s\S]*\[[\d.]+\] Answer/);
    expect(ballot).toContain('Survey #1 sent');
    await t.type(choice(ballot, 'Answer'), /\[[\d.]+\] Answer/);
    await t.type('4', /This quarter, how much value.*\(required\)[\s\S]*\[5\] 5 — A great deal[\s\S]*> $/);
    await t.type('5', /Did information from the partnership reach you[\s\S]*> $/);
    await t.type('2', /How often we meet is…[\s\S]*> $/);
    const last = await t.type('More cyber briefings', /One thing that would make[\s\S]*\(optional\)[\s\S]*> $/);
    void last;
    const answered = await t.see(/Updated:[\s\S]*Answered — thank you\.[\s\S]*\[[\d.]+\] Change/);
    expect(answered).not.toMatch(/console:|message m\d/);

    await t.type('/ppp survey results 1', 'ppp> ');
    expect(await t.see('Response rate so far: 1 of 1 answered (100%).')).toContain('Delivery: 1 of 1 delivered.');
    await t.type('/ppp survey close 1', 'ppp> ');
    const closed = await t.see(/Results: Quarterly partnership pulse[\s\S]*Fewer than 3 people answered/);
    expect(closed).toContain('Closed survey #1: 1 of 1 answered (100%).');
  });

  it('survey new asks one question at a time, then shows the preview', async () => {
    const t = await terminal();
    await t.type('/ppp survey new', 'ppp> ');
    await t.type('Cadence check', /Title \(required\)[\s\S]*> $/);
    await t.type('', /A line or two for members[\s\S]*> $/);
    await t.type('2', /Who is asked[\s\S]*\[1\] Every active member[\s\S]*> $/);
    await t.type('2', /Anonymous or named[\s\S]*> $/);
    await t.type('', /Open for[\s\S]*> $/);
    await t.type('', /Repeat[\s\S]*> $/);
    await t.type('How often should the board meet?', /Question 1 \(required\)[\s\S]*> $/);
    await t.type('1', /Answered with[\s\S]*> $/);
    await t.type('Monthly; Every other month; Quarterly', /Choices, one per line[\s\S]*> $/);
    await t.type('', /What 1 means[\s\S]*> $/);
    await t.type('', /What 5 means[\s\S]*> $/);
    await t.type('', /Must be answered[\s\S]*> $/);
    await t.type('1', /Then[\s\S]*> $/);
    await t.type('What should the next summit cover?', /Question 2 \(required\)[\s\S]*> $/);
    await t.type('4', /Answered with[\s\S]*> $/);
    await t.type('', /Choices, one per line[\s\S]*> $/);
    await t.type('', /What 1 means[\s\S]*> $/);
    await t.type('', /What 5 means[\s\S]*> $/);
    await t.type('2', /Must be answered[\s\S]*> $/);
    await t.type('2', /Then[\s\S]*> $/);
    const preview = await t.see(/Preview: survey #1 — Cadence check[\s\S]*\[[\d.]+\] Send/);
    expect(preview).toContain('1. How often should the board meet? — one choice: Monthly / Every other month / Quarterly');
    expect(preview).toContain('2. What should the next summit cover? — short text (up to 500 characters) (optional)');
    expect(preview).toContain('Audience: the executive board');
    expect(preview).toContain('Named: coordinators see your name beside your answers.');
  });
});
