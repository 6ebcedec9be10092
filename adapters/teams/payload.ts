// What an Adaptive Card's Action.Submit carries back to the bot, and how a submit is read again.
// Teams merges the action's `data` with the card's input values into the message's `value`.
// @see https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-actions#adaptive-cards-actions
import { z } from 'zod';
import type { Form } from '../../src/cards/card.js';

/** The one key of `data` the bot owns; every other key of a submitted `value` is an input's value. */
export const PAYLOAD_KEY = '_ppp';

/** A select on an ordinary card: which input it is, the action it stands for and what it showed. */
export interface SelectBinding {
  /** Input id on the card. */
  i: string;
  /** Action id. */
  a: string;
  /** The select's context (which item it marks). */
  c?: string;
  /** The value it showed when rendered, so Save reports only what changed. */
  v?: string;
}

export type Payload =
  /** A button: an action id and its value. */
  | { k: 'a'; a: string; v?: string }
  /** Save on a card with selects (Teams cannot submit when a select changes). */
  | { k: 's'; s: SelectBinding[] }
  /** A form's submit: the whole form travels with it, so errors can be shown on it again after a restart. */
  | { k: 'f'; form: Form };

const choice = z.object({ label: z.string(), value: z.string() });
const input = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['text', 'multiline', 'select', 'multiselect']),
  required: z.boolean().optional(),
  placeholder: z.string().optional(),
  initial: z.union([z.string(), z.array(z.string())]).optional(),
  options: z.array(choice).optional(),
  maxLength: z.number().optional(),
  hint: z.string().optional(),
});
// Rich intro text: a string or runs of strings and spans; the renderer reads only known span fields.
const span = z.object({
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  code: z.boolean().optional(),
  link: z.string().optional(),
});
const rich = z.union([z.string(), z.array(z.union([z.string(), span]))]);

const payloadSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('a'), a: z.string().min(1).max(255), v: z.string().max(4000).optional() }),
  z.object({
    k: z.literal('s'),
    s: z
      .array(z.object({ i: z.string(), a: z.string().min(1).max(255), c: z.string().optional(), v: z.string().optional() }))
      .max(100),
  }),
  z.object({
    k: z.literal('f'),
    form: z.object({
      id: z.string().min(1).max(255),
      title: z.string(),
      submitLabel: z.string(),
      intro: rich.optional(),
      inputs: z.array(input).max(50),
      state: z.string().optional(),
    }),
  }),
]);

export interface Submit {
  payload: Payload;
  /** The card's input values, as Teams sent them (strings; a multi-select is comma-joined). */
  values: Record<string, string>;
}

/** Reads a submitted `value`; undefined when it is not one of this bot's cards (or was tampered with). */
export function readSubmit(value: unknown): Submit | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const parsed = payloadSchema.safeParse(record[PAYLOAD_KEY]);
  if (!parsed.success) return undefined;
  const values: Record<string, string> = {};
  for (const [key, v] of Object.entries(record)) {
    if (key !== PAYLOAD_KEY && typeof v === 'string') values[key] = v;
  }
  return { payload: parsed.data as Payload, values };
}

/** The form's values as the core expects them: multi-selects split, empty inputs absent. */
export function formValues(form: Form, values: Record<string, string>): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const input of form.inputs) {
    const raw = values[input.id];
    if (raw === undefined || raw.trim() === '') {
      out[input.id] = undefined;
    } else if (input.kind === 'multiselect') {
      out[input.id] = raw.split(',').map((v) => v.trim()).filter(Boolean);
    } else {
      out[input.id] = input.kind === 'multiline' ? raw : raw.trim();
    }
  }
  return out;
}
