// Bolt's and the Web API client's log lines, into the bot's pino log. Their debug output is dropped
// whatever LOG_LEVEL says: it carries raw payloads (with Slack's verification token) and envelopes.
import { LogLevel, type Logger } from '@slack/bolt';
import type { Log } from '../../src/core/log.js';
import { safeReason } from './errors.js';

function show(part: unknown): string {
  if (part instanceof Error) return part.message;
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

function line(parts: unknown[]): string {
  return safeReason(parts.map(show).join(' '));
}

export function boltLogger(log: Log): Logger {
  // Below warn, the libraries talk about routine things (connections, retries) the bot logs itself.
  const level = log.isLevelEnabled('info') ? LogLevel.INFO : log.isLevelEnabled('warn') ? LogLevel.WARN : LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => log.info(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    setLevel: () => undefined,
    getLevel: () => level,
    setName: () => undefined,
  };
}
