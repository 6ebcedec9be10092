// Teams' failures as the core's SendError kinds, and errors as log fields without what must never reach a
// log: botbuilder's RestError carries the whole request, Authorization header included, so only its
// name, message, status and code are kept.
import { SendError, type Remedy } from '../../src/messenger.js';

/** Bot Connector error codes meaning the bot is not part of the conversation, or may not post there. */
const NOT_IN_CONVERSATION = new Set(['BotNotInConversationRoster', 'ConversationNotFound', 'Forbidden']);

/** What a person does in Teams to let the bot into a conversation. */
export const addAppRemedy: Remedy = (next) => `Add PPP Bot to this conversation first, then ${next}.`;

/** A definite 4xx other than 429: the bot is not in the conversation, or Teams refused for another reason. */
export function refusal(code: string | undefined, status: number): SendError {
  if (code !== undefined && NOT_IN_CONVERSATION.has(code)) return new SendError('not-in-conversation', code, undefined, addAppRemedy);
  return new SendError('rejected', code ?? `HTTP ${status}`);
}

export interface SafeError {
  name: string;
  message: string;
  statusCode?: number;
  code?: string;
}

export function safeError(err: unknown): SafeError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err).slice(0, 300) };
  const e = err as Error & { statusCode?: unknown; code?: unknown };
  const out: SafeError = { name: e.name, message: e.message.replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]').slice(0, 300) };
  if (typeof e.statusCode === 'number') out.statusCode = e.statusCode;
  if (typeof e.code === 'string') out.code = e.code.slice(0, 80);
  return out;
}

/**
 * A failed in-turn send (botbuilder's RestError) as a plain SendError, before it can travel up to the
 * core, which logs what it catches.
 */
export function asSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  const safe = safeError(err);
  const status = safe.statusCode;
  if (status === 429) return new SendError('rate-limited', `HTTP 429${safe.code ? ` ${safe.code}` : ''}`);
  if (status !== undefined && (status >= 500 || status === 412)) return new SendError('transient', `HTTP ${status}`);
  if (status !== undefined && status >= 400) return refusal(safe.code, status);
  return new SendError('unknown', safe.message);
}
