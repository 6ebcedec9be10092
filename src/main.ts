// The composition root: checks configuration, makes local state private, starts Redis, the database
// and the delivery engine, then the adapters. The only file in src/ that imports adapters/ and jobs/.
// `--worker` runs delivery workers only (npm run worker), beside a bot on the same host.
import { join } from 'node:path';
import pino from 'pino';
import { ConsoleAdapter, consoleUserName } from '../adapters/console/console-adapter.js';
import { checkpointWhenQuiet } from '../db/checkpoint.js';
import { openDatabase, restrictFiles, type Db } from '../db/client.js';
import { DeliveryEngine } from '../jobs/engine.js';
import { bounded, ConnectionLog, createRedisClient, resolveRedis, type RedisTarget } from '../jobs/redis.js';
import { RedisStartError } from '../jobs/redis-server.js';
import { createBot } from './bot.js';
import { createRegistry } from './features.js';
import { createServices } from './services.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock } from './core/clock.js';
import { createLog, type Log } from './core/log.js';
import { installCrashPolicy } from './crash-policy.js';
import { featureRoutes } from './http/feature-routes.js';
import { createHttpServer } from './http/server.js';
import { syncCoordinators } from './members/coordinators.js';
import { FatalAdapterError, type PlatformAdapter, type Route } from './platform.js';
import { fail, preparePrivateDirs, StartupError } from './startup.js';

// Before anything is written: every file and socket this process creates is the owner's alone.
process.umask(0o077);

type Role = 'serve' | 'console' | 'worker';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.problems.join('; ')}`, 2);
    throw err;
  }
}

function chooseRole(config: Config): Role {
  const platformConfigured = Boolean(config.slack || config.teams);
  if (process.argv.includes('--worker')) {
    if (!platformConfigured) fail('a worker sends to Slack or Teams: set the same platform variables as the bot it works beside', 2);
    return 'worker';
  }
  if (process.env.PPP_FORCE_CONSOLE === '1' || (!platformConfigured && process.stdin.isTTY)) return 'console';
  if (!platformConfigured) {
    fail(
      'no platform is configured and there is no terminal for the console: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack), or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Teams), or run `npm run console` in a terminal',
      2,
    );
  }
  return 'serve';
}

/** How long one cleanup step may take: a Redis that is gone must not keep the process from exiting. */
const STEP_TIMEOUT_MS = 15_000;

/** Cleanup steps run in reverse order of registration on a clean exit; a second signal exits at once. */
class Lifecycle {
  private readonly steps: (() => Promise<void> | void)[] = [];
  private stopped: Promise<never> | undefined;
  constructor(private readonly log: Log) {}
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  /** Runs the cleanup once, then exits; a later call waits for the first. */
  stop(code: number): Promise<never> {
    this.stopped ??= this.run(code);
    return this.stopped;
  }
  /** SIGINT / SIGTERM: a clean stop, or, when one is already under way, an exit now. */
  signal(): void {
    if (this.stopped) {
      this.log.warn('asked again to stop: exiting before cleanup finished');
      process.exit(130);
    }
    void this.stop(0);
  }
  private async run(code: number): Promise<never> {
    for (const step of this.steps.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`a shutdown step took over ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
          }),
        ]);
      } catch (err) {
        this.log.warn({ err: err instanceof Error ? err.message : err }, 'shutdown step failed');
      } finally {
        clearTimeout(timer);
      }
    }
    this.log.info('stopped');
    process.exit(code);
  }
}

async function openInfrastructure(config: Config, log: Log, life: Lifecycle): Promise<{ redis: RedisTarget; db: Db; redisHealth: () => Promise<string> }> {
  try {
    const redis = await resolveRedis({ dataDir: config.dataDir, log, ...(config.redisUrl ? { url: config.redisUrl } : {}) });
    const own = redis.own;
    // Stops the bot's own redis-server only if no other process on this DATA_DIR still uses it.
    if (own) life.add(async () => log.info(`redis: ${await own.release()}`));
    log.info({ redis: redis.description }, `redis: ${redis.description}`);
    // Health answers in time while Redis is down: no offline queue, and a bound on the PING.
    const client = createRedisClient(redis, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    const connection = new ConnectionLog(log, 'health check');
    client.on('error', (err) => connection.error(err, 'health'));
    client.on('ready', () => connection.ready());
    await client.connect();
    await client.ping();
    life.add(async () => {
      await bounded(client.quit(), 2_000, 'close the health connection').catch(() => client.disconnect());
    });
    const redisHealth = async () => {
      try {
        return (await bounded(client.ping(), 1_000, 'health')) === 'PONG' ? 'ok' : 'unexpected answer';
      } catch (err) {
        return `down: ${err instanceof Error ? err.message.slice(0, 80) : 'no answer'}`;
      }
    };
    const db = openDatabase(config.databasePath);
    const onDisk = config.databasePath !== ':memory:';
    const stopCheckpoints = onDisk ? checkpointWhenQuiet(db.$client) : () => undefined;
    life.add(() => {
      stopCheckpoints();
      db.$client.close();
      if (onDisk) restrictFiles(config.databasePath);
    });
    return { redis, db, redisHealth };
  } catch (err) {
    const message =
      err instanceof RedisStartError || err instanceof StartupError ? err.message : `could not start: ${err instanceof Error ? err.message : String(err)}`;
    process.stderr.write(`ppp-bot: ${message}\n`);
    return life.stop(1);
  }
}

async function listen(config: Config, routes: Route[], health: Record<string, () => string | Promise<string>>, log: Log, life: Lifecycle): Promise<void> {
  const server = createHttpServer({ routes, health, log });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, () => resolve());
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(
      `ppp-bot: ${e.code === 'EADDRINUSE' ? `PORT ${config.port} is already in use; set PORT to a free port` : `could not listen on PORT ${config.port}: ${e.message}`}\n`,
    );
    await life.stop(1);
  }
  life.add(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port }, `listening on port ${port}`);
}

async function main(): Promise<void> {
  const config = readConfig();
  const role = chooseRole(config);

  preparePrivateDirs(config.dataDir, config.databasePath);
  // On the console the screen belongs to the user: logs go to a file in DATA_DIR instead.
  const log: Log =
    role === 'console'
      ? createLog(config.logLevel, pino.destination({ dest: join(config.dataDir, 'ppp.log'), mkdir: true, sync: true }))
      : createLog(config.logLevel);
  // Production logs an error nobody handled and keeps serving; elsewhere it stops the process (crash-policy.ts).
  installCrashPolicy(log, {
    production: config.production,
    secrets: [config.slack?.botToken, config.slack?.signingSecret, config.slack?.appToken, config.teams?.appPassword, config.adminToken],
  });
  const life = new Lifecycle(log);
  process.on('SIGTERM', () => life.signal());
  process.on('SIGINT', () => life.signal());

  const { redis, db, redisHealth } = await openInfrastructure(config, log, life);

  const consoleUser = role === 'console' ? consoleUserName() : undefined;
  if (role !== 'worker') {
    const changed = syncCoordinators(db, { admins: config.admins, at: systemClock(), ...(consoleUser ? { consoleUser } : {}) });
    if (changed > 0) log.info({ changed }, 'coordinator roles updated from PPP_ADMINS / console');
  }

  // The services, and the delivery engine in them, exist before any adapter can take a request: a
  // command or a click that arrives the moment Socket Mode connects already has an engine to queue to.
  const services = createServices({ db, config, clock: systemClock, log, registry: createRegistry() }, (built) =>
    new DeliveryEngine({ redis, services: built, messenger: built.messenger, reconcileEveryMs: config.reconcileEveryMs }),
  );
  const { messenger: hub, outbox: engine } = services;
  const bot = createBot(services);

  const adapters: PlatformAdapter[] = [];
  const consoleAdapter =
    role === 'console' && consoleUser
      ? new ConsoleAdapter({
          bot,
          user: consoleUser,
          ...(config.consoleName ? { name: config.consoleName } : {}),
          banner: [`PPP Bot — ${config.name} (console)`],
          details: [
            `Database: ${config.databasePath}`,
            `Redis: ${redis.description}`,
            `Log: ${join(config.dataDir, 'ppp.log')}`,
            '',
          ],
        })
      : undefined;
  if (consoleAdapter) hub.add(consoleAdapter.messenger);
  try {
    const deps = { bot, services, role: role === 'worker' ? ('worker' as const) : ('serve' as const) };
    // Each platform's SDK is loaded only when that platform is configured: Bolt and botbuilder are
    // large, and a Slack-only deployment should not carry the Teams SDK (nor the reverse).
    if (role !== 'console' && config.slack) {
      const { createSlackAdapter } = await import('../adapters/slack/index.js');
      adapters.push(await createSlackAdapter(config.slack, deps));
    }
    if (role !== 'console' && config.teams) {
      const { createTeamsAdapter } = await import('../adapters/teams/index.js');
      adapters.push(await createTeamsAdapter(config.teams, deps));
    }
    for (const adapter of adapters) {
      hub.add(adapter.messenger);
      await adapter.start();
      life.add(() => adapter.stop());
    }
  } catch (err) {
    if (!(err instanceof FatalAdapterError)) throw err;
    log.fatal({ err: err.message }, 'stopping');
    process.stderr.write(`ppp-bot: ${err.message}\n`);
    await engine.close();
    await life.stop(1);
  }

  // Workers and the first reconcile pass start once every platform of this process is in the hub:
  // a delivery taken earlier would find its platform missing and wait a minute (jobs/deliver.ts).
  const reconciled = await engine.start();
  life.add(() => engine.close());
  log.info(reconciled, 'delivery engine started; reconciled from SQLite');

  if (role === 'worker') {
    log.info('worker running; deliveries and edits are processed here');
    return;
  }

  if (consoleAdapter) {
    await consoleAdapter.run();
    await life.stop(0);
  }

  const health: Record<string, () => string | Promise<string>> = {
    db: () => (db.$client.prepare('select 1 as ok').get() ? 'ok' : 'no answer'),
    redis: redisHealth,
  };
  for (const adapter of adapters) health[adapter.platform] = () => adapter.health();
  const routes = [...adapters.flatMap((a) => a.routes), ...featureRoutes(services, services.registry.httpRoutes())];
  if (config.adminToken) {
    // Loaded only when it is served: bull-board and its UI are megabytes of memory for nobody otherwise.
    const { createDashboard, DASHBOARD_PATH } = await import('../jobs/dashboard.js');
    routes.push({ method: 'ANY', path: DASHBOARD_PATH, prefix: true, handler: createDashboard([engine.deliveries, engine.refreshes, engine.maintenance, engine.timers], config.adminToken) });
  }
  await listen(config, routes, health, log, life);
}

main().catch((err: unknown) => {
  process.stderr.write(`ppp-bot: unexpected failure at start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
