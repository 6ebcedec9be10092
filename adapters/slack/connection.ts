// Whether Slack accepts and answers us: auth.test at start (a rejected token stops the process, an
// unreachable Slack does not — the bot serves and retries with backoff), the Socket Mode link when
// there is one, and the one word /healthz shows for all of it.
// @see https://docs.slack.dev/reference/methods/auth.test  @see https://docs.slack.dev/apis/events-api/using-socket-mode
import type { AuthorizeResult, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Log } from '../../src/core/log.js';
import { FatalAdapterError } from '../../src/platform.js';
import { describeError, isFatalTokenError, platformErrorCode } from './errors.js';

export interface RetryPolicy {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1000, maxMs: 60_000 };

function backoff(policy: RetryPolicy, attempt: number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(attempt, 20));
  // Jitter, so several bots (or workers) do not knock in step after an outage.
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** Retries `attempt` in the background until it succeeds or the loop is stopped. */
class Retrier {
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  stopped = false;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly attempt: () => Promise<boolean>,
  ) {}

  succeeded(): void {
    this.failures = 0;
  }

  schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = backoff(this.policy, this.failures++);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.attempt().then((ok) => {
        if (ok) this.failures = 0;
        else this.schedule();
      });
    }, wait);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export class SlackConnection {
  private authOk = false;
  private socketOk = false;
  private refused: string | undefined;
  private uninstalled = false;
  private identity: { teamId?: string; botUserId?: string; botId?: string } = {};
  private readonly authRetry: Retrier;
  private readonly socketRetry: Retrier | undefined;
  private connecting = false;

  constructor(
    private readonly web: webApi.WebClient,
    private readonly botToken: string,
    private readonly log: Log,
    private readonly options: { retry: RetryPolicy; socket?: SocketModeReceiver; helloTimeoutMs: number },
  ) {
    this.authRetry = new Retrier(options.retry, () => this.authTest('retry'));
    const socket = options.socket;
    if (socket) {
      this.socketRetry = new Retrier(options.retry, () => this.connectSocket('retry'));
      socket.client.on('disconnected', () => {
        if (this.connecting || this.socketRetry?.stopped) return;
        if (this.socketOk) this.log.warn('Slack Socket Mode connection lost; reconnecting');
        this.socketOk = false;
        this.socketRetry?.schedule();
      });
    }
  }

  /** The workspace id from auth.test, once Slack has answered. */
  teamId(): string | undefined {
    return this.identity.teamId;
  }

  /** The bot's own user id from auth.test: events about it (left a channel) are about the bot. */
  botUserId(): string | undefined {
    return this.identity.botUserId;
  }

  /** Bolt's authorize: the one bot token, with the bot's ids once known (they are not needed to answer). */
  readonly authorize = async (): Promise<AuthorizeResult> => ({
    botToken: this.botToken,
    ...(this.identity.botId ? { botId: this.identity.botId } : {}),
    ...(this.identity.botUserId ? { botUserId: this.identity.botUserId } : {}),
    ...(this.identity.teamId ? { teamId: this.identity.teamId } : {}),
  });

  health(): string {
    if (this.refused) return this.refused;
    if (this.uninstalled) return 'uninstalled';
    return this.authOk && (!this.options.socket || this.socketOk) ? 'ok' : 'degraded';
  }

  markUninstalled(why: string): void {
    this.uninstalled = true;
    this.log.warn({ event: why }, 'Slack says the app was uninstalled or its tokens revoked');
  }

  /** Throws FatalAdapterError when Slack refuses a token; otherwise returns, connected or retrying. */
  async start(): Promise<void> {
    if (!(await this.authTest('start'))) this.authRetry.schedule();
    if (this.options.socket && !(await this.connectSocket('start'))) this.socketRetry?.schedule();
  }

  async stop(): Promise<void> {
    this.authRetry.stop();
    this.socketRetry?.stop();
    if (this.options.socket) await this.options.socket.stop().catch(() => undefined);
  }

  private fatal(err: unknown, variable: string, remedy: string, when: 'start' | 'retry'): boolean {
    if (!isFatalTokenError(err)) return false;
    const message = `Slack rejected ${variable} (${platformErrorCode(err)}): ${remedy}`;
    if (when === 'start') throw new FatalAdapterError(message);
    // Too late to stop the process cleanly; say it loudly and stop knocking.
    this.refused = `${variable} rejected`;
    this.log.error(message);
    return true;
  }

  private async authTest(when: 'start' | 'retry'): Promise<boolean> {
    try {
      const res = await this.web.auth.test();
      this.identity = {
        ...(res.team_id ? { teamId: res.team_id } : {}),
        ...(res.user_id ? { botUserId: res.user_id } : {}),
        ...(res.bot_id ? { botId: res.bot_id } : {}),
      };
      this.authOk = true;
      this.authRetry.succeeded();
      this.log.info({ team: res.team_id }, when === 'start' ? 'Slack accepted the bot token' : 'Slack is reachable again');
      return true;
    } catch (err) {
      if (this.fatal(err, 'SLACK_BOT_TOKEN', 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was removed', when)) {
        return true;
      }
      this.authOk = false;
      this.log.warn({ reason: describeError(err) }, 'Slack API unreachable; serving anyway and retrying in the background');
      return false;
    }
  }

  private async connectSocket(when: 'start' | 'retry'): Promise<boolean> {
    const socket = this.options.socket!;
    this.connecting = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const hello = socket.start();
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no hello from Slack within ${this.options.helloTimeoutMs} ms`)), this.options.helloTimeoutMs);
      });
      await Promise.race([hello, late]);
      this.socketOk = true;
      this.socketRetry?.succeeded();
      this.log.info('Slack Socket Mode connected');
      return true;
    } catch (err) {
      if (this.fatal(err, 'SLACK_APP_TOKEN', 'create an app-level token with connections:write under Basic Information → App-Level Tokens', when)) {
        return true;
      }
      this.socketOk = false;
      // A half-open attempt is closed before the next one starts (not awaited: the close handshake may take 30 s).
      void socket.client.disconnect().catch(() => undefined);
      this.log.warn({ reason: describeError(err) }, 'Slack Socket Mode could not connect; retrying in the background');
      return false;
    } finally {
      clearTimeout(timer);
      this.connecting = false;
    }
  }
}
