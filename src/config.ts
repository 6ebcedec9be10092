// Reads and checks the environment before anything else runs: a bad value becomes one line naming
// the variable and what it expects, never a stack trace, and never the value of a secret.
import { resolve } from 'node:path';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { parseIdentity, type Identity } from './core/identity.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
/** Which alerts wait for a second board member or coordinator (the two-person rule). */
export const ALERT_APPROVALS = ['critical', 'urgent', 'none'] as const;
/** Variables whose values are never echoed back in an error. */
const SECRETS = new Set([
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'MICROSOFT_APP_PASSWORD',
  'ADMIN_TOKEN',
  'REDIS_URL',
]);

// An empty variable (a blank line in .env) means "not set", as most tools read it.
const optional = <T extends z.ZodTypeAny>(inner: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), inner.optional());

const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be ${what}`);

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: optional(z.string()),
  PORT: optional(wholeNumber(1, 65535, 'a port number from 1 to 65535')),
  DATA_DIR: optional(z.string()),
  DATABASE_PATH: optional(z.string()),
  REDIS_URL: optional(
    z.string().regex(/^(rediss?|unix):\/\/./, 'must be a redis://, rediss:// or unix:// URL'),
  ),
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, 'must be a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(
    z.string().regex(/^[A-Za-z0-9]{16,}$/, "must be the app's signing secret (letters and digits)"),
  ),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-')),
  SLACK_API_URL: optional(
    z.url({ error: 'must be a URL ending in /api/' }).refine((u) => u.endsWith('/api/'), 'must end in /api/'),
  ),
  MICROSOFT_APP_ID: optional(z.string()),
  MICROSOFT_APP_PASSWORD: optional(z.string()),
  MICROSOFT_APP_TYPE: optional(z.enum(APP_TYPES, { error: `must be one of ${APP_TYPES.join(', ')}` })),
  MICROSOFT_APP_TENANT_ID: optional(z.string()),
  TEAMS_ENABLED: optional(booleanFlag),
  BOTFRAMEWORK_OPENID_METADATA_URL: optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  BOTFRAMEWORK_LOGIN_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /' }).refine((u) => u.endsWith('/'), 'must end in /'),
  ),
  PPP_ADMINS: optional(z.string()),
  PPP_NAME: optional(z.string().max(80, 'must be at most 80 characters')),
  PPP_TIMEZONE: optional(
    z.string().refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as America/Chicago'),
  ),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })),
  ADMIN_TOKEN: optional(z.string().min(16, 'must be at least 16 characters')),
  PPP_RETENTION_DAYS: optional(wholeNumber(1, 3650, 'a whole number of days from 1 to 3650')),
  PPP_RECONCILE_SECONDS: optional(wholeNumber(1, 86_400, 'a whole number of seconds from 1 to 86400')),
  PPP_PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: 'must be the address the bot is reached at, such as https://ppp.example.org' })),
  PPP_MAX_MEETINGS_PER_30D: optional(wholeNumber(1, 30, 'a whole number of meetings from 1 to 30')),
  ALERT_APPROVAL: optional(z.enum(ALERT_APPROVALS, { error: `must be one of ${ALERT_APPROVALS.join(', ')}` })),
  ALERT_ESCALATE_AFTER: optional(wholeNumber(1, 1440, 'a whole number of minutes from 1 to 1440')),
  PPP_CONSOLE_NAME: optional(
    z
      .string()
      .transform((s) => s.replace(/\s+/g, ' ').trim())
      .pipe(z.string().min(1, 'must be a name, such as Maya Chen').max(120, 'must be at most 120 characters')),
  ),
});

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  appToken?: string;
  apiUrl?: string;
}

export interface TeamsConfig {
  appId: string;
  appPassword: string;
  appType: (typeof APP_TYPES)[number];
  tenantId: string;
  /** True when no app id is set: Bot Framework accepts requests unauthenticated (local testing only). */
  anonymous: boolean;
  /** Test-only stand-ins for the Bot Framework's public endpoints (refused in production). */
  testEndpoints?: {
    /** OpenID metadata whose keys sign the tokens on incoming activities. */
    openIdMetadataUrl?: string;
    /** Login service base: the bot's token comes from `<loginUrl><tenant>/oauth2/v2.0/token`. */
    loginUrl?: string;
  };
}

export interface Config {
  production: boolean;
  port: number;
  dataDir: string;
  databasePath: string;
  redisUrl?: string;
  slack?: SlackConfig;
  teams?: TeamsConfig;
  admins: Identity[];
  name: string;
  timezone: string;
  logLevel: (typeof LOG_LEVELS)[number];
  adminToken?: string;
  retentionDays: number;
  /** How often the reconcile pass re-queues pending work from SQLite (PPP_RECONCILE_SECONDS). */
  reconcileEveryMs: number;
  /** The bot's public address without a trailing slash (calendar links), when PPP_PUBLIC_URL is set. */
  publicUrl?: string;
  /** More meetings than this within 30 days draws the `cadence` warning (PPP_MAX_MEETINGS_PER_30D). */
  maxMeetingsPer30d: number;
  alerts: {
    /** ALERT_APPROVAL: critical alerts (or urgent and critical ones) wait for a second approver; none: never. */
    approval: (typeof ALERT_APPROVALS)[number];
    /** ALERT_ESCALATE_AFTER, in ms: when non-answering members of an urgent or critical alert are escalated. */
    escalateAfterMs: number;
  };
  /** The console user's name as members see it (PPP_CONSOLE_NAME); otherwise asked at the first start. */
  consoleName?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const raw = env[name];
        const shown = raw === undefined || SECRETS.has(name) ? '' : ` (got ${JSON.stringify(raw.slice(0, 60))})`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  let slack: SlackConfig | undefined;
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET must be set when SLACK_BOT_TOKEN is (Basic Information → Signing Secret)');
  } else if (e.SLACK_SIGNING_SECRET && !e.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN must be set when SLACK_SIGNING_SECRET is (OAuth & Permissions → Bot User OAuth Token)');
  } else if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN) {
    problems.push('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set for SLACK_APP_TOKEN (Socket Mode) to be used');
  } else if (e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET) {
    slack = { botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET };
    if (e.SLACK_APP_TOKEN) slack.appToken = e.SLACK_APP_TOKEN;
    if (e.SLACK_API_URL) slack.apiUrl = e.SLACK_API_URL;
  }

  let teams: TeamsConfig | undefined;
  const appType = e.MICROSOFT_APP_TYPE ?? (e.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant');
  if (e.MICROSOFT_APP_ID) {
    if (!e.MICROSOFT_APP_PASSWORD && appType !== 'UserAssignedMSI') {
      problems.push('MICROSOFT_APP_PASSWORD must be set with MICROSOFT_APP_ID (only MICROSOFT_APP_TYPE=UserAssignedMSI works without one)');
    }
    if (appType !== 'MultiTenant' && !e.MICROSOFT_APP_TENANT_ID) {
      problems.push(`MICROSOFT_APP_TENANT_ID must be set for MICROSOFT_APP_TYPE=${appType}`);
    }
    teams = {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD ?? '',
      appType,
      tenantId: e.MICROSOFT_APP_TENANT_ID ?? '',
      anonymous: false,
    };
    // Pointing the bot at another issuer or login service is for tests on loopback; in production it
    // would make the bot trust tokens nobody at Microsoft signed, so it is refused rather than ignored.
    const overrides = (['BOTFRAMEWORK_OPENID_METADATA_URL', 'BOTFRAMEWORK_LOGIN_URL'] as const).filter((name) => e[name]);
    for (const name of overrides) {
      if (production) problems.push(`${name} is for tests only and is refused when NODE_ENV=production: it replaces the Bot Framework's own endpoint`);
    }
    if (e.BOTFRAMEWORK_LOGIN_URL && appType === 'UserAssignedMSI') {
      problems.push('BOTFRAMEWORK_LOGIN_URL does not apply to MICROSOFT_APP_TYPE=UserAssignedMSI (its token comes from the managed identity)');
    }
    if (overrides.length > 0) {
      teams.testEndpoints = {
        ...(e.BOTFRAMEWORK_OPENID_METADATA_URL ? { openIdMetadataUrl: e.BOTFRAMEWORK_OPENID_METADATA_URL } : {}),
        ...(e.BOTFRAMEWORK_LOGIN_URL ? { loginUrl: e.BOTFRAMEWORK_LOGIN_URL } : {}),
      };
    }
  } else if (e.MICROSOFT_APP_PASSWORD) {
    problems.push('MICROSOFT_APP_ID must be set when MICROSOFT_APP_PASSWORD is');
  } else if (e.TEAMS_ENABLED) {
    if (production) {
      problems.push(
        'MICROSOFT_APP_ID must be set in production: TEAMS_ENABLED=true without credentials would leave /api/messages unauthenticated',
      );
    } else {
      teams = { appId: '', appPassword: '', appType: 'MultiTenant', tenantId: '', anonymous: true };
    }
  }

  if (!e.MICROSOFT_APP_ID) {
    for (const name of ['BOTFRAMEWORK_OPENID_METADATA_URL', 'BOTFRAMEWORK_LOGIN_URL'] as const) {
      if (e[name]) problems.push(`${name} is used only with MICROSOFT_APP_ID (it replaces an endpoint of Bot Framework authentication)`);
    }
  }

  const admins: Identity[] = [];
  for (const entry of (e.PPP_ADMINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const identity = parseIdentity(entry);
    if (!identity || identity.platform === 'console') {
      problems.push(
        `PPP_ADMINS must be a comma-separated list like slack:U0123ABCD,teams:<aadObjectId> (got ${JSON.stringify(entry.slice(0, 60))})`,
      );
    } else {
      admins.push(identity);
    }
  }

  // Calendar links carry the event's token: in production only over https.
  if (e.PPP_PUBLIC_URL && production && !e.PPP_PUBLIC_URL.startsWith('https://')) {
    problems.push('PPP_PUBLIC_URL must start with https:// when NODE_ENV=production (calendar links carry a private token)');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = resolve(e.DATA_DIR ?? './data');
  const config: Config = {
    production,
    port: e.PORT ?? 3000,
    dataDir,
    databasePath: e.DATABASE_PATH === ':memory:' ? ':memory:' : resolve(e.DATABASE_PATH ?? `${dataDir}/ppp.sqlite`),
    admins,
    name: e.PPP_NAME ?? 'Security Partnership',
    timezone: e.PPP_TIMEZONE ?? 'America/Chicago',
    logLevel: e.LOG_LEVEL ?? 'info',
    retentionDays: e.PPP_RETENTION_DAYS ?? 90,
    reconcileEveryMs: (e.PPP_RECONCILE_SECONDS ?? 60) * 1000,
    maxMeetingsPer30d: e.PPP_MAX_MEETINGS_PER_30D ?? 3,
    alerts: { approval: e.ALERT_APPROVAL ?? 'critical', escalateAfterMs: (e.ALERT_ESCALATE_AFTER ?? 15) * 60_000 },
  };
  if (e.PPP_PUBLIC_URL) config.publicUrl = e.PPP_PUBLIC_URL.replace(/\/+$/, '');
  if (e.REDIS_URL) config.redisUrl = e.REDIS_URL;
  if (slack) config.slack = slack;
  if (teams) config.teams = teams;
  if (e.ADMIN_TOKEN) config.adminToken = e.ADMIN_TOKEN;
  if (e.PPP_CONSOLE_NAME) config.consoleName = e.PPP_CONSOLE_NAME;
  return config;
}
