// What every platform adapter is built with: the neutral bot and the services behind it.
import type { Bot } from './bot.js';
import type { Services } from './commands/context.js';

export interface AdapterDeps {
  bot: Bot;
  services: Services;
}
