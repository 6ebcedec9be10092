// A coordinator's day one on the console, as a new user types it — from `help` to a vetted member, a
// review with marks, and exports — driven through the console's input stream (no terminal, no tmux).
// No screen may show an internal id: an address (`console:`), a message id (`m12`), a camelCase field.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type ConsoleSession } from '../../helpers/console.js';

let c: ConsoleSession;
beforeAll(async () => {
  c = await startConsole({ login: 'root', env: { PPP_NAME: 'Twin Cities Security Partnership' } });
  await c.waitFor('Your name: ');
});
afterAll(async () => {
  await c.close();
});

/** The card number a button was shown with: `[3.1] Vet` → 3. */
const cardOf = (shown: string, label: string): string => {
  const found = new RegExp(`\\[(\\d+)\\.(\\d+)\\] ${label}`).exec(shown);
  if (!found) throw new Error(`no ${label} button in:\n${shown}`);
  return `${found[1]}.${found[2]}`;
};

/** What must never be on a screen: internal ids and field names. Paths are the user's own, so they are left out. */
function internalIds(screen: string): string[] {
  const words = screen.replace(/\/\S+/g, ' ');
  return [...(words.match(/console:\S*|\bm\d+\b|\b[a-z]+[A-Z][A-Za-z]*\b/g) ?? [])];
}

describe('day one on the console', () => {
  it('goes from help to a vetted member, a review with marks and exports, every screen in words', async () => {
    // Who they are: asked once, and used from then on.
    expect(await c.send('Maya Chen')).toContain('You are Maya Chen, a coordinator.');

    const help = await c.send('/ppp help');
    expect(help).toContain('What you can do here');
    expect(help).toContain('[n] Next');
    expect(await c.send('n')).toMatch(/Page 2 of 2/);

    // This terminal vetted for announcements.
    expect(await c.send('/ppp channel vet executive')).toContain('Posted here');

    // A member added with the form: choices by their names.
    await c.send('/ppp roster add');
    for (const answer of ['Karen Wu', 'Sheriff', 'Hennepin County Sheriff’s Office', 'Local agency', '', 'yes', 'Law enforcement', '', '', 'karen.wu@example.org', '+1 612 555 0100']) {
      await c.send(answer);
    }
    expect(await c.send('Nominated')).toContain('Added Karen Wu (nominated, waiting to be vetted).');

    // Vetting her: a name without @ is answered with the command that works; the waiting list has her Vet.
    expect(await c.send('/ppp vet Karen Wu')).toContain('`/ppp vet @"Karen Wu"`');
    const pending = await c.send('/ppp roster pending');
    expect(pending).toMatch(/Karen Wu — Sheriff, Hennepin County Sheriff’s Office · nominated by Maya Chen/);
    const vet = cardOf(pending, 'Vet');
    await c.send('/ppp who hennepin');
    expect(await c.send(vet)).toContain('Karen Wu is now a vetted member, by Maya Chen.');
    expect(await c.send('/ppp who hennepin')).toMatch(/Karen Wu — Sheriff, Hennepin County Sheriff’s Office/);

    // Her own profile: a 24/7 line, Karen as alternate by name, capabilities by name, the zone as people say it.
    await c.send('/ppp profile');
    for (const answer of ['', 'Director of Partnerships', '+1 612 555 0199', 'Karen Wu', '', '', '', 'cctv, logistics']) await c.send(answer);
    expect(await c.send('Central')).toContain('Your alternate is Karen Wu');

    // A review, marked by typing; each change to the tally printed in a few lines.
    const card = await c.send('/ppp checklist');
    expect(card).toContain('Key ingredients review #1');
    expect(card).not.toMatch(/\[\d+\.\d+\] in place/);
    const from = c.screen().length;
    expect(await c.send('/ppp mark 12 not-yet')).toContain('Marked question 12 as not yet');
    expect(await c.send('/ppp mark 3 in place')).toContain('Marked question 3 as in place');
    await c.send('/ppp mark 1 partly');
    await c.waitFor(/Updated:\nKey ingredients review #1\n=+\n1 member taking part · 3 marks · overall 50%/, from);
    expect(await c.send('/ppp checklist summary')).toContain('Summary: Key ingredients review #1');

    // Exports: short names under DATA_DIR/exports, dates in the partnership's zone.
    const review = await c.send('/ppp checklist export');
    const csv = /Saved to (\S+checklist-1-ingredients\.csv)/.exec(review)?.[1];
    expect(csv, review).toBeDefined();
    expect(readFileSync(csv!, 'utf8')).toMatch(/updated \(America\/Chicago\)\n.*,\d{4}-\d\d-\d\d \d\d:\d\d\n/);
    expect(await c.send('/ppp roster export')).toMatch(/Saved to \S+\/roster-\d{4}-\d\d-\d\d\.csv/);

    // The day in the audit, as sentences.
    const audit = await c.send('/ppp audit');
    expect(audit).toMatch(/Maya Chen vetted Karen Wu \(they were nominated\), until /);
    expect(audit).toMatch(/Maya Chen exported Key ingredients review #1 as a CSV file \(3 rows\)\./);
    expect(audit).toMatch(/Maya Chen vetted this terminal as an executive conversation\./);

    // Closing asks first; its button stays pressable by number.
    const asked = await c.send('/ppp checklist close');
    expect(asked).toContain('Close Key ingredients review #1?');
    const close = cardOf(asked, 'Close it');
    await c.send('/ppp roster');
    expect(await c.send(close)).toContain('Closed Key ingredients review #1');

    await c.waitFor('(closed)');
    expect(internalIds(c.screen())).toEqual([]);
  });
});
