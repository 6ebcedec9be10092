// Form fields checked with zod at the edge: what the adapters hand in (a string, a list or nothing) is
// trimmed and validated, and each problem goes back as a field error shown beside that field.
import { z } from 'zod';
import type { FieldErrors } from '../cards/card.js';
import { sanitizeLine } from '../core/sanitize.js';
import { resolveZone, ZONE_EXAMPLES } from '../core/zones.js';

export type FormValues = Record<string, string | string[] | undefined>;

/** One string from a form value: on one line, trimmed, a list's first item, empty as absent. */
const one = (v: unknown): unknown => {
  const s = Array.isArray(v) ? v[0] : v;
  const line = typeof s === 'string' ? sanitizeLine(s) : '';
  return line !== '' ? line : undefined;
};

/** A list from a form value: a multiselect arrives as a list, or as comma-separated text. */
const many = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').map(sanitizeLine).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((x) => sanitizeLine(x)).filter(Boolean);
  return [];
};

export const requiredText = (label: string, max: number) =>
  z.preprocess(one, z.string({ error: `${label} is required.` }).max(max, `${label}: at most ${max} characters.`));

export const optionalText = (label: string, max: number) =>
  z.preprocess(one, z.string().max(max, `${label}: at most ${max} characters.`).optional());

export const choice = <T extends string>(label: string, options: readonly [T, ...T[]]) =>
  z.preprocess(one, z.enum(options, { error: `Choose a ${label} from the list.` }));

export const optionalChoice = <T extends string>(label: string, options: readonly [T, ...T[]]) =>
  z.preprocess(one, z.enum(options, { error: `Choose a ${label} from the list.` }).optional());

/** A line a person can be rung on at any hour: free text (a desk's name may go with it), with a number. */
export const phone = (label: string) =>
  z.preprocess(
    one,
    z
      .string()
      .max(80, `${label}: at most 80 characters.`)
      .refine((s) => (s.match(/\d/g) ?? []).length >= 7, `${label} needs a phone number (at least 7 digits).`)
      .optional(),
  );

export const email = (label: string) => z.preprocess(one, z.email({ error: `${label} is not an email address.` }).max(200).optional());

/** A time zone as people name it — Central, CST, Eastern, London or an IANA name — stored as its IANA name. */
export const timezone = z.preprocess(
  one,
  z
    .string()
    .transform((typed, ctx) => {
      const zone = resolveZone(typed);
      if (!zone) ctx.addIssue({ code: 'custom', message: `Not a time zone I know: try ${ZONE_EXAMPLES.replace(/`/g, '')}, or an IANA name such as America/Chicago.` });
      return zone ?? typed;
    })
    .optional(),
);

export const list = (label: string, allowed: (v: string) => boolean) =>
  z.preprocess(many, z.array(z.string()).refine((xs) => xs.every(allowed), `${label}: choose from the list.`));

/** The first problem of each field, keyed by the field's input id. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
