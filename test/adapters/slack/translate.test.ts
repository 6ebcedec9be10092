// The pure translations between Slack and the neutral core: command text and mentions, turns and
// scopes, modals and their metadata, submitted values, field errors and action ids.
import { describe, expect, it } from 'vitest';
import { actionInput } from '../../../adapters/slack/actions.js';
import { contextOfBlockId, neutralActionId } from '../../../adapters/slack/ids.js';
import { slackTextToNeutral } from '../../../adapters/slack/mentions.js';
import { decodeFormMeta, encodeFormMeta, formToView, readInputValues, slackFieldErrors } from '../../../adapters/slack/modals.js';
import { scopeOf, slackTurn } from '../../../adapters/slack/turn.js';
import { composeLine } from '../../../src/commands/line.js';
import { tokenize } from '../../../src/commands/tokenize.js';

const pt = (text: string) => ({ type: 'plain_text', text, emoji: true });

describe('slackTextToNeutral', () => {
  const slack = (id: string) => ({ platform: 'slack', id });
  const typedOnly = (text: string) => {
    const parts = slackTextToNeutral(text);
    expect(parts.every((p) => typeof p === 'string')).toBe(true);
    return parts.join('');
  };

  it('sets the mentions Slack encoded beside the text, as people the tokenizer reads', () => {
    const parts = slackTextToNeutral('nominate <@U0ABC123|jane.doe> and <@W0XYZ>');
    expect(parts).toEqual(['nominate ', { mention: slack('U0ABC123'), label: 'jane.doe' }, ' and ', { mention: slack('W0XYZ'), label: 'W0XYZ' }]);
    expect(tokenize(composeLine(parts)).filter((t) => t.kind === 'user')).toMatchObject([
      { identity: 'slack:U0ABC123', label: 'jane.doe' },
      { identity: 'slack:W0XYZ', label: 'W0XYZ' },
    ]);
    // The label is text Slack showed; it keeps what was escaped in it.
    expect(slackTextToNeutral('<@U0ABC|x&gt;y>')).toEqual([{ mention: slack('U0ABC'), label: 'x>y' }]);
  });

  it('keeps typed text that looks like a mention as text: Slack escaped its `<`', () => {
    const typed = 'nominate &lt;@slack:UEVIL|Chief Dana Holt (Minneapolis PD)&gt; &lt;@UEVIL|x&gt;';
    expect(typedOnly(typed)).toBe('nominate <@slack:UEVIL|Chief Dana Holt (Minneapolis PD)> <@UEVIL|x>');
    expect(tokenize(composeLine(slackTextToNeutral(typed))).filter((t) => t.kind === 'user')).toEqual([]);
  });

  it('makes channels, special mentions and links plain text, and entities the characters typed', () => {
    expect(typedOnly('vet <#C0123|security-chiefs> <!here> <!subteam^S1|@cso-team>')).toBe('vet #security-chiefs @here @cso-team');
    expect(typedOnly('see <https://example.org/a?b=1&amp;c=2|example.org> or <mailto:a@b.org|a@b.org>')).toBe('see https://example.org/a?b=1&c=2 or a@b.org');
    expect(typedOnly('AT&amp;T &lt;b&gt; 5 &gt; 3')).toBe('AT&T <b> 5 > 3');
    // Entities are decoded once: a typed `&amp;lt;` is the text `&lt;`.
    expect(typedOnly('a &amp;lt; b <https://e.org/?q=&amp;lt;>')).toBe('a &lt; b https://e.org/?q=&lt;');
  });
});

describe('slackTurn', () => {
  it('builds the neutral turn with scope from the channel', () => {
    expect(slackTurn({ team: 'T1', channel: 'C1', channelName: 'general', user: 'U1AB', userName: 'jane', prefix: '/ppp ' })).toEqual({
      platform: 'slack',
      identity: { platform: 'slack', id: 'U1AB' },
      displayName: 'jane',
      conversation: 'slack:T1:C1',
      scope: 'channel',
      prefix: '/ppp ',
    });
    expect(scopeOf('D0123')).toBe('personal');
    expect(scopeOf('G0123', 'mpdm-a--b--c-1')).toBe('group');
    expect(scopeOf('G0123', 'privategroup')).toBe('channel');
    expect(slackTurn({ team: 'T1', channel: 'C1', user: 'U1AB', threadTs: '1790000000.000100' })?.conversation).toBe('slack:T1:C1:1790000000.000100');
  });

  it('refuses ids that would corrupt an address or are not Slack users', () => {
    expect(slackTurn({ team: 'T1', channel: 'C1:x', user: 'U1AB' })).toBeUndefined();
    expect(slackTurn({ team: 'T1', channel: 'C1', user: 'bob' })).toBeUndefined();
    expect(slackTurn({ team: ['T1'], channel: 'C1', user: 'U1AB' })).toBeUndefined();
    expect(slackTurn({ team: 'T1', channel: 'C1', user: 'U1AB', threadTs: 'x:y' })?.conversation).toBe('slack:T1:C1');
  });
});

describe('modals', () => {
  const form = {
    id: 'join',
    title: 'Ask to join',
    submitLabel: 'Send request',
    intro: 'A coordinator will vet you.',
    inputs: [{ id: 'org', label: 'Organization', kind: 'text' as const, required: true }],
    state: 's1',
  };

  it('renders a form as a modal with its metadata', () => {
    const meta = encodeFormMeta({ formId: 'join', state: 's1', conversation: 'slack:T1:C1', scope: 'channel', prefix: '/ppp ' });
    expect(formToView(form, meta)).toEqual({
      type: 'modal',
      callback_id: 'ppp.form',
      private_metadata: meta,
      title: pt('Ask to join'),
      submit: pt('Send request'),
      close: pt('Cancel'),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'A coordinator will vet you.' } },
        { type: 'input', block_id: 'in~org', label: pt('Organization'), optional: false, element: { type: 'plain_text_input', action_id: 'value' } },
      ],
    });
    expect(decodeFormMeta(meta)).toEqual({ formId: 'join', state: 's1', conversation: 'slack:T1:C1', scope: 'channel', prefix: '/ppp ' });
  });

  it('refuses state that would not fit in private_metadata, and metadata it did not write', () => {
    expect(() => encodeFormMeta({ formId: 'f', state: 'x'.repeat(3000), conversation: 'slack:T1:C1', scope: 'channel', prefix: '/ppp ' })).toThrow(/3000/);
    expect(decodeFormMeta('{"v":1,"f":"x","a":"teams:abc","sc":"channel","p":"/ppp "}')).toBeUndefined();
    expect(decodeFormMeta('{"v":1,"f":"x","a":"slack:T1:C1","sc":"admin","p":"/ppp "}')).toBeUndefined();
    expect(decodeFormMeta('nope')).toBeUndefined();
    expect(decodeFormMeta(42)).toBeUndefined();
  });

  it('reads submitted values by input id, and puts field errors beside the fields', () => {
    expect(
      readInputValues({
        values: {
          'in~title': { value: { type: 'plain_text_input', value: 'Drone' } },
          'in~empty': { value: { type: 'plain_text_input', value: null } },
          'in~sev': { value: { type: 'static_select', selected_option: { value: 'urgent' } } },
          'in~none': { value: { type: 'static_select', selected_option: null } },
          'in~caps': { value: { type: 'multi_static_select', selected_options: [{ value: 'cctv' }, { value: 'cyber' }] } },
          'ppp~1~item-1': { mark: { type: 'static_select', selected_option: { value: 'yes' } } },
        },
      }),
    ).toEqual({ title: 'Drone', empty: undefined, sev: 'urgent', none: undefined, caps: ['cctv', 'cyber'] });
    expect(readInputValues(undefined)).toEqual({});
    expect(slackFieldErrors({ title: 'Too short.', other: 'Check the dates.' }, ['intro', 'in~title', 'in~when'])).toEqual({ 'in~title': 'Too short. Check the dates.' });
  });
});

describe('actions', () => {
  it('gives the neutral action id, value and select context', () => {
    expect(neutralActionId('ppp.page::1')).toBe('ppp.page');
    expect(contextOfBlockId('ppp~12~item:7')).toBe('item:7');
    expect(contextOfBlockId('abc')).toBeUndefined();
    expect(actionInput({ type: 'static_select', action_id: 'mark', block_id: 'ppp~3~item-7', selected_option: { value: 'no' } }, undefined)).toEqual({
      actionId: 'mark',
      value: 'no',
      context: 'item-7',
    });
    expect(actionInput({ type: 'button', action_id: 'save', value: '9' }, { values: { 'in~note': { value: { type: 'plain_text_input', value: 'hi' } } } })).toEqual({
      actionId: 'save',
      value: '9',
      values: { note: 'hi' },
    });
    expect(actionInput({ type: 'button' }, undefined)).toBeUndefined();
  });
});
