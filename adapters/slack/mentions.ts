// Slack's escaped command text into the neutral command line: `<@U123|jane>` becomes the neutral
// mention `<@slack:U123|jane>` the tokenizer reads, and Slack's other markup becomes plain text.
// @see https://docs.slack.dev/interactivity/implementing-slash-commands (should_escape)
// @see https://docs.slack.dev/messaging/formatting-message-text#retrieving-messages

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

const decode = (text: string) => text.replace(/&(amp|lt|gt);/g, (_, e: string) => ENTITIES[e]!);

/** A label inside a neutral mention must not end it early. */
const label = (text: string) => decode(text).replace(/[<>|]/g, '').trim();

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

function controlSequence(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const name = bar >= 0 ? label(inner.slice(bar + 1)) : '';
  switch (target[0]) {
    case '@': {
      const id = target.slice(1);
      return USER_ID.test(id) ? `<@slack:${id}|${name || id}>` : `@${name || id}`;
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
 * With `should_escape: true`, Slack sends `&`, `<` and `>` the user typed as entities, and wraps
 * mentions, channels and links in `<…>`. Those become the neutral form; entities become the
 * characters typed.
 */
export function slackTextToNeutral(text: string): string {
  return text.replace(/<([^<>]*)>|&(amp|lt|gt);/g, (_all, inner: string | undefined, entity: string | undefined) =>
    entity ? ENTITIES[entity]! : controlSequence(inner ?? ''),
  );
}
