// The one cleaner every piece of typed text passes before the bot reads it: command lines, form values
// (Slack modals, Teams cards, console prompts) and CSV cells. It removes what no one can see but could
// disguise a name, a command or an alert title (the "Trojan Source" family), and unifies line breaks.

// C0/C1 controls (tab and line feed kept), the Arabic letter mark, the Mongolian vowel separator,
// zero-width characters, bidirectional embeddings, overrides and isolates, deprecated format controls,
// the byte-order mark, interlinear annotation marks, invisible tag characters (which can spell hidden
// ASCII), lone surrogates, and U+E000/U+E001 — the private-use markers the adapters put around a mention
// the platform itself encoded (src/commands/line.ts), so typed text can never pass for one. A zero-width joiner between two emoji is kept: it builds one emoji (👨‍👩‍👧).
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uE000\uE001\uFFF9-\uFFFB\u{E0000}-\u{E007F}]|\p{Cs}|(?<!\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Text as typed, without invisible characters; CRLF, CR and the Unicode line separators become `\n`. */
export function sanitize(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/** A one-line value (a name, a title, an organization): sanitized, with tabs and line breaks as one space, trimmed. */
export function sanitizeLine(text: string): string {
  return sanitize(text).replace(/\s*[\n\t]\s*/g, ' ').replace(/ {2,}/g, ' ').trim();
}

export type FormValue = string | string[] | undefined;

/** Every value of a submitted form, sanitized (a list item by item); one-line or not is the handler's to say. */
export function sanitizeValues(values: Record<string, FormValue>): Record<string, FormValue> {
  const out: Record<string, FormValue> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = typeof value === 'string' ? sanitize(value) : Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? sanitize(v) : v)) : value;
  }
  return out;
}
