// What the process does with an error nobody handled (an `unhandledRejection` or `uncaughtException`).
// In production (NODE_ENV=production, the same switch config.ts reads) it is logged and the bot keeps
// serving: one request's broken callback must not take every partnership conversation down with it,
// and nothing guarantees a supervisor restarts the process. Everywhere else no handler is installed,
// so Node's default stands: the error is printed and the process exits 1, and a fault found in
// development or by a spawned-process test cannot pass unnoticed. (Vitest never loads this file's
// caller, src/main.ts, and reports unhandled errors in test code itself.)
// @see https://nodejs.org/api/process.html#event-unhandledrejection
import type { Log } from './core/log.js';

/** Token shapes that may ride in an error message (Slack tokens, bearer headers, JWTs). */
const SECRET_SHAPES = [/\bxox[abposre]-[A-Za-z0-9-]+/g, /\bxapp-[A-Za-z0-9-]+/g, /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, /\beyJ[\w-]+\.[\w-]+\.[\w-]+/g];
/** The user and password part of a URL (a REDIS_URL in a connection error). */
const URL_CREDENTIALS = /\/\/[^/@\s]*:[^/@\s]*@/g;

const MAX_FRAMES = 8;

export interface Fault {
  type: string;
  message: string;
  /** Where it happened: the stack's frames only (its first line repeats the message). */
  frames?: string[];
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  for (const shape of SECRET_SHAPES) out = out.replace(shape, '[redacted]');
  return out.replace(URL_CREDENTIALS, '//[redacted]@');
}

/** A loggable description of anything thrown: never its own properties (a request error carries its headers). */
export function describeFault(thrown: unknown, secrets: readonly string[] = []): Fault {
  if (thrown instanceof Error) {
    const frames = (thrown.stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .slice(0, MAX_FRAMES)
      .map((l) => scrub(l.trim(), secrets));
    return { type: thrown.name, message: scrub(thrown.message, secrets).slice(0, 500), ...(frames.length ? { frames } : {}) };
  }
  return { type: typeof thrown, message: scrub(String(thrown), secrets).slice(0, 500) };
}

/**
 * Installs the production policy; returns whether it did. `secrets` are the configured token values,
 * blanked out of anything logged.
 */
export function installCrashPolicy(log: Log, options: { production: boolean; secrets: readonly (string | undefined)[] }, proc: NodeJS.Process = process): boolean {
  if (!options.production) return false;
  const secrets = options.secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  const report = (what: string, thrown: unknown) => {
    try {
      log.error({ fault: describeFault(thrown, secrets) }, `${what}; still serving`);
    } catch {
      // The log itself failed: say it on stderr rather than throw from the handler (which would exit).
      proc.stderr.write(`ppp-bot: ${what}; still serving\n`);
    }
  };
  proc.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
  proc.on('uncaughtException', (err) => report('uncaught exception', err));
  return true;
}
