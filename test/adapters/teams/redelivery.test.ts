// RecentActivities: a redelivered activity is recognised within the window, forgotten after it, and
// the memory stays bounded.
import { describe, expect, it } from 'vitest';
import { RecentActivities } from '../../../adapters/teams/redelivery.js';

describe('RecentActivities', () => {
  it('says first time once per key within the window, and again after it', () => {
    const recent = new RecentActivities(1000);
    expect(recent.firstTime('c|1', 0)).toBe(true);
    expect(recent.firstTime('c|1', 999)).toBe(false);
    expect(recent.firstTime('c|2', 999)).toBe(true);
    expect(recent.firstTime('c|1', 1000)).toBe(true);
  });

  it('forgets the oldest keys when it holds too many', () => {
    const recent = new RecentActivities(60_000);
    for (let i = 0; i < 20_001; i++) recent.firstTime(`k${i}`, 0);
    // The very first key was dropped to stay within bounds; a recent one is still remembered.
    expect(recent.firstTime('k0', 1)).toBe(true);
    expect(recent.firstTime('k20000', 1)).toBe(false);
  });
});
