// Splits a command line into words, quoted strings and user references, after cleaning the input.
// A verified mention is `MENTION_OPEN platform:id|label MENTION_CLOSE`, written only by composeLine
// (line.ts) from a platform's own mentions; sanitize() strips both markers from anything typed.

export type Token =
  | { kind: 'word'; text: string; quoted: boolean; start: number; end: number }
  | { kind: 'user'; identity?: string; name?: string; label: string; start: number; end: number };

export const MAX_COMMAND_LENGTH = 4000;

// The cleaner lives with the other inputs' (forms, CSV cells); command lines go through the same one,
// and it also drops the mention markers below from anything typed.
export { sanitize } from '../core/sanitize.js';

/** Private-use characters that open and close a verified mention; no typed text keeps them. */
export const MENTION_OPEN = '\uE000';
export const MENTION_CLOSE = '\uE001';

const MENTION = /\uE000([^|\uE000\uE001]*)\|([^\uE000\uE001]*)\uE001/g;

/** The line as people saw it: each verified mention shown as the @name it was. */
export function showLine(line: string): string {
  return line.replace(MENTION, (_all, _identity: string, label: string) => `@${label}`);
}

const OPEN_QUOTES = new Set(['"', '\u201C', '\u201E']);
const CLOSE_FOR: Record<string, string> = { '"': '"', '\u201C': '\u201D', '\u201E': '\u201C' };

/** Tokenizes an already sanitized line. Unterminated quotes run to the end of the line. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (OPEN_QUOTES.has(ch)) {
      const close = CLOSE_FOR[ch]!;
      let j = i + 1;
      while (j < line.length && line[j] !== close && line[j] !== '"') j++;
      // A mention inside quotes is part of the text, as the @name people saw.
      tokens.push({ kind: 'word', text: showLine(line.slice(i + 1, j)), quoted: true, start, end: Math.min(j + 1, line.length) });
      i = j + 1;
      continue;
    }
    if (ch === MENTION_OPEN) {
      const j = line.indexOf(MENTION_CLOSE, i);
      const bar = line.indexOf('|', i);
      if (j > 0 && bar > i && bar < j) {
        const identity = line.slice(i + 1, bar);
        const label = line.slice(bar + 1, j);
        tokens.push({ kind: 'user', identity, label: label || identity, start, end: j + 1 });
        i = j + 1;
        continue;
      }
    }
    if (ch === '@' && i + 1 < line.length) {
      // `@"Jane Doe"` or `@jane`: a name the command looks up on the roster (the console's mentions).
      if (OPEN_QUOTES.has(line[i + 1]!)) {
        const close = CLOSE_FOR[line[i + 1]!]!;
        let j = i + 2;
        while (j < line.length && line[j] !== close && line[j] !== '"') j++;
        const name = showLine(line.slice(i + 2, j));
        tokens.push({ kind: 'user', name, label: name, start, end: Math.min(j + 1, line.length) });
        i = j + 1;
        continue;
      }
      let j = i + 1;
      while (j < line.length && !/\s/.test(line[j]!)) j++;
      const name = line.slice(i + 1, j);
      tokens.push({ kind: 'user', name, label: name, start, end: j });
      i = j;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j]!)) j++;
    tokens.push({ kind: 'word', text: line.slice(i, j), quoted: false, start, end: j });
    i = j;
  }
  return tokens;
}
