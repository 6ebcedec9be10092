// The command line: tokens, typed arguments, "did you mean", and input cleaning.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/commands/args.js';
import { composeLine, type LinePart } from '../../src/commands/line.js';
import { suggest } from '../../src/commands/suggest.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { sanitize, sanitizeLine } from '../../src/core/sanitize.js';

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

  it('says a missing required argument by name', () => {
    expect(parseArgs([{ name: 'title', kind: 'word' }], [], '')).toEqual({ ok: false, problem: '`title` is missing.' });
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
