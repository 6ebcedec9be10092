// formToAdaptiveCard and reading a submit back: exact JSON, Microsoft's parser at 1.5 finds nothing
// wrong, field errors under their inputs, values as the core expects them.
import { describe, expect, it } from 'vitest';
import { formToAdaptiveCard } from '../../../adapters/teams/cards.js';
import { formValues, readSubmit } from '../../../adapters/teams/payload.js';
import { bold, type Form } from '../../../src/cards/card.js';
import { allNodes, checked } from './adaptive.js';

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

describe('formToAdaptiveCard', () => {
  const form: Form = {
    id: 'join.request',
    title: 'Ask to join',
    submitLabel: 'Send request',
    intro: ['Tell the coordinators who you are. ', bold('Vetted members only.')],
    state: '{"from":"channel"}',
    inputs: [
      { id: 'title', label: 'Your title', kind: 'text', required: true, placeholder: 'Chief of Police', maxLength: 120 },
      { id: 'why', label: 'Why join', kind: 'multiline', hint: 'A sentence or two.' },
      { id: 'category', label: 'Category', kind: 'select', required: true, options: [{ label: 'Law enforcement', value: 'le' }, { label: 'Security practitioner', value: 'sp' }] },
      { id: 'caps', label: 'Capabilities', kind: 'multiselect', options: [{ label: 'CCTV', value: 'cctv' }, { label: 'Logistics', value: 'logistics' }], initial: ['cctv'] },
    ],
  };

  it('renders labelled inputs, required ones with an error message, and one submit carrying the form', () => {
    expect(checked(formToAdaptiveCard(form))).toEqual({
      type: 'AdaptiveCard',
      $schema: SCHEMA,
      version: '1.5',
      fallbackText: 'Ask to join',
      body: [
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Ask to join', size: 'Large', weight: 'Bolder' }] },
        {
          type: 'RichTextBlock',
          inlines: [
            { type: 'TextRun', text: 'Tell the coordinators who you are. ' },
            { type: 'TextRun', text: 'Vetted members only.', weight: 'Bolder' },
          ],
        },
        {
          type: 'Input.Text',
          id: 'title',
          label: 'Your title',
          maxLength: 120,
          placeholder: 'Chief of Police',
          isRequired: true,
          errorMessage: 'Your title is required.',
        },
        { type: 'Input.Text', id: 'why', label: 'Why join', isMultiline: true },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'A sentence or two.', isSubtle: true, size: 'Small' }] },
        {
          type: 'Input.ChoiceSet',
          id: 'category',
          label: 'Category',
          style: 'compact',
          choices: [
            { title: 'Law enforcement', value: 'le' },
            { title: 'Security practitioner', value: 'sp' },
          ],
          isRequired: true,
          errorMessage: 'Category is required.',
        },
        {
          type: 'Input.ChoiceSet',
          id: 'caps',
          label: 'Capabilities',
          style: 'compact',
          choices: [
            { title: 'CCTV', value: 'cctv' },
            { title: 'Logistics', value: 'logistics' },
          ],
          isMultiSelect: true,
          value: 'cctv',
        },
      ],
      actions: [{ type: 'Action.Submit', title: 'Send request', style: 'positive', data: { _ppp: { k: 'f', form } } }],
    });
  });

  it('shows field errors under their inputs and keeps what was typed', () => {
    const card = checked(
      formToAdaptiveCard(form, {
        errors: { title: 'Say which title you hold.', elsewhere: 'Try again later.' },
        values: { title: 'Boss', why: 'Because', category: 'le', caps: ['cctv', 'logistics'] },
      }),
    );
    const body = card.body;
    expect(body[2]).toEqual({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'Try again later. ', color: 'Attention' }] });
    expect(body[3]).toMatchObject({ type: 'Input.Text', id: 'title', value: 'Boss' });
    expect(body[4]).toEqual({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: 'Say which title you hold.', color: 'Attention', weight: 'Bolder' }],
    });
    expect(allNodes(body).find((n) => n.id === 'caps')).toMatchObject({ value: 'cctv,logistics' });
  });
});

describe('submits', () => {
  it('reads a form submit back: multi-selects split, empty inputs absent, other keys ignored', () => {
    const form: Form = {
      id: 'f',
      title: 'T',
      submitLabel: 'Go',
      inputs: [
        { id: 'a', label: 'A', kind: 'text' },
        { id: 'b', label: 'B', kind: 'multiselect', options: [] },
        { id: 'c', label: 'C', kind: 'text' },
      ],
    };
    const submit = readSubmit({ _ppp: { k: 'f', form }, a: ' hello ', b: 'x,y', c: '', d: 5 });
    expect(submit?.payload).toEqual({ k: 'f', form });
    expect(formValues(form, submit!.values)).toEqual({ a: 'hello', b: ['x', 'y'], c: undefined });
  });

  it('ignores values that are not from this bot’s cards', () => {
    expect(readSubmit({ action: 'something' })).toBeUndefined();
    expect(readSubmit({ _ppp: { k: 'zz' } })).toBeUndefined();
    expect(readSubmit('text')).toBeUndefined();
    expect(readSubmit({ _ppp: { k: 'a', a: '' } })).toBeUndefined();
  });
});
