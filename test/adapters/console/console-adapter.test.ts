// The console as a new user meets it: who they are (a name, not the OS login), what happened to a
// message (in words, never an id), choices that stay where they were (`2.1`, `n` / `p`), and a checklist
// marked by typing, its tally redrawn in a few lines.
import { afterEach, describe, expect, it } from 'vitest';
import { identities, members } from '../../../db/schema.js';
import { eq } from 'drizzle-orm';
import { seed } from '../../helpers/db.js';
import { recorder } from '../../helpers/responder.js';
import { startConsole, type ConsoleSession } from '../../helpers/console.js';
import { consoleTurn, person } from '../../helpers/world.js';

let c: ConsoleSession | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

/** The console user's member record. */
const consoleMember = (s: ConsoleSession, login: string) =>
  s.services.db.select({ m: members }).from(identities).innerJoin(members, eq(members.id, identities.memberId)).where(eq(identities.externalId, login)).get()?.m;

describe('who is at the console', () => {
  it('asks a new user their name once, and uses it on screen and on the roster', async () => {
    c = await startConsole({ login: 'root' });
    await c.waitFor('What is your name?');
    const after = await c.send('Maya Chen');
    expect(after).toContain('You are Maya Chen, a coordinator.');
    expect(after).not.toContain('root');
    expect(consoleMember(c, 'root')?.name).toBe('Maya Chen');
    expect(await c.send('/ppp roster')).toContain('1. Maya Chen');
  });

  it('takes PPP_CONSOLE_NAME without asking', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    const shown = await c.waitFor('ppp> ');
    expect(shown).not.toContain('What is your name?');
    expect(shown).toContain('You are Maya Chen, a coordinator.');
  });

  it('`profile` has a name field for everyone', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    await c.waitFor('ppp> ');
    const form = await c.send('/ppp profile');
    expect(form).toMatch(/Your name \(required; as members see it\)\n {2}\[Maya Chen\] > /);
  });
});

describe('what happened to a message, in words', () => {
  it('a post here, a preview to you, a request to another coordinator: no internal id on screen', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    await c.waitFor('ppp> ');
    seed(c.services.db, { name: 'Sam Second', identity: person('sam'), set: { isCoordinator: true } });
    const vetted = await c.send('/ppp channel vet executive');
    expect(vetted).toContain('Posted here');
    const preview = await c.send('/ppp announce The spring summit moves to 12 March.');
    expect(preview).toContain('Sent to you privately');
    // What members will receive names the sender as they know her.
    expect(preview).toContain('From Maya Chen, coordinator');
    // A member elsewhere nominates someone: both coordinators are told; the screen names the other one.
    seed(c.services.db, { name: 'Jo Member', identity: person('jo') });
    const mark = c.screen().length;
    await c.bot.handleCommand(consoleTurn(person('jo')), 'nominate karen@example.org Karen Wu', recorder());
    const told = await c.waitFor('Sent to Sam Second', mark);
    expect(told).toContain('Sent to you privately');
    expect(c.screen()).not.toMatch(/console:|\bm\d+\b|message m/);
  });
});

describe('choices that stay put', () => {
  it('a nomination’s Vet stays pressable by its card number after other answers print', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    await c.waitFor('ppp> ');
    seed(c.services.db, { name: 'Jo Member', identity: person('jo') });
    const mark = c.screen().length;
    await c.bot.handleCommand(consoleTurn(person('jo')), 'nominate karen@example.org Karen Wu', recorder());
    const card = await c.waitFor(/\[(\d+)\.1\] Vet/, mark);
    const no = /\[(\d+)\.1\] Vet/.exec(card)![1]!;
    await c.send('/ppp help');
    await c.send('/ppp who cctv');
    const vetted = await c.send(`${no}.1`);
    expect(vetted).toContain('Karen Wu is now a vetted member, by Maya Chen.');
  });

  it('pages turn with n and p: n twice goes forward twice', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    await c.waitFor('ppp> ');
    for (let i = 0; i < 45; i++) seed(c.services.db, { name: `Exec ${String(i).padStart(2, '0')}`, set: { title: 'CSO' } });
    const first = await c.send('/ppp roster exec');
    expect(first).toContain('Page 1 of 3');
    expect(first).toContain('[n] Next');
    expect(first).not.toMatch(/\[1\] Next/);
    expect(await c.send('n')).toContain('Page 2 of 3');
    expect(await c.send('n')).toContain('Page 3 of 3');
    expect(await c.send('p')).toContain('Page 2 of 3');
  });
});

describe('the checklist on the console', () => {
  it('shows no wall of numbered options, is marked by typing `mark 12 not-yet`, and redraws the tally in a few lines', async () => {
    c = await startConsole({ login: 'root', name: 'Maya Chen' });
    await c.waitFor('ppp> ');
    const posted = await c.send('/ppp checklist');
    expect(posted).toContain('Key ingredients review #1');
    expect(posted.match(/\[\d+(\.\d+)?\]/g) ?? []).toEqual([]);
    expect(posted).toContain('mark 12 partly');
    const mark = c.screen().length;
    const marked = await c.send('/ppp mark 12 not-yet');
    expect(marked).toContain('Marked question 12 as not yet on Key ingredients review #1.');
    const redrawn = await c.waitFor('overall', mark);
    // The answer and the redrawn tally together: a few lines, not the whole card again.
    expect(redrawn.trim().split('\n').length).toBeLessThan(12);
    expect(redrawn).toMatch(/1 member taking part/);
    expect(redrawn).not.toContain('Do the chief and the corporate security chiefs');
  });
});
