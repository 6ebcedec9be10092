// Slack's escaped command text into the neutral command line: a `<@U123|jane>` Slack encoded becomes a
// mention beside the text, and everything else — Slack's other markup, and whatever the person typed,
// including text that looks like a mention — becomes plain text.
// @see https://docs.slack.dev/interactivity/implementing-slash-commands (should_escape)
// @see https://docs.slack.dev/messaging/formatting-message-text#retrieving-messages
import type { LinePart } from '../../src/commands/line.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

const decode = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, e: string) => ENTITIES[e]!);

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

function controlSequence(inner: string): LinePart {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const name = bar >= 0 ? decode(inner.slice(bar + 1)).trim() : '';
  switch (target[0]) {
    case '@': {
      const id = target.slice(1);
      // The label is what Slack showed (often the username): a mention's text, never the person's name.
      return USER_ID.test(id) ? { mention: { platform: 'slack', id }, label: name || id } : `@${name || id}`;
    }
    case '#':
      return `#${name || target.slice(1)}`;
    case '!': {
      // <!here>, <!channel>, <!subteam^S123|@security>, <!date^…|fallback>
      const word = target.slice(1).split('^')[0]!;
      if (name) return name.startsWith('@') || word === 'date' ? name : `@${name}`;
      return `@${word}`;
    }
    default:
      // A link Slack recognised: the address itself (for mailto, the address without the scheme).
      if (target.startsWith('mailto:')) return name || decode(target.slice('mailto:'.length));
      return decode(target);
  }
}

/**
 * With `should_escape: true`, Slack sends the `&`, `<` and `>` a person typed as entities, and wraps
 * the mentions, channels and links it encoded itself in `<…>`. So a raw `<` is Slack's, and only
 * those become mentions; entities become the characters typed, as text.
 */
export function slackTextToNeutral(text: string): LinePart[] {
  const parts: LinePart[] = [];
  let typed = '';
  let last = 0;
  for (const m of text.matchAll(/<([^<>]*)>/g)) {
    typed += decode(text.slice(last, m.index));
    last = m.index + m[0].length;
    const part = controlSequence(m[1]!);
    if (typeof part === 'string') {
      typed += part;
      continue;
    }
    if (typed) parts.push(typed);
    typed = '';
    parts.push(part);
  }
  typed += decode(text.slice(last));
  if (typed) parts.push(typed);
  return parts;
}
