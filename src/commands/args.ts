// Typed arguments: each command declares what follows its name, and this checks the tokens against it.
import { didYouMean } from './suggest.js';
import { showLine, type Token } from './tokenize.js';

export interface UserRef {
  /** A platform identity string (`slack:U…`) when the platform itself encoded the mention. */
  identity?: string;
  /** A name to look up on the roster, from the console or an unresolved `@name`. */
  name?: string;
  /** What the mention showed: for messages only, never a person's name (members/platform-profile.ts). */
  label: string;
}

export type ArgSpec =
  | { name: string; kind: 'word'; optional?: boolean; choices?: readonly string[] }
  | { name: string; kind: 'number'; optional?: boolean; min?: number; max?: number }
  | { name: string; kind: 'user'; optional?: boolean }
  /**
   * The rest of the line, as typed, each mention shown as its @name; with `mentions`, verified mentions
   * stay tokens, for a handler that reads people in it (tokenize it; show it with showLine).
   */
  | { name: string; kind: 'text'; optional?: boolean; mentions?: boolean };

export type ArgValue = string | number | UserRef;
export type Args = Record<string, ArgValue | undefined>;

/** What one argument parses to: a word's choices as their union, a number, a person, or the text. */
type ValueOf<S extends ArgSpec> = S extends { kind: 'word'; choices: readonly (infer C extends string)[] }
  ? C
  : S extends { kind: 'word' | 'text' }
    ? string
    : S extends { kind: 'number' }
      ? number
      : S extends { kind: 'user' }
        ? UserRef
        : never;

/**
 * A command's arguments as its handler reads them, derived from its spec: `[{ name: 'kind', kind:
 * 'word', optional: true, choices: ['executive', 'general'] }]` gives `{ kind: 'executive' | 'general' | undefined }`.
 */
export type ArgsOf<A extends readonly ArgSpec[]> = {
  [S in A[number] as S['name']]: S extends { optional: true } ? ValueOf<S> | undefined : ValueOf<S>;
};

export type ArgsResult = { ok: true; args: Args } | { ok: false; problem: string };

export function parseArgs(specs: readonly ArgSpec[], tokens: Token[], line: string): ArgsResult {
  const args: Args = {};
  let i = 0;
  for (const spec of specs) {
    const token = tokens[i];
    if (!token) {
      if (!spec.optional) return { ok: false, problem: `\`${spec.name}\` is missing.` };
      continue;
    }
    switch (spec.kind) {
      case 'text':
        // Free text keeps what was typed, with a resolved mention shown as the @name people saw.
        args[spec.name] = (spec.mentions ? line.slice(token.start) : showLine(line.slice(token.start))).trim();
        i = tokens.length;
        continue;
      case 'user':
        if (token.kind !== 'user') {
          if (spec.optional) continue;
          return { ok: false, problem: `\`${token.text}\` is not a person: mention them, like @name.` };
        }
        args[spec.name] = token.identity
          ? { identity: token.identity, label: token.label }
          : { name: token.name ?? token.label, label: token.label };
        i++;
        continue;
      case 'number': {
        const text = token.kind === 'word' ? token.text : token.label;
        const n = Number(text);
        const min = spec.min ?? Number.MIN_SAFE_INTEGER;
        const max = spec.max ?? Number.MAX_SAFE_INTEGER;
        if (!/^-?\d+$/.test(text) || n < min || n > max) {
          if (spec.optional && token.kind === 'word' && !/^-?\d/.test(text)) continue;
          const range = spec.min !== undefined && spec.max !== undefined ? ` from ${spec.min} to ${spec.max}` : '';
          return { ok: false, problem: `\`${spec.name}\` must be a whole number${range} (got \`${text.slice(0, 40)}\`).` };
        }
        args[spec.name] = n;
        i++;
        continue;
      }
      case 'word': {
        if (token.kind !== 'word') {
          if (spec.optional) continue;
          return { ok: false, problem: `\`${spec.name}\` is missing.` };
        }
        const word = token.quoted ? token.text : token.text.toLowerCase();
        if (spec.choices && !spec.choices.includes(word)) {
          return {
            ok: false,
            problem: `\`${token.text.slice(0, 40)}\` is not one of ${spec.choices.map((c) => `\`${c}\``).join(', ')}.${didYouMean(word, spec.choices)}`,
          };
        }
        args[spec.name] = spec.choices ? word : token.text;
        i++;
        continue;
      }
    }
  }
  if (i < tokens.length) {
    const extra = tokens[i]!;
    const shown = extra.kind === 'word' ? extra.text : extra.label;
    return { ok: false, problem: `I did not expect \`${shown.slice(0, 40)}\` there.` };
  }
  return { ok: true, args };
}
