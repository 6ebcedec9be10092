// The composition root: checks configuration, makes local state private, starts Redis and the
// database, then the adapters. The only file in src/ that imports adapters/ and jobs/.
import { join } from 'node:path';
import pino from 'pino';
import { ConsoleAdapter, consoleUserName } from '../adapters/console/console-adapter.js';
import { createSlackAdapter } from '../adapters/slack/index.js';
import { createTeamsAdapter } from '../adapters/teams/index.js';
import { openDatabase, restrictFiles, type Db } from '../db/client.js';
import { createRedisClient, resolveRedis, type RedisTarget } from '../jobs/redis.js';
import { RedisStartError } from '../jobs/redis-server.js';
import { createBot } from './bot.js';
import type { Services } from './commands/context.js';
import { createRegistry } from './commands/index.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { systemClock } from './core/clock.js';
import { createLog, type Log } from './core/log.js';
import { createHttpServer } from './http/server.js';
import { syncCoordinators } from './members/coordinators.js';
import { MessengerHub } from './messenger.js';
import { FatalAdapterError, type PlatformAdapter } from './platform.js';
import { fail, preparePrivateDirs, StartupError } from './startup.js';

// Before anything is written: every file and socket this process creates is the owner's alone.
process.umask(0o077);

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(`configuration error: ${err.problems.join('; ')}`, 2);
    throw err;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const forceConsole = process.env.PPP_FORCE_CONSOLE === '1';
  const platformConfigured = Boolean(config.slack || config.teams);
  const consoleMode = forceConsole || (!platformConfigured && Boolean(process.stdin.isTTY));
  if (!platformConfigured && !consoleMode) {
    fail(
      'no platform is configured and there is no terminal for the console: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack), or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (Teams), or run `npm run console` in a terminal',
      2,
    );
  }

  preparePrivateDirs(config.dataDir, config.databasePath);
  // On the console the screen belongs to the user: logs go to a file in DATA_DIR instead.
  const log: Log = consoleMode
    ? createLog(config.logLevel, pino.destination({ dest: join(config.dataDir, 'ppp.log'), mkdir: true, sync: true }))
    : createLog(config.logLevel);

  const cleanups: (() => Promise<void> | void)[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (err) {
        log.warn({ err }, 'shutdown step failed');
      }
    }
    log.info('stopped');
    process.exit(code);
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));

  let redis: RedisTarget;
  let db: Db;
  let redisHealth: () => Promise<string>;
  try {
    redis = await resolveRedis({ dataDir: config.dataDir, log, ...(config.redisUrl ? { url: config.redisUrl } : {}) });
    if (redis.own?.owner) cleanups.push(() => redis.own?.stop());
    log.info({ redis: redis.description }, `redis: ${redis.description}`);
    const client = createRedisClient(redis, { lazyConnect: true, maxRetriesPerRequest: 1 });
    client.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    await client.connect();
    await client.ping();
    redisHealth = async () => {
      try {
        return (await client.ping()) === 'PONG' ? 'ok' : 'unexpected answer';
      } catch (err) {
        return `down: ${err instanceof Error ? err.message.slice(0, 80) : 'no answer'}`;
      }
    };
    cleanups.push(async () => {
      await client.quit().catch(() => client.disconnect());
    });

    db = openDatabase(config.databasePath);
    cleanups.push(() => {
      db.$client.close();
      if (config.databasePath !== ':memory:') restrictFiles(config.databasePath);
    });
  } catch (err) {
    await Promise.all(cleanups.reverse().map(async (c) => c()));
    if (err instanceof RedisStartError || err instanceof StartupError) fail(err.message);
    const reason = err instanceof Error ? err.message : String(err);
    fail(`could not start: ${reason}`);
  }

  const consoleUser = consoleMode ? consoleUserName() : undefined;
  const changed = syncCoordinators(db, {
    admins: config.admins,
    at: systemClock(),
    ...(consoleUser ? { consoleUser } : {}),
  });
  if (changed > 0) log.info({ changed }, 'coordinator roles updated from PPP_ADMINS / console');

  const registry = createRegistry();
  const services: Services = { db, config, clock: systemClock, log, registry };
  const bot = createBot(services);

  if (consoleMode && consoleUser) {
    const adapter = new ConsoleAdapter({
      bot,
      user: consoleUser,
      banner: [
        `PPP Bot — ${config.name} (console)`,
        `You are console:${consoleUser}, a coordinator. Type /ppp help to begin, quit to leave.`,
        `Database: ${config.databasePath}`,
        `Redis: ${redis.description}`,
        `Log: ${join(config.dataDir, 'ppp.log')}`,
        '',
      ],
    });
    await adapter.run();
    await shutdown(0);
    return;
  }
  const adapters: PlatformAdapter[] = [];
  const hub = new MessengerHub();
  // Commands may arrive as soon as an adapter starts, and may need to send: the hub is there first.
  services.messenger = hub;
  try {
    if (config.slack) adapters.push(await createSlackAdapter(config.slack, { bot, services }));
    if (config.teams) adapters.push(await createTeamsAdapter(config.teams, { bot, services }));
    for (const adapter of adapters) {
      hub.add(adapter.messenger);
      await adapter.start();
      cleanups.push(() => adapter.stop());
    }
  } catch (err) {
    if (err instanceof FatalAdapterError) {
      log.fatal({ err: err.message }, 'stopping');
      process.stderr.write(`ppp-bot: ${err.message}\n`);
      await shutdown(1);
      return;
    }
    throw err;
  }

  const health: Record<string, () => string | Promise<string>> = {
    db: () => (db.$client.prepare('select 1 as ok').get() ? 'ok' : 'no answer'),
    redis: redisHealth,
  };
  for (const adapter of adapters) health[adapter.platform] = () => adapter.health();
  const server = createHttpServer({ routes: adapters.flatMap((a) => a.routes), health, log });
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
    await shutdown(1);
    return;
  }
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, platforms: adapters.map((a) => a.platform) }, `listening on port ${port}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`ppp-bot: unexpected failure at start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
