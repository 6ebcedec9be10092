// A form on the console as a new user answers it: a choice by its label as well as its number, several
// choices by spaces or commas, and an error that names its field once.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fillForm, type FormValues } from '../../../adapters/console/forms.js';
import { LineReader } from '../../../adapters/console/line-reader.js';
import type { FieldErrors, Form } from '../../../src/cards/card.js';
import { CATEGORIES } from '../../../src/members/model.js';

const FORM: Form = {
  id: 'test.form',
  title: 'Add a member',
  submitLabel: 'Save',
  inputs: [
    { id: 'category', label: 'Membership category', kind: 'select', options: Object.entries(CATEGORIES).map(([value, label]) => ({ value, label })) },
    {
      id: 'capabilities',
      label: 'What your organization can offer',
      kind: 'multiselect',
      options: [
        { value: 'cctv', label: 'CCTV / video footage' },
        { value: 'logistics', label: 'Logistics and shipping records' },
        { value: 'facilities', label: 'Facilities and staging areas' },
      ],
    },
    { id: 'email', label: 'Email', kind: 'text' },
  ],
};

/** Fills the form with these lines typed, submitting to `check`; returns the values and what was shown. */
async function fill(lines: string[], check: (values: FormValues) => FieldErrors | undefined = () => undefined) {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  const reader = new LineReader(input, output, false);
  const submitted: FormValues[] = [];
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await fillForm(FORM, reader, output, async (values) => {
    submitted.push({ ...values });
    return check(values);
  });
  reader.close();
  return { submitted, screen };
}

describe('console forms', () => {
  it('takes a choice by its label, forgiving case, hyphens and the end of it', async () => {
    const { submitted } = await fill(['Law enforcement', '', '']);
    expect(submitted[0]!.category).toBe('law-enforcement');
    expect((await fill(['security practitioner', '', ''])).submitted[0]!.category).toBe('security-practitioner');
    expect((await fill(['2', '', ''])).submitted[0]!.category).toBe('security-practitioner');
  });

  it('takes several choices by spaces or commas, by number or label', async () => {
    expect((await fill(['1', '1 3', ''])).submitted[0]!.capabilities).toEqual(['cctv', 'facilities']);
    expect((await fill(['1', '1,3', ''])).submitted[0]!.capabilities).toEqual(['cctv', 'facilities']);
    expect((await fill(['1', 'cctv, logistics', ''])).submitted[0]!.capabilities).toEqual(['cctv', 'logistics']);
  });

  it('asks again for a choice it cannot tell, saying how to answer', async () => {
    const { screen, submitted } = await fill(['Astronaut', '1', '', '']);
    expect(screen).toMatch(/“Astronaut” is not one of the choices: type its number or its name/);
    expect(submitted[0]!.category).toBe('law-enforcement');
  });

  it('names the field once in an error: "Email is not an email address", not "Email: Email is…"', async () => {
    let first = true;
    const { screen } = await fill(['1', '', 'nope', 'jo@example.org'], () => {
      if (!first) return undefined;
      first = false;
      return { email: 'Email is not an email address.' };
    });
    expect(screen).toContain('! Email is not an email address.');
    expect(screen).not.toContain('Email: Email');
  });
});
