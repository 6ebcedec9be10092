// Typed arguments: each command declares what follows its name, and this checks the tokens against it.
import { didYouMean } from './suggest.js';
import { atName } from '../core/words.js';
import { showLine, type Token } from './tokenize.js';

export interface UserRef {
  /** A platform identity string (`slack:U…`) when the platform itself encoded the mention. */
  identity?: string;
  /** A name to look up on the roster, from the console or an unresolved `@name`. */
  name?: string;
  /** What the mention showed: for messages only, never a person's name (members/platform-profile.ts). */
  label: string;
}

/**
 * `name` is the handler's key, never shown. `ask` is what the bot says when a required argument is
 * missing — a question in plain words with an example typed in full (`prefix` is how commands are
 * typed here); without it the answer says something is missing and shows the usage.
 */
interface ArgBase {
  name: string;
  optional?: boolean;
  ask?: (prefix: string) => string;
}

export type ArgSpec =
  | (ArgBase & { kind: 'word'; choices?: readonly string[] })
  | (ArgBase & { kind: 'number'; min?: number; max?: number })
  | (ArgBase & { kind: 'user' })
  /**
   * The rest of the line, as typed, each mention shown as its @name; with `mentions`, verified mentions
   * stay tokens, for a handler that reads people in it (tokenize it; show it with showLine).
   */
  | (ArgBase & { kind: 'text'; mentions?: boolean });

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

/** A refusal; `usage`: whether the command's usage line helps (a question with examples does not need it). */
export type ArgsResult = { ok: true; args: Args } | { ok: false; problem: string; usage?: boolean };

/**
 * Words typed where a person goes (`vet Karen Wu`, `member Tom Brandt suspend`): the same line with the
 * name written as the tokenizer reads one, so the refusal shows the command that works.
 */
function nameFix(specs: readonly ArgSpec[], index: number, tokens: Token[], i: number, line: string, prefix: string): string | undefined {
  const next = specs[index + 1];
  const stops = next?.kind === 'word' && next.choices ? next.choices : [];
  let end = i;
  while (end < tokens.length) {
    const t = tokens[end]!;
    if (t.kind !== 'word' || (end > i && stops.includes(t.text.toLowerCase()))) break;
    end++;
  }
  if (end === i) return undefined;
  const name = tokens.slice(i, end).map((t) => (t.kind === 'word' ? t.text : '')).join(' ');
  const fixed = `${line.slice(0, tokens[i]!.start)}${atName(name)}${line.slice(tokens[end - 1]!.end)}`;
  return `“${showLine(name).slice(0, 60)}” is a name: write it with an @${/\s/.test(name) ? ' and in quotes' : ''}, like this: \`${prefix}${showLine(fixed).trim()}\`. A mention works too.`;
}

/**
 * Checks the tokens after a command's name against its argument specs. `line` is the line the tokens
 * were read from; `prefix` and `command` say how the command is typed here, for the answers.
 */
export function parseArgs(specs: readonly ArgSpec[], tokens: Token[], line: string, prefix = '', command = ''): ArgsResult {
  const args: Args = {};
  let i = 0;
  for (const [index, spec] of specs.entries()) {
    const token = tokens[i];
    if (!token) {
      if (spec.optional) continue;
      if (spec.ask) return { ok: false, problem: spec.ask(prefix), usage: false };
      return { ok: false, problem: command ? `Something is missing after \`${prefix}${command}\`.` : 'Something is missing.', usage: true };
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
          const fix = nameFix(specs, index, tokens, i, line, prefix);
          return { ok: false, problem: fix ?? 'Name the person with an @, like @jane or @"Jane Doe", or mention them.', usage: !fix };
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
          return { ok: false, problem: `I expected a whole number${range} there, not \`${text.slice(0, 40)}\`.`, usage: true };
        }
        args[spec.name] = n;
        i++;
        continue;
      }
      case 'word': {
        if (token.kind !== 'word') {
          if (spec.optional) continue;
          return { ok: false, problem: spec.ask ? spec.ask(prefix) : `I did not expect ${token.label} there.`, usage: !spec.ask };
        }
        const word = token.quoted ? token.text : token.text.toLowerCase();
        if (spec.choices && !spec.choices.includes(word)) {
          return {
            ok: false,
            problem: `\`${token.text.slice(0, 40)}\` is not one of ${spec.choices.map((c) => `\`${c}\``).join(', ')}.${didYouMean(word, spec.choices)}`,
            usage: true,
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
    return { ok: false, problem: `I did not expect \`${shown.slice(0, 40)}\` there.`, usage: true };
  }
  return { ok: true, args };
}
