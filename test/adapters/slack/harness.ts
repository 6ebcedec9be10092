// The real Slack adapter on the real HTTP server, as src/main.ts wires them, over an in-memory database
// and a fake Slack on loopback; every log line is kept, to check that no secret ever reaches one.
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createSlackAdapter, type SlackAdapterOptions } from '../../../adapters/slack/index.js';
import type { Db } from '../../../db/client.js';
import { createBot, type Bot } from '../../../src/bot.js';
import { bold, message, type Card } from '../../../src/cards/card.js';
import { createRegistry } from '../../../src/features.js';
import type { Registry } from '../../../src/commands/registry.js';
import { createHttpServer } from '../../../src/http/server.js';
import type { PlatformAdapter } from '../../../src/platform.js';
import { APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, type FakeSlack } from '../../helpers/fake-slack.js';
import { buildServices } from '../../helpers/services.js';

export const PARTNERSHIP = 'Twin Cities Test Partnership';

/**
 * `testslow` waits here until the test lets it go, so "too slow for the acknowledgement" never
 * depends on how busy the machine is: the ack budget passes while the handler is held.
 */
export const slowGate = {
  gate: Promise.resolve(),
  release: () => {},
  hold(): void {
    this.gate = new Promise<void>((resolve) => {
      this.release = resolve;
    });
  },
};

export interface Harness {
  adapter: PlatformAdapter;
  db: Db;
  /** POST /slack/events on the running server. */
  eventsUrl: string;
  baseUrl: string;
  logs: string[];
  healthz(): Promise<{ status: number; body: Record<string, string> }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  fake: FakeSlack;
  registry?: Registry;
  db?: Db;
  signingSecret?: string;
  botToken?: string;
  socketMode?: boolean;
  adapter?: SlackAdapterOptions;
  /** Sees every call into the bot (to count them); it must pass each one on. */
  wrapBot?: (bot: Bot) => Bot;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  const env: Record<string, string> = {
    PPP_NAME: PARTNERSHIP,
    SLACK_BOT_TOKEN: options.botToken ?? BOT_TOKEN,
    SLACK_SIGNING_SECRET: options.signingSecret ?? SIGNING_SECRET,
    SLACK_API_URL: options.fake.apiUrl,
  };
  if (options.socketMode) env.SLACK_APP_TOKEN = APP_TOKEN;
  const services = buildServices({ env, log, ...(options.db ? { db: options.db } : {}), ...(options.registry ? { registry: options.registry } : {}) });
  const { config, db, messenger: hub } = services;
  const created = createBot(services);
  const bot = options.wrapBot ? options.wrapBot(created) : created;
  // A budget well above what a quick command needs on a loaded machine, and well below Slack's 3 s.
  const adapter = await createSlackAdapter(config.slack!, { bot, services }, { ackBudgetMs: 1000, retry: { initialMs: 50, maxMs: 200 }, ...options.adapter });
  hub.add(adapter.messenger);
  await adapter.start();
  await services.outbox.start();
  const server = createHttpServer({
    routes: adapter.routes,
    health: { db: () => 'ok', redis: () => 'ok', slack: () => adapter.health() },
    log,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    adapter,
    db,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    logs,
    async healthz() {
      const res = await fetch(`${baseUrl}/healthz`);
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    },
    async close() {
      await services.outbox.close();
      await adapter.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The real registry plus a few test-only commands, since no shipped command uses a form, a public
 * reply or a slow handler yet: they exercise the adapter's paths, not any feature.
 */
export function testRegistry(): Registry {
  const registry = createRegistry();
  registry.command({
    name: 'testform',
    permission: 'anyone',
    usage: '',
    summary: 'Test: opens a form.',
    args: [],
    async handler(ctx) {
      await ctx.respond.openForm({
        id: 'test.incident',
        title: 'Report an incident to the partnership',
        submitLabel: 'File it',
        intro: ['Tell the ', bold('partnership'), ' what happened.'],
        inputs: [
          { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: 120 },
          { id: 'severity', label: 'Severity', kind: 'select', required: true, options: [{ label: 'Advisory', value: 'advisory' }, { label: 'Urgent', value: 'urgent' }] },
          { id: 'notes', label: 'Notes', kind: 'multiline', hint: 'Optional details.' },
        ],
        state: 'opened-in-test',
      });
    },
  });
  registry.form({
    formId: 'test.incident',
    permission: 'anyone',
    async handler(ctx) {
      const title = typeof ctx.values.title === 'string' ? ctx.values.title : '';
      if (title.length < 5) return { title: 'A title needs at least 5 characters.' };
      await ctx.respond.reply(message(['Filed: ', bold(title), ` (${String(ctx.values.severity)}, state ${ctx.state ?? 'none'})`]));
      return undefined;
    },
  });
  registry.command({
    name: 'testslow',
    permission: 'anyone',
    usage: '',
    summary: 'Test: answers late.',
    args: [],
    async handler(ctx) {
      await slowGate.gate;
      await ctx.respond.replyPrivately(message('Late, but here.'));
      await ctx.respond.reply(message('And for everyone.'));
    },
  });
  registry.command({
    name: 'testecho',
    permission: 'anyone',
    usage: '<text>',
    summary: 'Test: says the text back in the channel.',
    args: [{ name: 'text', kind: 'text' }],
    async handler(ctx) {
      await ctx.respond.reply(message(['You said: ', String(ctx.args.text)]));
    },
  });
  registry.command({
    name: 'testwho',
    permission: 'anyone',
    usage: '@person',
    summary: 'Test: names the person mentioned.',
    args: [{ name: 'person', kind: 'user' }],
    async handler(ctx) {
      const ref = ctx.args.person as { identity?: string; label: string };
      await ctx.respond.replyPrivately(message(`identity=${ref.identity ?? '-'} label=${ref.label}`));
    },
  });
  registry.command({
    name: 'testlist',
    permission: 'anyone',
    usage: '',
    summary: 'Test: a paged list with a select per page.',
    args: [],
    async handler(ctx) {
      const all = Array.from({ length: 45 }, (_, i) => ({ title: `Member ${i + 1}` }));
      const page = Math.min(Math.max(ctx.page, 1), 3);
      const card: Card = {
        header: 'Roster',
        elements: [
          { type: 'list', list: { items: all.slice((page - 1) * 20, page * 20), page, pageSize: 20, total: 45, command: 'testlist' } },
          {
            type: 'section',
            text: 'Item 7',
            accessory: { type: 'select', actionId: 'test.mark', placeholder: 'Mark', context: 'item-7', options: [{ label: 'in place', value: 'yes' }, { label: 'not yet', value: 'no' }] },
          },
        ],
      };
      await ctx.respond.replyPrivately(card);
    },
  });
  registry.action({
    actionId: 'test.mark',
    permission: 'anyone',
    async handler(ctx) {
      await ctx.respond.replyPrivately(message(`Marked ${ctx.action.context ?? '?'} as ${ctx.action.value ?? '?'}`));
    },
  });
  return registry;
}
