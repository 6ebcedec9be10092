// The summits' settings: PPP_PUBLIC_URL (the calendar links' address) and PPP_MAX_MEETINGS_PER_30D
// (the cadence warning), each refused in one line naming the variable.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configProblems } from '../helpers/config.js';

const problems = configProblems;

describe('summit settings', () => {
  it('default to no public address and three meetings per 30 days', () => {
    const c = loadConfig({});
    expect(c.publicUrl).toBeUndefined();
    expect(c.maxMeetingsPer30d).toBe(3);
  });

  it('take a public address without its trailing slash, and a limit from 1 to 30', () => {
    const c = loadConfig({ PPP_PUBLIC_URL: 'https://ppp.example.org/', PPP_MAX_MEETINGS_PER_30D: '2' });
    expect(c.publicUrl).toBe('https://ppp.example.org');
    expect(c.maxMeetingsPer30d).toBe(2);
  });

  it('refuse a bad value naming the variable', () => {
    expect(problems({ PPP_MAX_MEETINGS_PER_30D: '0' })).toBe('PPP_MAX_MEETINGS_PER_30D must be a whole number of meetings from 1 to 30 (got "0")');
    expect(problems({ PPP_MAX_MEETINGS_PER_30D: 'three' })).toMatch(/^PPP_MAX_MEETINGS_PER_30D must be a whole number/);
    expect(problems({ PPP_PUBLIC_URL: 'ppp.example.org' })).toMatch(/^PPP_PUBLIC_URL must be the address the bot is reached at/);
    expect(problems({ PPP_PUBLIC_URL: 'ftp://ppp.example.org' })).toMatch(/^PPP_PUBLIC_URL must be the address/);
    expect(problems({ PPP_PUBLIC_URL: 'http://ppp.example.org', NODE_ENV: 'production' })).toBe(
      'PPP_PUBLIC_URL must start with https:// when NODE_ENV=production (calendar links carry a private token)',
    );
    expect(problems({ PPP_PUBLIC_URL: 'http://localhost:3000' })).toBe('');
  });
});
