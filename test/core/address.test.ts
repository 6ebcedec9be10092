// Addresses and identities: the neutral strings the core passes around, parsed and built.
import { describe, expect, it } from 'vitest';
import { conversationOf, parseAddress, slackAddress, teamsAddress } from '../../src/core/address.js';
import { parseIdentity } from '../../src/core/identity.js';

describe('addresses and identities', () => {
  it('round-trips Slack and Teams addresses; a Teams channel drops its ;messageid suffix', () => {
    expect(parseAddress(slackAddress('T1', 'C2', '1700000000.000100'))).toEqual({ platform: 'slack', team: 'T1', channel: 'C2', threadTs: '1700000000.000100' });
    expect(conversationOf('slack:T1:C2:1700000000.000100')).toBe('slack:T1:C2');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=1712345')).toBe('teams:19:abc@thread.tacv2');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=1712345', true)).toBe('teams:19:abc@thread.tacv2;messageid=1712345');
    expect(teamsAddress('19:abc@thread.tacv2;messageid=act-5')).toBe('teams:19:abc@thread.tacv2');
    expect(parseAddress('teams:19:abc@thread.tacv2')).toEqual({ platform: 'teams', conversationId: '19:abc@thread.tacv2' });
    expect(() => parseAddress('irc:#x')).toThrow();
  });

  it('parses platform identities', () => {
    expect(parseIdentity('slack:U0ABC')).toEqual({ platform: 'slack', id: 'U0ABC' });
    expect(parseIdentity('slack:bob')).toBeUndefined();
    expect(parseIdentity('email:a@b')).toBeUndefined();
  });
});
