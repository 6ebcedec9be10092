// Finding the command a line names: a word one edit from a subcommand is a typo to point out, not a
// filter to search for, and two words in the wrong order are recognised (the neutral answer).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../helpers/db.js';
import { recorder } from '../helpers/responder.js';
import { startTestBot, type TestBot } from '../helpers/services.js';
import { consoleTurn, person } from '../helpers/world.js';

let bot: TestBot;
const cora = person('cora');
beforeAll(async () => {
  bot = await startTestBot();
  seed(bot.services.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true } });
  seed(bot.services.db, { name: 'Adam Adler', set: { title: 'Chief Administrative Officer' } });
});
afterAll(() => bot.close());

const run = async (line: string) => {
  const r = recorder();
  await bot.bot.handleCommand(consoleTurn(cora), line, r);
  return r;
};

describe('typos taken as filters', () => {
  it('`roster ad` suggests `roster add` instead of searching for “ad”, and says how to search', async () => {
    const answer = (await run('roster ad')).texts();
    expect(answer).toContain('Did you mean `/ppp roster add`?');
    expect(answer).toContain('`/ppp roster "ad"`');
    expect(answer).not.toContain('Roster:');
    // Quoted, the word is a filter after all.
    expect((await run('roster "ad"')).texts()).toContain('Adam Adler');
  });

  it('`checklist sumary` and `roster exprt` are typos of a subcommand too', async () => {
    expect((await run('checklist sumary')).texts()).toContain('Did you mean `/ppp checklist summary`?');
    expect((await run('roster exprt')).texts()).toContain('Did you mean `/ppp roster export`?');
  });

  it('a word far from every subcommand is still a filter', async () => {
    expect((await run('roster chief')).texts()).toContain('Adam Adler');
  });
});

describe('words in the wrong order', () => {
  it('`add roster` is recognised as `roster add`, `list summit` as `summit list`', async () => {
    expect((await run('add roster')).texts()).toContain('Did you mean `/ppp roster add`?');
    expect((await run('list summit')).texts()).toContain('Did you mean `/ppp summit list`?');
    expect((await run('vet channel')).texts()).toContain('Did you mean `/ppp channel vet`?');
  });
});
