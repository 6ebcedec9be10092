// Splits a command line into words, quoted strings and user references, after cleaning the input.
// Adapters turn their mentions into the neutral form `<@platform:id|label>` before this runs.

export type Token =
  | { kind: 'word'; text: string; quoted: boolean; start: number; end: number }
  | { kind: 'user'; identity?: string; name?: string; label: string; start: number; end: number };

export const MAX_COMMAND_LENGTH = 4000;

// The cleaner lives with the other inputs' (forms, CSV cells); command lines go through the same one.
export { sanitize } from '../core/sanitize.js';

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
      tokens.push({ kind: 'word', text: line.slice(i + 1, j), quoted: true, start, end: Math.min(j + 1, line.length) });
      i = j + 1;
      continue;
    }
    if (line.startsWith('<@', i)) {
      const j = line.indexOf('>', i);
      if (j > 0) {
        const inner = line.slice(i + 2, j);
        const bar = inner.indexOf('|');
        const identity = bar >= 0 ? inner.slice(0, bar) : inner;
        const label = bar >= 0 ? inner.slice(bar + 1) : inner;
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
        const name = line.slice(i + 2, j);
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
