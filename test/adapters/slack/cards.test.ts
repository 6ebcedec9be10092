// cardToBlockKit: exact Block Kit for every neutral element, user text escaped for mrkdwn, and every
// card kept within Slack's limits however long its content.
import { describe, expect, it } from 'vitest';
import { cardToBlockKit, cardToMessage, escapeMrkdwn, LIMITS, type Block } from '../../../adapters/slack/cards.js';
import { bold, code, literal, mention, pageOf, pagerValue, type Card } from '../../../src/cards/card.js';

const pt = (text: string) => ({ type: 'plain_text', text, emoji: true });
// Every mrkdwn object is verbatim: Slack's automatic parsing would turn a URL or #name in user text
// into a link; the bot writes its own links explicitly (`<url|label>`), which verbatim keeps.
const md = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
/** U+2060 WORD JOINER, which the renderer puts around a formatting marker in user text. */
const J = '\u2060';

/** Every limit Slack enforces on a message, checked on the rendered JSON. */
function expectWithinLimits(blocks: Block[], maxBlocks: number = LIMITS.blocks): void {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  const blockIds = blocks.map((b) => (b as { block_id?: string }).block_id).filter(Boolean);
  expect(new Set(blockIds).size).toBe(blockIds.length);
  for (const b of blocks as Record<string, any>[]) {
    if (b.block_id) expect(b.block_id.length).toBeLessThanOrEqual(255);
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
    if (b.type === 'section') {
      if (b.text) {
        expect(b.text.text.length).toBeGreaterThan(0);
        expect(b.text.text.length).toBeLessThanOrEqual(3000);
      }
      if (b.fields) {
        expect(b.fields.length).toBeLessThanOrEqual(10);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
    }
    if (b.type === 'context') for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    const elements: Record<string, any>[] = b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : [];
    if (b.type === 'actions') expect(elements.length).toBeLessThanOrEqual(25);
    const actionIds = elements.map((e) => e.action_id);
    expect(new Set(actionIds).size).toBe(actionIds.length);
    for (const e of elements) {
      expect(e.action_id.length).toBeLessThanOrEqual(255);
      if (e.type === 'button') {
        expect(e.text.text.length).toBeLessThanOrEqual(75);
        if (e.value !== undefined) expect(e.value.length).toBeLessThanOrEqual(2000);
      }
      if (e.type === 'static_select') {
        expect(e.options.length).toBeGreaterThan(0);
        expect(e.options.length).toBeLessThanOrEqual(100);
        for (const o of e.options) {
          expect(o.text.text.length).toBeLessThanOrEqual(75);
          expect(o.value.length).toBeLessThanOrEqual(150);
        }
      }
    }
  }
}

describe('user text shows literally', () => {
  const name = '*Chief* _Dana_ ~Holt~ `x` https://evil.example';
  const broken = `${J}*${J}Chief${J}*${J} ${J}_${J}Dana${J}_${J} ${J}~${J}Holt${J}~${J}`;

  it('a literal span (a name, an organization) keeps every marker from formatting, code included; Slack links nothing', () => {
    expect(
      cardToBlockKit({
        elements: [
          { type: 'section', text: ['Nominated: ', literal(name), ' — ', bold('_Real_ Name')] },
          { type: 'fields', fields: [{ label: 'Name', value: literal(name) }] },
          { type: 'list', list: { items: [{ title: literal(name), detail: literal('>quoted, &co') }], page: 1, pageSize: 20, total: 1, command: 'roster' } },
        ],
      }),
    ).toEqual([
      { type: 'section', text: md(`Nominated: ${broken} ${J}\`${J}x${J}\`${J} https://evil.example — *${J}_${J}Real${J}_${J} Name*`) },
      { type: 'section', fields: [md(`*Name*\n${broken} ${J}\`${J}x${J}\`${J} https://evil.example`)] },
      { type: 'section', text: md(`1. ${broken} ${J}\`${J}x${J}\`${J} https://evil.example — ${J}&gt;quoted, &amp;co`) },
    ]);
  });

  it('in the bot’s own sentences, backticks stay code, while *, _, ~ and a quote at a line start from user text do not format', () => {
    const blocks = cardToBlockKit({ elements: [{ type: 'section', text: `${name} asks; send \`/ppp vet @Dana_Holt\`.\n> not a quote\nPPP_ADMINS and snake_case stay as they are.` }] });
    expect(blocks).toEqual([
      { type: 'section', text: md(`${broken} \`x\` https://evil.example asks; send \`/ppp vet @Dana_Holt\`.\n${J}&gt; not a quote\nPPP_ADMINS and snake_case stay as they are.`) },
    ]);
  });

  it('the notification text is neutralised the same way', () => {
    expect(cardToMessage({ elements: [{ type: 'section', text: [literal(name)] }] }).text).toBe(`${broken} \`x\` https://evil.example`);
  });

  it('a mention of a Slack account is a real mention; any other account, or a malformed id, shows its name literally', () => {
    const blocks = cardToBlockKit({
      elements: [
        {
          type: 'section',
          text: [mention({ platform: 'slack', id: 'U0JANE' }, 'jane'), ', ', mention({ platform: 'teams', id: 'aad-1' }, '*Ray* <!here>'), ', ', mention({ platform: 'slack', id: 'U0X>|<!channel' }, 'Odd')],
        },
      ],
    });
    expect(blocks).toEqual([{ type: 'section', text: md(`<@U0JANE>, ${J}*${J}Ray${J}*${J} &lt;!here&gt;, Odd`) }]);
  });
});

describe('cardToBlockKit', () => {
  it('renders every neutral element as exact Block Kit', () => {
    const card: Card = {
      header: 'Nomination',
      elements: [
        { type: 'section', text: ['Request from ', bold('Jane <!channel> Doe'), ' ', { text: 'urgent ', italic: true }, code('a&b')] },
        { type: 'fields', fields: [{ label: 'Organization', value: 'Target <Corp>' }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', actionId: 'vet', label: 'Vet', value: '7', style: 'primary' },
            { type: 'button', actionId: 'vet', label: 'Vet again', value: '8' },
            { type: 'button', actionId: 'decline', label: 'Decline', value: '7', style: 'danger' },
          ],
        },
        {
          type: 'section',
          text: 'Executive buy-in',
          accessory: { type: 'select', actionId: 'mark', placeholder: 'Mark', context: 'item-1', options: [{ label: 'in place', value: 'yes' }, { label: 'not yet', value: 'no' }], initial: 'no' },
        },
        { type: 'context', text: [code('/ppp roster')] },
        { type: 'divider' },
        { type: 'input', input: { id: 'why', label: 'Why?', kind: 'text', required: true, placeholder: 'Because', maxLength: 200 } },
        { type: 'list', list: { items: [{ title: 'Member 21', detail: [bold('CSO')] }, { title: 'Member 22' }], page: 2, pageSize: 20, total: 45, command: 'roster cso' } },
      ],
    };
    const option = (text: string, value: string) => ({ text: pt(text), value });
    expect(cardToBlockKit(card)).toEqual([
      { type: 'header', text: pt('Nomination') },
      { type: 'section', text: md('Request from *Jane &lt;!channel&gt; Doe* _urgent_ `a&amp;b`') },
      { type: 'section', fields: [md('*Organization*\nTarget &lt;Corp&gt;')] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'vet', text: pt('Vet'), value: '7', style: 'primary' },
          { type: 'button', action_id: 'vet::1', text: pt('Vet again'), value: '8' },
          { type: 'button', action_id: 'decline', text: pt('Decline'), value: '7', style: 'danger' },
        ],
      },
      {
        type: 'section',
        block_id: 'ppp~1~item-1',
        text: md('Executive buy-in'),
        accessory: {
          type: 'static_select',
          action_id: 'mark',
          placeholder: pt('Mark'),
          options: [option('in place', 'yes'), option('not yet', 'no')],
          initial_option: option('not yet', 'no'),
        },
      },
      { type: 'context', elements: [md('`/ppp roster`')] },
      { type: 'divider' },
      {
        type: 'input',
        block_id: 'in~why',
        label: pt('Why?'),
        optional: false,
        element: { type: 'plain_text_input', action_id: 'value', placeholder: pt('Because'), max_length: 200 },
      },
      { type: 'section', text: md('21. Member 21 — *CSO*\n22. Member 22') },
      { type: 'context', elements: [md('Page 2 of 3 (45 in all)')] },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'ppp.page', text: pt('Previous'), value: pagerValue('roster cso', 1) },
          { type: 'button', action_id: 'ppp.page::1', text: pt('Next'), value: pagerValue('roster cso', 3) },
        ],
      },
    ]);
  });

  it('renders select and multiselect inputs with their chosen options, and a hint', () => {
    const options = [{ label: 'Urgent', value: 'urgent' }, { label: 'Info', value: 'info' }];
    expect(
      cardToBlockKit({
        elements: [
          { type: 'input', input: { id: 'sev', label: 'Severity', kind: 'select', options, initial: 'info', hint: 'How bad?' } },
          { type: 'input', input: { id: 'caps', label: 'Capabilities', kind: 'multiselect', required: true, options, initial: ['urgent'] } },
          { type: 'input', input: { id: 'notes', label: 'Notes', kind: 'multiline', initial: 'so far' } },
        ],
      }),
    ).toEqual([
      {
        type: 'input',
        block_id: 'in~sev',
        label: pt('Severity'),
        optional: true,
        hint: pt('How bad?'),
        element: {
          type: 'static_select',
          action_id: 'value',
          options: [{ text: pt('Urgent'), value: 'urgent' }, { text: pt('Info'), value: 'info' }],
          initial_option: { text: pt('Info'), value: 'info' },
        },
      },
      {
        type: 'input',
        block_id: 'in~caps',
        label: pt('Capabilities'),
        optional: false,
        element: {
          type: 'multi_static_select',
          action_id: 'value',
          options: [{ text: pt('Urgent'), value: 'urgent' }, { text: pt('Info'), value: 'info' }],
          initial_options: [{ text: pt('Urgent'), value: 'urgent' }],
        },
      },
      { type: 'input', block_id: 'in~notes', label: pt('Notes'), optional: true, element: { type: 'plain_text_input', action_id: 'value', multiline: true, initial_value: 'so far' } },
    ]);
  });

  it('marks a refusal or an error on its first block, and gives a text fallback', () => {
    expect(cardToMessage({ elements: [{ type: 'section', text: 'Members only.' }], tone: 'refusal' })).toEqual({
      text: 'Members only.',
      blocks: [{ type: 'section', text: md(':no_entry: Members only.') }],
    });
    expect(cardToBlockKit({ header: 'Oops', elements: [], tone: 'error' })).toEqual([{ type: 'header', text: pt(':warning: Oops') }]);
    expect(cardToBlockKit({ elements: [{ type: 'divider' }], tone: 'error' })).toEqual([
      { type: 'context', elements: [md(':warning: Something went wrong')] },
      { type: 'divider' },
    ]);
  });

  it('escapes <!channel>, <!here> and <@U…> in every place user text can go', () => {
    const evil = '<!channel> <!here> <@U123> & <#C1>';
    const safe = '&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &amp; &lt;#C1&gt;';
    expect(escapeMrkdwn(evil)).toBe(safe);
    const msg = cardToMessage({
      header: evil,
      elements: [
        { type: 'section', text: evil },
        { type: 'fields', fields: [{ label: evil, value: [bold(evil)] }] },
        { type: 'context', text: evil },
        { type: 'list', list: { items: [{ title: evil, detail: evil }], page: 1, pageSize: 20, total: 1, command: 'x', empty: evil } },
      ],
    });
    const json = JSON.stringify({ text: msg.text, blocks: msg.blocks.slice(1) });
    expect(json).not.toMatch(/<[!@#]/);
    expect(msg.text).toContain(safe);
    // The header is plain text, which Slack never parses for mentions: it stays as written.
    expect(msg.blocks[0]).toEqual({ type: 'header', text: pt(evil) });
  });

  it('cuts headers, buttons and options to Slack’s lengths with a visible …, and drops what cannot be cut', () => {
    const blocks = cardToBlockKit({
      header: 'H'.repeat(200),
      elements: [
        {
          type: 'actions',
          elements: [
            { type: 'button', actionId: 'a', label: 'L'.repeat(100), value: 'v' },
            { type: 'button', actionId: 'b', label: 'too big', value: 'v'.repeat(2001) },
            { type: 'select', actionId: 'c', placeholder: 'P'.repeat(200), options: [...Array.from({ length: 120 }, (_, i) => ({ label: `O${i}`.repeat(30), value: `v${i}` })), { label: 'long', value: 'x'.repeat(151) }] },
          ],
        },
      ],
    }) as Record<string, any>[];
    expect(blocks[0]!.text.text).toBe(`${'H'.repeat(149)}…`);
    const [btn, sel] = blocks[1]!.elements;
    expect(btn.text.text).toBe(`${'L'.repeat(74)}…`);
    expect(blocks[1]!.elements).toHaveLength(2);
    expect(sel.options).toHaveLength(100);
    expect(sel.placeholder.text).toHaveLength(150);
    expectWithinLimits(blocks as Block[]);
  });

  it('splits long text, many fields and many buttons into several blocks', () => {
    const long = `${'word '.repeat(1400)}end`;
    const blocks = cardToBlockKit({
      elements: [
        { type: 'section', text: long },
        { type: 'fields', fields: Array.from({ length: 12 }, (_, i) => ({ label: `F${i}`, value: 'v'.repeat(2500) })) },
        { type: 'actions', elements: Array.from({ length: 30 }, (_, i) => ({ type: 'button' as const, actionId: 'same', label: `B${i}`, value: String(i) })) },
      ],
    }) as Record<string, any>[];
    const sections = blocks.filter((b) => b.type === 'section' && b.text);
    expect(sections).toHaveLength(3);
    expect(sections.map((s) => s.text.text).join(' ')).toBe(long.trim());
    const fieldBlocks = blocks.filter((b) => b.fields);
    expect(fieldBlocks.map((b) => b.fields.length)).toEqual([10, 2]);
    expect(fieldBlocks[0]!.fields[0].text.endsWith('…')).toBe(true);
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.map((b) => b.elements.length)).toEqual([25, 5]);
    expectWithinLimits(blocks as Block[]);
  });

  it('never cuts an escaped entity in half', () => {
    const [block] = cardToBlockKit({ elements: [{ type: 'context', text: `${'x'.repeat(2996)}<<<<` }] }) as Record<string, any>[];
    expect(block!.elements[0].text).toBe(`${'x'.repeat(2996)}…`);
  });

  it('keeps a paged list of 500 entries within limits on every page', () => {
    const all = Array.from({ length: 500 }, (_, i) => ({ title: [bold(`Member ${i + 1}`), ' of Some Organization <Inc>'], detail: `24/7: +1 612 555 ${String(i).padStart(4, '0')}` }));
    for (const page of [1, 2, 13, 25]) {
      const { items, total } = pageOf(all, page);
      const blocks = cardToBlockKit({ header: 'Roster', elements: [{ type: 'list', list: { items, page, pageSize: 20, total, command: 'roster' } }] });
      expectWithinLimits(blocks);
      const json = JSON.stringify(blocks);
      expect(json).toContain(`Page ${page} of 25 (500 in all)`);
      expect(json).toContain(`${(page - 1) * 20 + 1}. *Member ${(page - 1) * 20 + 1}*`);
    }
    // All 500 on one page, each entry long: still within 50 blocks, and the pager stays last.
    const fat = all.map((item) => ({ ...item, detail: 'd'.repeat(2900) }));
    const blocks = cardToBlockKit({ elements: [{ type: 'list', list: { items: fat, page: 1, pageSize: 500, total: 1000, command: 'roster' } }] });
    expectWithinLimits(blocks);
    expect(blocks).toHaveLength(50);
    expect(blocks[48]).toEqual({ type: 'context', elements: [md('… 453 more not shown: too long for one Slack message.')] });
    expect((blocks[49] as { type: string }).type).toBe('actions');
  });

  it('keeps select contexts apart: a block per context, ids unique within the message', () => {
    const sel = (context: string) => ({ type: 'select' as const, actionId: 'mark', placeholder: 'Mark', context, options: [{ label: 'yes', value: 'y' }] });
    const blocks = cardToBlockKit({
      elements: [
        { type: 'section', text: 'A', accessory: sel('item-1') },
        { type: 'section', text: 'B', accessory: sel('item-1') },
        { type: 'actions', elements: [sel('item-2'), sel('item-3')] },
      ],
    }) as Record<string, any>[];
    expect(blocks.map((b) => b.block_id)).toEqual(['ppp~1~item-1', 'ppp~2~item-1', 'ppp~3~item-2', 'ppp~4~item-3']);
    expectWithinLimits(blocks as Block[]);
  });
});
