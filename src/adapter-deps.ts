// What every platform adapter is built with: the neutral bot and the services behind it.
import type { Bot } from './bot.js';
import type { Services } from './services.js';

export interface AdapterDeps {
  bot: Bot;
  services: Services;
  /** 'worker': only proactive sending is needed (npm run worker) — no routes, no Socket Mode. */
  role?: 'serve' | 'worker';
}
