// The members a TLP:RED alert names are found the way the roster finds people (src/members/lookup.ts):
// without their title, by part of the name, one typo forgiven; an ambiguous or unknown name is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRecipients, alerts } from '../../db/schema.js';
import { consoleId, seedMember, startAlertWorld, type AlertWorld } from './world.js';

let world: AlertWorld;
beforeEach(async () => {
  world = await startAlertWorld();
  seedMember(world.db, { name: 'Olive Operator', accounts: [consoleId('op')], coordinator: true });
  seedMember(world.db, { name: 'Sheriff Tom Brandt', accounts: [consoleId('tom')] });
  seedMember(world.db, { name: 'Chief Dana Holt', accounts: [consoleId('dana')] });
  seedMember(world.db, { name: 'Sheriff Dana Holm', accounts: [consoleId('holm')] });
});
afterEach(async () => {
  await world.close();
});

const recipients = () => world.db.select({ memberId: alertRecipients.memberId }).from(alertRecipients).all();

describe('the members a RED alert names', () => {
  it('finds “Tom Brandt” as Sheriff Tom Brandt, typed in one line', async () => {
    const answer = await world.run(consoleId('op'), 'alert urgent red @"Tom Brandt" Threat to the county fair -- for you alone');
    expect(answer.texts()).toBe('');
    const alert = world.db.select().from(alerts).get()!;
    expect(alert.tlp).toBe('RED');
    const preview = world.dmsTo('console:op').at(-1)!;
    expect(preview.text).toContain('Sheriff Tom Brandt');
    expect(alert.namedMemberIds).toHaveLength(1);
    expect(recipients()).toEqual([]);
  });

  it('forgives one typo and a missing title in the form’s recipients field', async () => {
    const answer = await world.submit(consoleId('op'), 'alert.compose', { severity: 'urgent', tlp: 'RED', title: 'Threat to the county fair', details: '', recipients: 'Tom Brant, Dana Holt' });
    const alert = world.db.select().from(alerts).get();
    expect(alert, answer.texts()).toBeDefined();
    expect(alert?.namedMemberIds).toHaveLength(2);
  });

  it('refuses a name that could be two people, naming both', async () => {
    const answer = await world.run(consoleId('op'), 'alert urgent red @"Dana Ho" Threat to the county fair');
    expect(answer.texts()).toContain('Chief Dana Holt');
    expect(answer.texts()).toContain('Sheriff Dana Holm');
    expect(world.db.select().from(alerts).all()).toEqual([]);
  });
});
