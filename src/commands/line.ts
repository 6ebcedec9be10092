// The command line as an adapter hands it to the bot: the text that was typed, and the mentions the
// platform itself encoded, kept apart. Only composeLine joins them, wrapping each mention in markers
// that sanitize() strips from every typed character, so no text typed on any platform can pass for a
// mention, whatever it looks like. A plain string is all typed text (the console, a re-run pager).
import { formatIdentity, parseIdentity, type Identity } from '../core/identity.js';
import { MENTION_CLOSE, MENTION_OPEN, sanitize } from './tokenize.js';

/** A person the platform itself marked as mentioned, with the label it showed. */
export interface Mention {
  mention: Identity;
  label: string;
}

export type LinePart = string | Mention;
export type CommandInput = string | readonly LinePart[];

const MAX_LABEL = 80;

/** A label fit to sit inside a mention token: one line, no markers, no bar that would end the id early. */
function cleanLabel(label: string): string {
  return sanitize(label).replace(/\s+/g, ' ').trim().slice(0, MAX_LABEL);
}

function token(m: Mention): string | undefined {
  const id = formatIdentity(m.mention);
  // Only an identity that reads back as itself: anything else would not be the person Slack or Teams named.
  if (!parseIdentity(id) || id.includes('|')) return undefined;
  return `${MENTION_OPEN}${id}|${cleanLabel(m.label) || m.mention.id}${MENTION_CLOSE}`;
}

/** The line the tokenizer reads: typed parts sanitized, each mention a marked token set apart by spaces. */
export function composeLine(input: CommandInput): string {
  if (typeof input === 'string') return sanitize(input);
  let line = '';
  let afterMention = false;
  for (const part of input) {
    if (typeof part === 'string') {
      const text = sanitize(part);
      line += afterMention && /^\S/.test(text) ? ` ${text}` : text;
    } else {
      // A label that cannot be a token is shown as text: the person is then not a verified mention.
      const t = token(part) ?? cleanLabel(part.label);
      line += line && /\S$/.test(line) ? ` ${t}` : t;
    }
    afterMention = typeof part !== 'string';
  }
  return line;
}

/** The length people typed or saw: text, and each mention as its @label. */
export function inputLength(input: CommandInput): number {
  if (typeof input === 'string') return input.length;
  return input.reduce((n, part) => n + (typeof part === 'string' ? part.length : part.label.length + 1), 0);
}
