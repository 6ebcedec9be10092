// The command line: tokens, typed arguments, "did you mean", and input cleaning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/commands/args.js';
import { composeLine, type LinePart } from '../../src/commands/line.js';
import { suggest } from '../../src/commands/suggest.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { sanitize, sanitizeLine } from '../../src/core/sanitize.js';
import { seed } from '../helpers/db.js';
import { recorder } from '../helpers/responder.js';
import { startTestBot, type TestBot } from '../helpers/services.js';
import { consoleTurn, person } from '../helpers/world.js';

/** A mention as an adapter hands it over: the platform said who it is. */
const mention = (identity: string, label: string): LinePart => {
  const [platform, id] = identity.split(':') as ['slack' | 'teams' | 'console', string];
  return { mention: { platform, id }, label };
};

describe('tokenize', () => {
  it('splits words, straight and curly quoted strings, and user references', () => {
    const tokens = tokenize(composeLine(['summit schedule "Fall Summit" “next Thursday 9am” ', mention('slack:U123', 'jane'), ' @bob @"Ann Lee"']));
    expect(tokens.map((t) => (t.kind === 'word' ? t.text : `user:${t.identity ?? `name=${t.name}`}`))).toEqual([
      'summit',
      'schedule',
      'Fall Summit',
      'next Thursday 9am',
      'user:slack:U123',
      'user:name=bob',
      'user:name=Ann Lee',
    ]);
  });

  it('reads typed text that looks like a mention, on any platform, as text', () => {
    for (const typed of ['<@slack:UEVIL|Chief Dana Holt>', '\uE000slack:UEVIL|Chief\uE001', '<@teams:abc|Boss>']) {
      const tokens = tokenize(composeLine(typed));
      expect(tokens.filter((t) => t.kind === 'user' && t.identity), typed).toEqual([]);
      // The same typed text beside a real mention is still text.
      const mixed = tokenize(composeLine([typed, mention('slack:U0REAL', 'dana')]));
      expect(mixed.filter((t) => t.kind === 'user' && t.identity).map((t) => (t.kind === 'user' ? t.identity : ''))).toEqual(['slack:U0REAL']);
    }
    // A label cannot smuggle a second identity or break out of its token.
    const tokens = tokenize(composeLine(['vet ', mention('slack:U0REAL', 'x\uE001\uE000slack:UEVIL|y')]));
    expect(tokens.filter((t) => t.kind === 'user').map((t) => (t.kind === 'user' ? t.identity : ''))).toEqual(['slack:U0REAL']);
  });

  it('keeps apostrophes inside words', () => {
    expect(tokenize("who O'Hare").map((t) => (t.kind === 'word' ? t.text : ''))).toEqual(['who', "O'Hare"]);
  });

  it('removes control, zero-width and bidi override characters', () => {
    expect(sanitize('he\u202Elp\u0000 \u200Bnow\u2066')).toBe('help now');
  });

  it('also removes Arabic letter marks, C1 controls, invisible tag characters and stray surrogates; keeps emoji, accents and line breaks', () => {
    expect(sanitize('a\u061Cb\u0085c\u{E0041}\u{E007F}d\uD800e\u2028f')).toBe('abcde\nf');
    expect(sanitize('Zoë 👍🏽 👨‍👩‍👧 café\r\nnext')).toBe('Zoë 👍🏽 👨‍👩‍👧 café\nnext');
    expect(sanitizeLine('  Chief\r\n\tof   Police\u200B  ')).toBe('Chief of Police');
  });
});

describe('parseArgs', () => {
  const specs = [
    { name: 'kind', kind: 'word', choices: ['executive', 'general'], optional: true },
    { name: 'who', kind: 'user', optional: true },
    { name: 'n', kind: 'number', optional: true, min: 1, max: 100 },
  ] as const;

  it('reads typed arguments in order', () => {
    const line = composeLine(['executive ', mention('teams:abc', 'Chief'), ' 5']);
    const result = parseArgs(specs, tokenize(line), line);
    expect(result).toEqual({ ok: true, args: { kind: 'executive', who: { identity: 'teams:abc', label: 'Chief' }, n: 5 } });
  });

  it('suggests the closest choice for a misspelt word', () => {
    const line = 'exectuive';
    const result = parseArgs(specs, tokenize(line), line);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toMatch(/Did you mean `executive`\?/);
  });

  it('keeps the rest of the line as typed for a text argument, a mention shown as its @name', () => {
    const line = 'critical  "Water main"  -- details <here>';
    const result = parseArgs([{ name: 'rest', kind: 'text' }], tokenize(line), line);
    expect(result).toEqual({ ok: true, args: { rest: 'critical  "Water main"  -- details <here>' } });
    const withMention = composeLine(['call ', mention('slack:U0REAL', 'dana'), ' now']);
    expect(parseArgs([{ name: 'rest', kind: 'text' }], tokenize(withMention), withMention)).toEqual({ ok: true, args: { rest: 'call @dana now' } });
  });

  it('refuses a number out of range and an unexpected extra word', () => {
    const line1 = 'general 500';
    expect(parseArgs(specs, tokenize(line1), line1)).toMatchObject({ ok: false, problem: expect.stringMatching(/from 1 to 100/) });
    const line2 = composeLine(['general ', mention('slack:U1A', 'a'), ' 3 extra']);
    expect(parseArgs(specs, tokenize(line2), line2)).toMatchObject({ ok: false, problem: expect.stringMatching(/did not expect `extra`/) });
  });

  it('says what is missing in words, never by the argument’s code name', () => {
    expect(parseArgs([{ name: 'title', kind: 'word' }], [], 'summit list', '/ppp ', 'summit list')).toEqual({ ok: false, problem: 'Something is missing after `/ppp summit list`.', usage: true });
    const ask = { name: 'query', kind: 'text', ask: (p: string) => `Who are you looking for? e.g. \`${p}who FedEx\`` } as const;
    expect(parseArgs([ask], [], 'who', '@PPP ', 'who')).toEqual({ ok: false, problem: 'Who are you looking for? e.g. `@PPP who FedEx`', usage: false });
  });
});

describe('arguments as a new user types them (the neutral answer, so every platform says it)', () => {
  let bot: TestBot;
  const cora = person('cora');
  beforeAll(async () => {
    bot = await startTestBot();
    seed(bot.services.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true } });
    seed(bot.services.db, { name: 'Sheriff Tom Brandt', identity: person('tom') });
    seed(bot.services.db, { name: 'Karen Wu', status: 'nominated' });
  });
  afterAll(() => bot.close());
  const run = async (line: string) => {
    const r = recorder();
    await bot.bot.handleCommand(consoleTurn(cora), line, r);
    return r.texts();
  };

  it('`who` and `announce` alone ask what is wanted, with examples, not "`query` is missing"', async () => {
    expect(await run('who')).toBe('Who are you looking for? Name an organization or what they can offer, e.g. `/ppp who FedEx` or `/ppp who cctv`.');
    const announce = await run('announce');
    expect(announce).toMatch(/^What should the announcement say\? e\.g\. `\/ppp announce /);
    expect(announce).not.toContain('`text`');
  });

  it('no command answers a missing argument with the argument’s code name', async () => {
    for (const spec of bot.bot.services.registry.list()) {
      const answer = await run(spec.name);
      for (const arg of spec.args) expect(answer, spec.name).not.toContain(`\`${arg.name}\``);
    }
    expect(await run('audit many')).not.toContain('`n`');
  });

  it('a name typed without @ gets the form that works: `vet Karen Wu` → `vet @"Karen Wu"`', async () => {
    const vet = await run('vet Karen Wu');
    expect(vet).toContain('`/ppp vet @"Karen Wu"`');
    expect(vet).not.toContain('is not a person');
    expect(await run('member Tom Brandt suspend')).toContain('`/ppp member @"Tom Brandt" suspend`');
    expect(await run('member tom tier board')).toContain('`/ppp member @tom tier board`');
  });

  it('a name matches without its title: `member @"Tom Brandt" tier board` finds Sheriff Tom Brandt', async () => {
    expect(await run('member @"Tom Brandt" tier board')).toBe('Sheriff Tom Brandt is now on the board.');
    expect(await run('vet @"karen wo"')).toMatch(/^Karen Wu is now an active member/);
  });
});

describe('suggest', () => {
  const words = ['alert', 'announce', 'audit', 'cadence', 'channel', 'channels', 'checklist', 'help', 'roster', 'who'];
  it('finds typos and prefixes', () => {
    expect(suggest('hlep', words)).toEqual(['help']);
    expect(suggest('chek', words)).toEqual(['checklist']);
    expect(suggest('rostr', words)).toEqual(['roster']);
  });
  it('suggests nothing for a word far from every command', () => {
    expect(suggest('xyzzyq', words)).toEqual([]);
  });
});
