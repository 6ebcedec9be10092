// A form on the console: one prompt per input, choices by number, errors shown and asked again.
import type { FieldErrors, Form, Input } from '../../src/cards/card.js';
import { plain } from '../../src/cards/card.js';
import type { LineReader } from './line-reader.js';

export type FormValues = Record<string, string | string[] | undefined>;

function describe(input: Input): string {
  const bits = [input.required ? 'required' : 'optional'];
  if (input.hint) bits.push(input.hint);
  return `${input.label} (${bits.join('; ')})`;
}

function parseChoice(input: Input, answer: string): string | string[] | undefined | Error {
  const options = input.options ?? [];
  const pick = (word: string): string | undefined => {
    const n = Number(word);
    if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1]!.value;
    return options.find((o) => o.value === word || o.label.toLowerCase() === word.toLowerCase())?.value;
  };
  if (input.kind === 'multiselect') {
    const words = answer.split(',').map((w) => w.trim()).filter(Boolean);
    const picked = words.map(pick);
    if (picked.some((p) => p === undefined)) return new Error('pick numbers from the list, separated by commas');
    return picked as string[];
  }
  return pick(answer) ?? new Error('pick a number from the list');
}

async function ask(input: Input, reader: LineReader, out: NodeJS.WritableStream): Promise<string | string[] | undefined | null> {
  for (;;) {
    out.write(`${describe(input)}\n`);
    if (input.options) input.options.forEach((o, i) => out.write(`  [${i + 1}] ${o.label}\n`));
    const initial = Array.isArray(input.initial) ? input.initial.join(', ') : input.initial;
    const answer = await reader.next(initial ? `  [${initial}] > ` : '  > ');
    if (answer === null) return null;
    const trimmed = answer.trim();
    if (trimmed === '.cancel') return null;
    if (!trimmed) {
      if (initial) return input.initial;
      if (!input.required) return undefined;
      out.write('  This one is required (type .cancel to give up).\n');
      continue;
    }
    if (input.kind === 'select' || input.kind === 'multiselect') {
      const value = parseChoice(input, trimmed);
      if (value instanceof Error) {
        out.write(`  ${value.message}.\n`);
        continue;
      }
      return value;
    }
    if (input.maxLength && trimmed.length > input.maxLength) {
      out.write(`  At most ${input.maxLength} characters, please.\n`);
      continue;
    }
    return trimmed;
  }
}

/**
 * Asks every input, submits, and asks again only the fields the handler found wrong.
 * Returns false when the user cancelled or the input ended.
 */
export async function fillForm(
  form: Form,
  reader: LineReader,
  out: NodeJS.WritableStream,
  submit: (values: FormValues) => Promise<FieldErrors | undefined>,
): Promise<boolean> {
  out.write(`\n${form.title}\n${'-'.repeat(form.title.length)}\n`);
  if (form.intro) out.write(`${plain(form.intro)}\n`);
  out.write('(Enter keeps the value in brackets; .cancel stops.)\n');
  const values: FormValues = {};
  let toAsk = form.inputs;
  for (;;) {
    for (const input of toAsk) {
      const value = await ask(input, reader, out);
      if (value === null) {
        out.write('Form cancelled.\n');
        return false;
      }
      values[input.id] = value;
    }
    const errors = await submit(values);
    if (!errors) return true;
    for (const [id, problem] of Object.entries(errors)) {
      const label = form.inputs.find((i) => i.id === id)?.label ?? id;
      out.write(`! ${label}: ${problem}\n`);
    }
    toAsk = form.inputs.filter((i) => errors[i.id] !== undefined);
    if (toAsk.length === 0) return false;
  }
}
