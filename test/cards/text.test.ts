// cardToText / renderText: the console's screen and the notification fallback, exact output.
import { describe, expect, it } from 'vitest';
import { bold, code, literal, mention, pageOf, pagerValue, parsePagerValue, type Card } from '../../src/cards/card.js';
import { cardToText, renderText } from '../../src/cards/text.js';

const sample: Card = {
  header: 'Nomination',
  elements: [
    { type: 'section', text: ['Request from ', bold('Jane <!channel> Doe')] },
    { type: 'fields', fields: [{ label: 'Organization', value: 'Target Corp' }] },
    {
      type: 'actions',
      elements: [
        { type: 'button', actionId: 'vet', label: 'Vet', value: '7', style: 'primary' },
        { type: 'button', actionId: 'decline', label: 'Decline', value: '7' },
      ],
    },
    { type: 'section', text: 'Executive buy-in', accessory: { type: 'select', actionId: 'mark', placeholder: 'Mark', context: 'item-1', options: [{ label: 'in place', value: 'yes' }, { label: 'not yet', value: 'no' }], initial: 'no' } },
    { type: 'context', text: [code('/ppp roster')] },
    { type: 'divider' },
  ],
};

describe('renderText', () => {
  it('shows a mention as the name, and literal text as typed', () => {
    expect(cardToText({ elements: [{ type: 'section', text: [mention({ platform: 'slack', id: 'U0JANE' }, 'Jane *Doe*'), ' of ', literal('_Acme_ `Corp`')] }] })).toBe('Jane *Doe* of _Acme_ `Corp`');
  });

  it('renders every element as plain text, user text untouched', () => {
    expect(cardToText(sample)).toBe(
      [
        'Nomination',
        '==========',
        'Request from Jane <!channel> Doe',
        'Organization: Target Corp',
        '  [Vet]  [Decline]',
        'Executive buy-in',
        '  (Mark: in place / not yet)',
        '(`/ppp roster`)',
        '—'.repeat(20),
      ].join('\n'),
    );
  });

  it('numbers buttons and options for the console, in order', () => {
    const { text, choices } = renderText(sample, { numbered: true });
    expect(text).toContain('  [1] Vet  [2] Decline');
    expect(text).toContain('  Mark: [3] in place  [4] not yet (current)');
    expect(choices.map((c) => [c.key, c.actionId, c.value, c.context])).toEqual([
      ['1', 'vet', '7', undefined],
      ['2', 'decline', '7', undefined],
      ['3', 'mark', 'yes', 'item-1'],
      ['4', 'mark', 'no', 'item-1'],
    ]);
  });

  it('pages a long list with Next / Previous that re-run the command', () => {
    const all = Array.from({ length: 45 }, (_, i) => ({ title: `Member ${i + 1}` }));
    const { items, page, total } = pageOf(all, 2, 20);
    const { text, choices } = renderText(
      { elements: [{ type: 'list', list: { items, page, total, pageSize: 20, command: 'roster cso' } }] },
      { numbered: true },
    );
    expect(text.split('\n')[0]).toBe('21. Member 21');
    expect(text).toContain('Page 2 of 3 (45 in all)  [p] Previous  [n] Next');
    expect(choices.map((c) => c.key)).toEqual(['p', 'n']);
    expect(choices.map((c) => parsePagerValue(c.value))).toEqual([
      { command: 'roster cso', page: 1 },
      { command: 'roster cso', page: 3 },
    ]);
  });

  it('clamps a page out of range and rejects a forged pager value', () => {
    expect(pageOf([1, 2, 3], 99, 2).page).toBe(2);
    expect(pageOf([], 3, 2)).toEqual({ items: [], page: 1, total: 0 });
    expect(parsePagerValue('{"c":1}')).toBeUndefined();
    expect(parsePagerValue('not json')).toBeUndefined();
    expect(parsePagerValue(pagerValue('help', 2))).toEqual({ command: 'help', page: 2 });
  });

  it('on a numbered screen, a card’s choices carry its number, and a typed select lists no options', () => {
    const typed: Card = { elements: [{ type: 'section', text: '12. Agendas?', accessory: { type: 'select', actionId: 'mark', placeholder: 'Mark…', options: [{ label: 'in place', value: 'in' }], typed: true } }] };
    expect(renderText(typed, { numbered: true, card: 3 })).toEqual({ text: '12. Agendas?', choices: [] });
    expect(renderText(sample, { numbered: true, card: 2 }).text).toContain('  [2.1] Vet  [2.2] Decline');
  });

  it('shows only the header and the brief of an edit when asked and the card has one', () => {
    const card: Card = { header: 'Review #1', elements: [{ type: 'section', text: 'every question' }], brief: ['1 member taking part'] };
    expect(renderText(card, { brief: true }).text).toBe('Review #1\n=========\n1 member taking part');
    expect(renderText({ ...card, brief: undefined }, { brief: true }).text).toContain('every question');
  });

  it('uses the fallback when a card has one', () => {
    expect(cardToText({ elements: [], fallback: 'Alert: water main' })).toBe('Alert: water main');
  });
});
