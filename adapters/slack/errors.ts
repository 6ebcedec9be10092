// What a failed Slack Web API call means for the caller: the SendError kinds the delivery engine
// tells apart, the token errors that must stop the process, and a short reason safe to log.
// @see https://docs.slack.dev/tools/node-slack-sdk/web-api#handle-errors
import { webApi } from '@slack/bolt';
import { SendError, type Remedy } from '../../src/messenger.js';

/** Slack's answers to a token it will never accept: retrying cannot help, a person must act. */
const FATAL_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'team_disabled',
  'not_allowed_token_type',
]);

/** Slack's answers meaning the bot is not in the channel, or may not post there: a person must let it in. */
const NOT_IN_CONVERSATION = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** What a person types in Slack to let the bot into a channel (a private one needs an invitation). */
export const inviteRemedy: Remedy = (next) => `Invite me first — type \`/invite @PPP\` here — then ${next}.`;

/** Network failures that happen before a request is sent: Slack certainly did not act on it. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const rec = e as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof rec.code === 'string' && /^E[A-Z]+$/.test(rec.code)) return rec.code;
    e = rec.cause ?? rec.errors?.[0];
  }
  return undefined;
}

function isTimeout(err: Error): boolean {
  return err.name === 'TimeoutError' || err.name === 'AbortError' || (err.cause instanceof Error && isTimeout(err.cause));
}

/** The platform error code when Slack answered `ok: false`. */
export function platformErrorCode(err: unknown): string | undefined {
  if (err instanceof webApi.WebAPIPlatformError || (err as { code?: unknown })?.code === webApi.ErrorCode.PlatformError) {
    const code = (err as { data?: { error?: unknown } }).data?.error;
    return typeof code === 'string' ? code : 'unknown_error';
  }
  return undefined;
}

export function isFatalTokenError(err: unknown): boolean {
  const code = platformErrorCode(err);
  return code !== undefined && FATAL_TOKEN_ERRORS.has(code);
}

/**
 * Maps a Web API failure to the delivery engine's kinds: 429 → rate-limited (with Retry-After),
 * 5xx or a refused connection → transient, `ok: false` → not-in-conversation (with the remedy) or
 * rejected, with Slack's error code, and a timeout or a connection lost mid-request → unknown (Slack
 * may have posted it).
 */
export function toSendError(err: unknown): SendError {
  if (err instanceof SendError) return err;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new SendError('rate-limited', 'ratelimited', Math.max(0, err.retryAfter) * 1000);
  }
  const code = platformErrorCode(err);
  if (code !== undefined) return sendErrorForCode(code);
  if (err instanceof webApi.WebAPIHTTPError) return sendErrorForStatus(err.statusCode);
  if (err instanceof webApi.WebAPIRequestError) return sendErrorForNoAnswer(err.original);
  // web-api reports a 429 without a usable Retry-After as a plain Error.
  if (err instanceof Error && /rate limit|retry-after/i.test(err.message)) return new SendError('rate-limited', 'http 429');
  return new SendError('unknown', err instanceof Error ? safeReason(err.message) : 'failed');
}

/** Slack answered `ok: false` with this code. */
export function sendErrorForCode(code: string): SendError {
  return NOT_IN_CONVERSATION.has(code) ? new SendError('not-in-conversation', code, undefined, inviteRemedy) : new SendError('rejected', code);
}

/** Slack answered with an HTTP status other than 200 (and other than a 429 with its Retry-After). */
export function sendErrorForStatus(status: number): SendError {
  if (status === 429) return new SendError('rate-limited', 'http 429');
  return new SendError(status >= 500 ? 'transient' : 'rejected', `http ${status}`);
}

/** The request got no answer: a timeout or a connection lost mid-request may have posted; a refused connection did not. */
export function sendErrorForNoAnswer(original: Error): SendError {
  if (isTimeout(original)) return new SendError('unknown', 'timeout');
  const net = causeCode(original);
  if (net && NOT_SENT.has(net)) return new SendError('transient', net.toLowerCase());
  return new SendError('unknown', net ? net.toLowerCase() : 'connection lost');
}

const SECRET = /\b(xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)/g;

/** A short reason for a log line: tokens that might ride in a message are blanked out. */
export function safeReason(text: string): string {
  return text.replace(SECRET, '[redacted]').slice(0, 200);
}

/** One line describing any error, for logs: never a stack, never a token. */
export function describeError(err: unknown): string {
  if (err instanceof SendError) return `${err.kind}: ${err.reason}`;
  const code = platformErrorCode(err);
  if (code) return `slack said ${code}`;
  if (err instanceof Error) return safeReason(err.message);
  return safeReason(String(err));
}
