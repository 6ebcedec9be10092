// A form on the console: one prompt per input, a choice by its number or its name (several by spaces or
// commas), errors shown once per field and asked again.
import type { Choice, FieldErrors, Form, Input } from '../../src/cards/card.js';
import { plain } from '../../src/cards/card.js';
import type { LineReader } from './line-reader.js';

export type FormValues = Record<string, string | string[] | undefined>;

function describe(input: Input): string {
  const bits = [input.required ? 'required' : 'optional'];
  if (input.hint) bits.push(input.hint);
  return `${input.label} (${bits.join('; ')})`;
}

/** Lower case, every run of other characters one space: "Law-enforcement official" → "law enforcement official". */
const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The option one answer names: its number, its value, its label, or the start of the label or of its
 * words ("Law enforcement" for "Law-enforcement official") when only one option fits.
 */
function pickOne(options: Choice[], typed: string): string | undefined {
  const word = typed.trim();
  if (/^\d+$/.test(word)) return options[Number(word) - 1]?.value;
  const f = fold(word);
  if (!f) return undefined;
  const exact = options.find((o) => o.value.toLowerCase() === word.toLowerCase() || fold(o.label) === f || fold(o.value) === f);
  if (exact) return exact.value;
  const fits = options.filter((o) => fold(o.label).startsWith(f) || f.split(' ').every((w) => fold(o.label).split(' ').some((lw) => lw.startsWith(w))));
  return fits.length === 1 ? fits[0]!.value : undefined;
}

function parseChoice(input: Input, answer: string): string | string[] | Error {
  const options = input.options ?? [];
  const unknown = (typed: string) => new Error(`“${typed.slice(0, 40)}” is not one of the choices: type its number or its name`);
  if (input.kind !== 'multiselect') return pickOne(options, answer) ?? unknown(answer);
  // Commas separate names that have spaces; without commas, numbers or one-word names go by spaces.
  const byComma = answer.split(',').map((w) => w.trim()).filter(Boolean);
  const parts = byComma.length === 1 && !pickOne(options, byComma[0]!) ? byComma[0]!.split(/\s+/) : byComma;
  const picked: string[] = [];
  for (const part of parts) {
    const value = pickOne(options, part);
    if (value === undefined) return unknown(part);
    if (!picked.includes(value)) picked.push(value);
  }
  return picked;
}

async function ask(input: Input, reader: LineReader, out: NodeJS.WritableStream): Promise<string | string[] | undefined | null> {
  for (;;) {
    out.write(`${describe(input)}\n`);
    if (input.options) {
      input.options.forEach((o, i) => out.write(`  [${i + 1}] ${o.label}\n`));
      out.write(input.kind === 'multiselect' ? '  (numbers or names; several separated by spaces or commas)\n' : '  (a number or a name)\n');
    }
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
      // Most problems name their field already ("Email is not an email address"); say the label only when not.
      const label = form.inputs.find((i) => i.id === id)?.label;
      const named = !label || fold(problem).startsWith(fold(label)) || fold(problem).includes(fold(label));
      out.write(`! ${named ? problem : `${label}: ${problem}`}\n`);
    }
    toAsk = form.inputs.filter((i) => errors[i.id] !== undefined);
    if (toAsk.length === 0) return false;
  }
}
