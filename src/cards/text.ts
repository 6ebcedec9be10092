// Renders a neutral Card as plain text: the console's screen and every platform's notification fallback.
// With `numbered`, buttons and select options become numbered choices the console user can type.
import { pageCount, pagerButtons, plain, spans, type Button, type Card, type CardElement, type Rich, type Select } from './card.js';

export interface TextChoice {
  n: number;
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

function richToText(value: Rich): string {
  return spans(value)
    .map((s) => (s.code ? `\`${s.text}\`` : s.text))
    .join('');
}

export function renderText(card: Card, options: { numbered?: boolean } = {}): RenderedText {
  const lines: string[] = [];
  const choices: TextChoice[] = [];
  const numbered = options.numbered ?? false;

  const button = (b: Button): string => {
    if (!numbered) return `[${b.label}]`;
    const n = choices.length + 1;
    choices.push({ n, actionId: b.actionId, value: b.value, label: b.label });
    return `[${n}] ${b.label}`;
  };
  const select = (s: Select): string => {
    if (!numbered) return `(${s.placeholder}: ${s.options.map((o) => o.label).join(' / ')})`;
    const opts = s.options.map((o) => {
      const n = choices.length + 1;
      const choice: TextChoice = { n, actionId: s.actionId, value: o.value, label: o.label };
      if (s.context !== undefined) choice.context = s.context;
      choices.push(choice);
      return `[${n}] ${o.label}${o.value === s.initial ? ' (current)' : ''}`;
    });
    return `${s.placeholder}: ${opts.join('  ')}`;
  };

  const element = (el: CardElement): void => {
    switch (el.type) {
      case 'section':
        lines.push(richToText(el.text));
        if (el.accessory) lines.push(`  ${el.accessory.type === 'button' ? button(el.accessory) : select(el.accessory)}`);
        break;
      case 'fields':
        for (const f of el.fields) lines.push(`${f.label}: ${richToText(f.value)}`);
        break;
      case 'actions':
        lines.push(`  ${el.elements.map((e) => (e.type === 'button' ? button(e) : select(e))).join('  ')}`);
        break;
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
          const nav = pagerButtons(list).map(button).join('  ');
          lines.push(`Page ${list.page} of ${pages} (${list.total} in all)${nav ? `  ${nav}` : ''}`);
        }
        break;
      }
    }
  };

  if (card.header) lines.push(card.header, '='.repeat(Math.min(plain(card.header).length, 60)));
  card.elements.forEach(element);
  return { text: lines.join('\n'), choices };
}

export function cardToText(card: Card): string {
  return card.fallback ?? renderText(card).text;
}
