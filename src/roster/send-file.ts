// Sending a file to the person who asked, privately, wherever they asked from: a file in their Slack
// DM, a file-consent card in their Teams 1:1 chat, a private file on the console. Never to a channel.
import type { Card } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { FileContent } from '../files.js';
import { SendError } from '../messenger.js';

export type FileOutcome = { ok: true; said: string } | { ok: false; problem: string };

/** Hands the file to the caller's platform and says where it went, or why it did not. */
export async function sendFileToCaller(ctx: Pick<CommandContext, 'services' | 'turn'>, file: FileContent, note: Card): Promise<FileOutcome> {
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
