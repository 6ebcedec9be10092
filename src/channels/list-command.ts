// `channels`: every vetted conversation on every platform, with its kind and who vetted it; paged.
import { context, pageOf, PAGE_SIZE, type Card, type ListItem } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { formatDate } from '../core/dates.js';
import { describeChannel, listChannels } from './store.js';

async function handler(ctx: CommandContext): Promise<void> {
  const { services, turn } = ctx;
  const all = listChannels(services.db);
  const items: ListItem[] = all.map((c) => ({
    title: `${describeChannel(c)} — ${c.kind}${c.status === 'unreachable' ? ' (UNREACHABLE)' : ''}`,
    detail: [
      c.vettedAt ? `vetted by ${c.vettedByName ?? 'unknown'} on ${formatDate(c.vettedAt, services.config.timezone)}` : 'vetting date unknown',
      c.status === 'unreachable' ? `; ${c.statusReason ?? 'the bot cannot post there'}` : '',
    ].join(''),
  }));
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const executive = all.filter((c) => c.kind === 'executive' && c.status === 'vetted').length;
  const card: Card = {
    header: 'Vetted conversations',
    elements: [
      { type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: 'channels', empty: `None yet. Run \`${turn.prefix}channel vet executive\` inside a conversation to vet it.` } },
      context(`${all.length} in all, ${executive} executive. Unreachable ones receive nothing until the bot is added back and the conversation vetted again.`),
    ],
  };
  await ctx.respond.replyPrivately(card);
}

export function registerChannels(registry: Registry): void {
  registry.command({
    name: 'channels',
    permission: 'coordinator',
    usage: '',
    summary: 'Every vetted conversation on Slack and Teams, its kind and who vetted it.',
    args: [],
    handler,
  });
}
