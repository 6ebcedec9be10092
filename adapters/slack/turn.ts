// Who and where, from a Slack payload: the neutral Turn the bot runs with. Ids are checked here, since
// they end up inside neutral address strings (`slack:<team>:<channel>`), where a `:` would be a lie.
import type { Scope, Turn } from '../../src/commands/context.js';
import { slackAddress, type Address } from '../../src/core/address.js';

export const DEFAULT_PREFIX = '/ppp ';

const USER_ID = /^[UW][A-Z0-9]{2,40}$/;
const TEAM_OR_CHANNEL = /^[A-Z0-9]{2,40}$/;
const THREAD_TS = /^\d{1,12}\.\d{1,8}$/;

/** IMs are personal, multi-person IMs a group, everything else (public or private) a channel. */
export function scopeOf(channelId: string, channelName?: string): Scope {
  if (channelName === 'directmessage' || channelId.startsWith('D')) return 'personal';
  if (channelName?.startsWith('mpdm-')) return 'group';
  return 'channel';
}

export interface TurnSource {
  team: unknown;
  channel: unknown;
  channelName?: unknown;
  user: unknown;
  userName?: unknown;
  threadTs?: unknown;
  prefix?: string;
  scope?: Scope;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The turn, or undefined when the payload does not say clearly who sent it from where. */
export function slackTurn(source: TurnSource): Turn | undefined {
  const team = str(source.team);
  const channel = str(source.channel);
  const user = str(source.user);
  if (!team || !channel || !user || !TEAM_OR_CHANNEL.test(team) || !TEAM_OR_CHANNEL.test(channel) || !USER_ID.test(user)) {
    return undefined;
  }
  const threadTs = str(source.threadTs);
  const conversation: Address = slackAddress(team, channel, threadTs && THREAD_TS.test(threadTs) ? threadTs : undefined);
  const turn: Turn = {
    platform: 'slack',
    identity: { platform: 'slack', id: user },
    conversation,
    scope: source.scope ?? scopeOf(channel, str(source.channelName)),
    prefix: source.prefix ?? DEFAULT_PREFIX,
  };
  const name = str(source.userName)?.trim();
  if (name) turn.displayName = name.slice(0, 120);
  return turn;
}
