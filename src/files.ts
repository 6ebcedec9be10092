// Files as the core sees them, both ways: a file the bot sends someone privately (an export, a template:
// sendFileToCaller) and a file someone hands the bot (a CSV to import), which travels to a form handler
// as one string value.
import type { Card } from './cards/card.js';
import type { Caller } from './commands/context.js';
import { SendError, type FileContent } from './messenger.js';

export type { FileContent } from './messenger.js';

/**
 * A file sent to the bot on its own — attached to a message in the Teams 1:1 chat — arrives as a
 * submission of this form: `file` holds the encoded file, `text` whatever was typed with it.
 */
export const FILE_FORM = 'ppp.file';

/** The most the bot reads of a file handed to it: a 5,000-member roster is well under 2 MB. */
export const MAX_INCOMING_FILE_BYTES = 5 * 1024 * 1024;

const PREFIX = 'ppp-file:';

/** Reads a download's body, refusing (never retrying) a file larger than `maxBytes` as it streams in. */
export async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) throw new SendError('rejected', `the file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** One form value carrying a whole file: its bytes in base64, so a CSV's encoding can still be checked. */
export function encodeFileValue(file: FileContent): string {
  return `${PREFIX}${JSON.stringify({ n: file.name, m: file.mime, b: file.content.toString('base64') })}`;
}

/** The file in a form value, or undefined when the value is not one (typed text, a forged value). */
export function decodeFileValue(value: unknown): FileContent | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) return undefined;
  try {
    const parsed = JSON.parse(text.slice(PREFIX.length)) as { n?: unknown; m?: unknown; b?: unknown };
    if (typeof parsed.n !== 'string' || typeof parsed.m !== 'string' || typeof parsed.b !== 'string') return undefined;
    return { name: parsed.n, mime: parsed.m, content: Buffer.from(parsed.b, 'base64') };
  } catch {
    return undefined;
  }
}

export type FileOutcome = { ok: true; said: string } | { ok: false; problem: string };

/**
 * Sends a file (an export, a template) privately to the person who asked, wherever they asked from — a
 * file in their Slack DM, a file-consent card in their Teams 1:1 chat, a private file on the console,
 * never to a channel — and says where it went, or why it did not go.
 */
export async function sendFileToCaller(ctx: Pick<Caller, 'services' | 'turn'>, file: FileContent, note: Card): Promise<FileOutcome> {
  const { services, turn } = ctx;
  try {
    const sent = await services.messenger.sendFile(turn.identity, file, note);
    if (turn.platform === 'teams') return { ok: true, said: 'is waiting in your 1:1 chat with PPP Bot: press Allow on it to save it to your OneDrive' };
    if (turn.platform === 'slack') return { ok: true, said: 'is in your direct messages with PPP Bot' };
    return { ok: true, said: sent.location ? `was written to ${sent.location} (readable by you only)` : 'was shown above' };
  } catch (err) {
    const reason = err instanceof SendError ? err.reason : err instanceof Error ? err.message : String(err);
    services.log.warn({ reason, platform: turn.platform }, 'could not send a file');
    return { ok: false, problem: `I could not send you the file (${reason.slice(0, 120)}). Nothing was shared; please try again in a minute, and tell a coordinator if it keeps happening.` };
  }
}
