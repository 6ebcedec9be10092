// Slack's events in neutral form: the app uninstalled, the bot removed from a channel (or the channel
// archived), someone joining a channel. The bot decides what they mean (coordinators told, channel
// marked unreachable); this only translates.
// @see https://docs.slack.dev/reference/events/member_joined_channel
import { slackAddress } from '../../src/core/address.js';
import { parseIdentity } from '../../src/core/identity.js';
import type { SlackConnection } from './connection.js';
import type { SlackContext } from './replies.js';

export const EVENTS = /^(app_uninstalled|tokens_revoked|channel_left|group_left|channel_archive|group_archive|member_left_channel|member_joined_channel)$/;

export interface SlackEvent {
  type: string;
  channel?: string;
  user?: string;
  team?: string;
  tokens?: { bot?: string[] };
}

const LOST: Record<string, string> = {
  channel_left: 'PPP Bot was removed from the channel',
  group_left: 'PPP Bot was removed from the private channel',
  channel_archive: 'the channel was archived',
  group_archive: 'the private channel was archived',
  member_left_channel: 'PPP Bot was removed from the channel',
};

export async function handleEvent(event: SlackEvent, conn: SlackConnection, ctx: SlackContext): Promise<void> {
  const team = conn.teamId() ?? event.team ?? 'T0';
  switch (event.type) {
    case 'app_uninstalled':
    case 'tokens_revoked':
      if (event.type === 'tokens_revoked' && (event.tokens?.bot ?? []).length === 0) return;
      conn.markUninstalled(event.type);
      // Nobody on Slack can be told any more; coordinators on Teams hear of it.
      await ctx.bot.handleEvent({ type: 'platform-uninstalled', platform: 'slack', reason: event.type });
      return;
    case 'member_joined_channel': {
      if (!event.channel || !event.user || event.user === conn.botUserId()) return;
      const identity = parseIdentity(`slack:${event.user}`);
      if (identity) await ctx.bot.handleEvent({ type: 'member-joined', address: slackAddress(team, event.channel), identity });
      return;
    }
    case 'member_left_channel':
      // Only the bot's own departure matters here: a person leaving is no risk to the channel.
      if (event.user !== conn.botUserId()) return;
      break;
    default:
      break;
  }
  const reason = LOST[event.type];
  if (reason && event.channel) await ctx.bot.handleEvent({ type: 'conversation-lost', address: slackAddress(team, event.channel), reason });
}
