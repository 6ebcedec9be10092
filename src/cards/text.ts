// Renders a neutral Card as plain text: the console's screen and every platform's notification fallback.
// With `numbered`, buttons and select options become choices the console user can type: `2.1` (card 2,
// choice 1) when the screen numbers its cards, and `n` / `p` for a list's next and previous page.
import { pageCount, pagerButtons, plain, spans, type Button, type Card, type CardElement, type Rich, type Select } from './card.js';

export interface TextChoice {
  /** What is typed after the card's number to press it: `1`, `2`…, or `n` / `p` for a pager. */
  key: string;
  actionId: string;
  value: string | undefined;
  label: string;
  /** For a select option: the select's context (which item it marks). */
  context?: string;
}

export interface RenderedText {
  text: string;
  choices: TextChoice[];
}

export interface TextOptions {
  /** Show buttons and options as choices to type. */
  numbered?: boolean;
  /** The card's number on the screen: choices read `[2.1]`. Without it, `[1]`. */
  card?: number;
  /** Only the card's header and its brief, when it has one (an edit printed below the original). */
  brief?: boolean;
}

function richToText(value: Rich): string {
  return spans(value)
    .map((s) => (s.code ? `\`${s.text}\`` : s.text))
    .join('');
}

export function renderText(card: Card, options: TextOptions = {}): RenderedText {
  const lines: string[] = [];
  const choices: TextChoice[] = [];
  const numbered = options.numbered ?? false;
  const tag = (key: string) => (options.card === undefined || key === 'n' || key === 'p' ? `[${key}]` : `[${options.card}.${key}]`);
  let counted = 0;

  const button = (b: Button, key = String(++counted)): string => {
    if (!numbered) return `[${b.label}]`;
    choices.push({ key, actionId: b.actionId, value: b.value, label: b.label });
    return `${tag(key)} ${b.label}`;
  };
  const select = (s: Select): string | undefined => {
    if (!numbered) return `(${s.placeholder}: ${s.options.map((o) => o.label).join(' / ')})`;
    if (s.typed) return undefined;
    const opts = s.options.map((o) => {
      const key = String(++counted);
      const choice: TextChoice = { key, actionId: s.actionId, value: o.value, label: o.label };
      if (s.context !== undefined) choice.context = s.context;
      choices.push(choice);
      return `${tag(key)} ${o.label}${o.value === s.initial ? ' (current)' : ''}`;
    });
    return `${s.placeholder}: ${opts.join('  ')}`;
  };
  const control = (c: Button | Select) => (c.type === 'button' ? button(c) : select(c));

  const element = (el: CardElement): void => {
    switch (el.type) {
      case 'section': {
        lines.push(richToText(el.text));
        const accessory = el.accessory && control(el.accessory);
        if (accessory) lines.push(`  ${accessory}`);
        break;
      }
      case 'fields':
        for (const f of el.fields) lines.push(`${f.label}: ${richToText(f.value)}`);
        break;
      case 'actions': {
        const shown = el.elements.map(control).filter((c): c is string => c !== undefined);
        if (shown.length) lines.push(`  ${shown.join('  ')}`);
        break;
      }
      case 'input':
        lines.push(`${el.input.label}${el.input.required ? '' : ' (optional)'}: ____`);
        break;
      case 'context':
        lines.push(`(${richToText(el.text)})`);
        break;
      case 'divider':
        lines.push('—'.repeat(20));
        break;
      case 'list': {
        const { list } = el;
        if (list.items.length === 0) {
          lines.push(list.empty ?? 'Nothing to show.');
          break;
        }
        const first = (list.page - 1) * list.pageSize;
        list.items.forEach((item, i) => {
          const detail = item.detail === undefined ? '' : ` — ${richToText(item.detail)}`;
          lines.push(`${first + i + 1}. ${richToText(item.title)}${detail}`);
        });
        const pages = pageCount(list);
        if (pages > 1) {
          // Next and Previous keep their keys on every page: pressing `n` twice goes forward twice.
          const nav = pagerButtons(list)
            .map((b) => button(b, b.label === 'Next' ? 'n' : 'p'))
            .join('  ');
          lines.push(`Page ${list.page} of ${pages} (${list.total} in all)${nav ? `  ${nav}` : ''}`);
        }
        break;
      }
    }
  };

  if (card.header) lines.push(card.header, '='.repeat(Math.min(plain(card.header).length, 60)));
  if (options.brief && card.brief) lines.push(...card.brief.map(richToText));
  else card.elements.forEach(element);
  return { text: lines.join('\n'), choices };
}

export function cardToText(card: Card): string {
  return card.fallback ?? renderText(card).text;
}
