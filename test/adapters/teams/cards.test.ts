// cardToAdaptiveCard: exact JSON for every neutral element, Microsoft's parser
// at 1.5 finds nothing wrong, user text stays literal, and lists page within Teams' size limit.
import { describe, expect, it } from 'vitest';
import { cardBytes, cardToAdaptiveCard, MAX_CARD_BYTES, renderForTeams } from '../../../adapters/teams/cards.js';
import { bold, code, literal, mention, message, PAGE_ACTION, pageOf, pagerValue, type Card } from '../../../src/cards/card.js';
import { allNodes, checked } from './adaptive.js';

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';


describe('user text shows literally on Teams', () => {
  it('a literal span and a mention are plain TextRuns (never markdown), a mention shows the name Teams gives', () => {
    const name = '*Chief* _Dana_ ~Holt~ **x** [y](https://evil.example) https://evil.example';
    const card = cardToAdaptiveCard({
      elements: [
        { type: 'section', text: ['Account: ', mention({ platform: 'teams', id: 'aad-1' }, name), ' · ', mention({ platform: 'slack', id: 'U0JANE' }, 'jane')] },
        { type: 'fields', fields: [{ label: 'Organization', value: literal(name) }] },
      ],
    });
    expect(checked(card).body).toEqual([
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Account: ' }, { type: 'TextRun', text: name }, { type: 'TextRun', text: ' · ' }, { type: 'TextRun', text: 'jane' }] },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Organization: ', weight: 'Bolder' }, { type: 'TextRun', text: name }] },
    ]);
    expect(JSON.stringify(card)).not.toContain('"type":"TextBlock"');
  });
});

describe('cardToAdaptiveCard', () => {
  it('renders a plain message as one RichTextBlock', () => {
    expect(checked(cardToAdaptiveCard(message('Hello.')))).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      fallbackText: 'Hello.',
      body: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Hello.' }] }],
    });
  });

  it('renders every element of the neutral card, exactly', () => {
    const card: Card = {
      header: 'Nomination',
      elements: [
        { type: 'section', text: ['Request from ', bold('Jane Doe'), ' — see ', { text: 'the roadmap', link: 'https://example.org/ppp' }] },
        { type: 'fields', fields: [{ label: 'Organization', value: 'Target Corp' }, { label: 'Tier', value: [code('board')] }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', actionId: 'member.vet', label: 'Vet', value: '7', style: 'primary' },
            { type: 'button', actionId: 'member.decline', label: 'Decline', value: '7', style: 'danger' },
            { type: 'button', actionId: 'member.later', label: 'Later' },
          ],
        },
        { type: 'divider' },
        {
          type: 'section',
          text: 'Executive buy-in',
          accessory: {
            type: 'select',
            actionId: 'checklist.mark',
            placeholder: 'Mark',
            context: 'item-1',
            initial: 'no',
            options: [
              { label: 'in place', value: 'yes' },
              { label: 'not yet', value: 'no' },
            ],
          },
        },
        { type: 'input', input: { id: 'reason', label: 'Reason', kind: 'text', required: true, maxLength: 200 } },
        { type: 'context', text: ['Send ', code('@PPP help'), ' for more.'] },
      ],
    };
    expect(checked(cardToAdaptiveCard(card))).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      fallbackText: [
        'Nomination',
        '==========',
        'Request from Jane Doe — see the roadmap',
        'Organization: Target Corp',
        'Tier: `board`',
        '  [Vet]  [Decline]  [Later]',
        '—'.repeat(20),
        'Executive buy-in',
        '  (Mark: in place / not yet)',
        'Reason: ____',
        '(Send `@PPP help` for more.)',
      ].join('\n'),
      body: [
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Nomination', size: 'Large', weight: 'Bolder' }] },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: 'Request from ' },
            { type: 'TextRun', text: 'Jane Doe', weight: 'Bolder' },
            { type: 'TextRun', text: ' — see ' },
            { type: 'TextRun', text: 'the roadmap', selectAction: { type: 'Action.OpenUrl', url: 'https://example.org/ppp' } },
          ],
        },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: 'Organization: ', weight: 'Bolder' },
            { type: 'TextRun', text: 'Target Corp' },
          ],
        },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: 'Tier: ', weight: 'Bolder' },
            { type: 'TextRun', text: 'board', fontType: 'Monospace' },
          ],
        },
        {
          type: 'ActionSet',
          actions: [
            { type: 'Action.Submit', title: 'Vet', data: { _ppp: { k: 'a', a: 'member.vet', v: '7' } }, style: 'positive' },
            { type: 'Action.Submit', title: 'Decline', data: { _ppp: { k: 'a', a: 'member.decline', v: '7' } }, style: 'destructive' },
            { type: 'Action.Submit', title: 'Later', data: { _ppp: { k: 'a', a: 'member.later' } } },
          ],
        },
        {
          type: 'RichTextBlock',
          inlines: [{ type: 'TextRun', text: 'Executive buy-in' }],
          separator: true,
          spacing: 'Medium',
        },
        {
          type: 'Input.ChoiceSet',
          id: '_ppp_sel_0',
          style: 'compact',
          placeholder: 'Mark',
          choices: [
            { title: 'in place', value: 'yes' },
            { title: 'not yet', value: 'no' },
          ],
          value: 'no',
        },
        {
          type: 'Input.Text',
          id: 'reason',
          label: 'Reason',
          maxLength: 200,
          isRequired: true,
          errorMessage: 'Reason is required.',
        },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: 'Send ', isSubtle: true, size: 'Small' },
            { type: 'TextRun', text: '@PPP help', isSubtle: true, size: 'Small', fontType: 'Monospace' },
            { type: 'TextRun', text: ' for more.', isSubtle: true, size: 'Small' },
          ],
        },
      ],
      actions: [
        {
          type: 'Action.Submit',
          title: 'Save',
          style: 'positive',
          data: { _ppp: { k: 's', s: [{ i: '_ppp_sel_0', a: 'checklist.mark', c: 'item-1', v: 'no' }] } },
        },
      ],
    });
  });

  it('renders a paged list with its position and the Previous / Next buttons', () => {
    const card: Card = {
      elements: [
        {
          type: 'list',
          list: { items: [{ title: 'Ann Lee', detail: 'Target Corp' }, { title: [bold('Bo Ray')] }], page: 2, pageSize: 2, total: 5, command: 'roster cso' },
        },
      ],
    };
    expect(checked(cardToAdaptiveCard(card)).body).toEqual([
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: '3. ' },
          { type: 'TextRun', text: 'Ann Lee' },
          { type: 'TextRun', text: ' — ' },
          { type: 'TextRun', text: 'Target Corp', isSubtle: true },
        ],
      },
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: '4. ' },
          { type: 'TextRun', text: 'Bo Ray', weight: 'Bolder' },
        ],
      },
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Page 2 of 3 (5 in all)', isSubtle: true, size: 'Small' }] },
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Submit', title: 'Previous', data: { _ppp: { k: 'a', a: PAGE_ACTION, v: pagerValue('roster cso', 1) } } },
          { type: 'Action.Submit', title: 'Next', data: { _ppp: { k: 'a', a: PAGE_ACTION, v: pagerValue('roster cso', 3) } } },
        ],
      },
    ]);
  });

  it('says so when a list is empty', () => {
    const card: Card = { elements: [{ type: 'list', list: { items: [], page: 1, pageSize: 20, total: 0, command: 'who cyber', empty: 'Nobody offers that yet.' } }] };
    expect(checked(cardToAdaptiveCard(card)).body).toEqual([
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Nobody offers that yet.', isSubtle: true }] },
    ]);
  });

  it('shows a refusal and an error in a warning / attention container', () => {
    expect(checked(cardToAdaptiveCard(message('Not for you.', 'refusal'))).body).toEqual([
      { type: 'Container', style: 'warning', items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Not for you.' }] }] },
    ]);
    expect(checked(cardToAdaptiveCard(message('It broke.', 'error'))).body).toEqual([
      { type: 'Container', style: 'attention', items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'It broke.' }] }] },
    ]);
  });

  it('keeps user text literal: markdown links, mentions and HTML are TextRuns, never markdown', () => {
    const hostile = '[x](https://e) **loud** <at>Everyone</at> <b>hi</b> &amp; _it_';
    const card = checked(
      cardToAdaptiveCard({
        header: hostile,
        elements: [
          { type: 'section', text: hostile },
          { type: 'fields', fields: [{ label: 'Title', value: hostile }] },
          { type: 'context', text: hostile },
          { type: 'list', list: { items: [{ title: hostile, detail: hostile }], page: 1, pageSize: 20, total: 1, command: 'x' } },
        ],
      }),
    );
    const nodes = allNodes(card.body);
    // Only TextRuns carry text, and Teams never parses a TextRun as markdown.
    expect(nodes.filter((n) => n.type === 'TextBlock')).toEqual([]);
    const runs = nodes.filter((n) => n.type === 'TextRun').map((n) => n.text);
    expect(runs.filter((t) => t === hostile)).toHaveLength(6);
    // A link made from user text is never followed.
    expect(nodes.filter((n) => n.type === 'Action.OpenUrl')).toEqual([]);
  });

  it('follows only the bot’s own http(s) links', () => {
    const card = cardToAdaptiveCard(message([{ text: 'run', link: 'javascript:alert(1)' }, { text: 'ok', link: 'https://example.org/' }]));
    expect(card.body).toEqual([
      {
        type: 'RichTextBlock',
        inlines: [
          { type: 'TextRun', text: 'run' },
          { type: 'TextRun', text: 'ok', selectAction: { type: 'Action.OpenUrl', url: 'https://example.org/' } },
        ],
      },
    ]);
  });

  it('gives a card with several selects one Save that carries each select’s action and context', () => {
    const select = (n: number, initial?: string) => ({
      type: 'select' as const,
      actionId: 'checklist.mark',
      placeholder: 'Mark',
      context: `item-${n}`,
      options: [
        { label: 'in place', value: 'yes' },
        { label: 'not yet', value: 'no' },
      ],
      ...(initial ? { initial } : {}),
    });
    const card = checked(
      cardToAdaptiveCard({
        elements: [
          { type: 'section', text: 'One', accessory: select(1) },
          { type: 'section', text: 'Two', accessory: select(2, 'yes') },
          { type: 'actions', elements: [select(3), { type: 'button', actionId: 'checklist.close', label: 'Close review' }] },
        ],
      }),
    );
    expect(card.actions).toEqual([
      {
        type: 'Action.Submit',
        title: 'Save',
        style: 'positive',
        data: {
          _ppp: {
            k: 's',
            s: [
              { i: '_ppp_sel_0', a: 'checklist.mark', c: 'item-1' },
              { i: '_ppp_sel_1', a: 'checklist.mark', c: 'item-2', v: 'yes' },
              { i: '_ppp_sel_2', a: 'checklist.mark', c: 'item-3' },
            ],
          },
        },
      },
    ]);
    const ids = allNodes(card.body).filter((n) => n.type === 'Input.ChoiceSet').map((n) => n.id);
    expect(ids).toEqual(['_ppp_sel_0', '_ppp_sel_1', '_ppp_sel_2']);
    // A card without selects has no Save.
    expect(cardToAdaptiveCard(message('plain')).actions).toBeUndefined();
  });

  it('pages a list of 500 entries: every page valid, under 80 KB, with the right buttons', () => {
    const all = Array.from({ length: 500 }, (_, i) => ({
      title: [bold(`Member ${i + 1} — ${'Chief of Police, '.repeat(3)}`)],
      detail: `Organization ${i + 1}, 24/7 line +1 612 555 ${String(i).padStart(4, '0')}; ${'capabilities: CCTV footage, staging areas, logistics; '.repeat(2)}`,
    }));
    const pages = Math.ceil(500 / 20);
    for (const page of [1, 2, 13, pages]) {
      const { items, total } = pageOf(all, page, 20);
      const card = checked(
        cardToAdaptiveCard({ header: 'Roster', elements: [{ type: 'list', list: { items, page, pageSize: 20, total, command: 'roster' } }] }),
      );
      const titles = allNodes(card.body).filter((n) => n.type === 'Action.Submit').map((n) => n.title);
      expect(titles).toEqual(page === 1 ? ['Next'] : page === pages ? ['Previous'] : ['Previous', 'Next']);
      expect(JSON.stringify(card)).toContain(`Page ${page} of ${pages} (500 in all)`);
    }
  });

  it('cuts a card that would pass the size limit down to its text, and says so', () => {
    const huge = message('x'.repeat(120_000));
    expect(cardBytes(cardToAdaptiveCard(huge))).toBeGreaterThan(MAX_CARD_BYTES);
    const sent = checked(renderForTeams(huge));
    expect(JSON.stringify(sent)).toContain('This message was too long for Teams and has been shortened.');
    // A card within the limit is sent as rendered.
    expect(renderForTeams(message('short'))).toEqual(cardToAdaptiveCard(message('short')));
  });
});
