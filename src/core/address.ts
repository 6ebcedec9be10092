// Neutral conversation addresses: `slack:<team>:<channel>[:<thread_ts>]`, `teams:<conversation id>`,
// `console:<session>`. Features pass these strings around; only adapters take them apart for sending.
import type { Platform } from './identity.js';

export type Address = string;

export interface SlackAddress {
  platform: 'slack';
  team: string;
  channel: string;
  threadTs?: string;
}
export interface TeamsAddress {
  platform: 'teams';
  conversationId: string;
}
export interface ConsoleAddress {
  platform: 'console';
  session: string;
}
export type ParsedAddress = SlackAddress | TeamsAddress | ConsoleAddress;

export function slackAddress(team: string, channel: string, threadTs?: string): Address {
  return threadTs ? `slack:${team}:${channel}:${threadTs}` : `slack:${team}:${channel}`;
}

/**
 * A vetted Teams channel is addressed without its `;messageid=` suffix; a thread keeps it. Whatever the
 * id after it looks like: a suffix left on would make one channel look like many (and a card's buttons
 * look as if pressed elsewhere).
 */
export function teamsAddress(conversationId: string, keepThread = false): Address {
  return `teams:${keepThread ? conversationId : conversationId.replace(/;messageid=[^;]*$/, '')}`;
}

export function consoleAddress(session: string): Address {
  return `console:${session}`;
}

export function parseAddress(address: Address): ParsedAddress {
  const at = address.indexOf(':');
  const platform = address.slice(0, at);
  const rest = address.slice(at + 1);
  if (platform === 'slack') {
    const [team, channel, threadTs] = rest.split(':');
    if (!team || !channel) throw new Error(`not a Slack address: ${address}`);
    return threadTs ? { platform, team, channel, threadTs } : { platform, team, channel };
  }
  if (platform === 'teams' && rest) return { platform, conversationId: rest };
  if (platform === 'console' && rest) return { platform, session: rest };
  throw new Error(`not a conversation address: ${address}`);
}

export function platformOf(address: Address): Platform {
  return parseAddress(address).platform;
}

/** The conversation a thread belongs to: vetting and routing are decided per conversation. */
export function conversationOf(address: Address): Address {
  const parsed = parseAddress(address);
  if (parsed.platform === 'slack') return slackAddress(parsed.team, parsed.channel);
  if (parsed.platform === 'teams') return teamsAddress(parsed.conversationId);
  return address;
}
