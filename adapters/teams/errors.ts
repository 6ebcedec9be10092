// Errors as log fields without what must never reach a log: botbuilder's RestError carries the whole
// request, Authorization header included, so only its name, message, status and code are kept.
import { SendError } from '../../src/messenger.js';

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
  if (status !== undefined && status >= 400) return new SendError('rejected', safe.code ?? `HTTP ${status}`);
  return new SendError('unknown', safe.message);
}
