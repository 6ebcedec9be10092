// `channel unvet`: this conversation no longer receives announcements or alerts.
import { message } from '../cards/card.js';
import type { MemberActor } from '../auth/actor.js';
import type { Args } from '../commands/args.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { describeChannel, unvetChannel } from './store.js';

async function handler(ctx: CommandContext<Args, MemberActor>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const row = unvetChannel(services.db, turn.conversation, { identity: formatIdentity(actor.identity), memberId: actor.member.id }, services.clock());
  await respond.replyPrivately(
    row
      ? message(`${describeChannel(row)} is no longer vetted: it will receive no announcements or alerts.`)
      : message(`This conversation is not vetted, so there is nothing to undo. \`${turn.prefix}channels\` lists the vetted ones.`),
  );
}

export function registerChannelUnvet(registry: Registry): void {
  registry.command({
    name: 'channel unvet',
    permission: 'coordinator',
    usage: '',
    summary: 'Stop announcements and alerts to this conversation.',
    args: [],
    scopes: ['channel', 'group', 'console'],
    handler,
  });
}
