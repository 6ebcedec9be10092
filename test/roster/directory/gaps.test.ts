// `roster gaps`: where the roster would fail the partnership in a crisis — no 24/7 line, no alternate,
// an alternate nobody can reach, vetting about to lapse, members the bot cannot reach at all.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderText } from '../../../src/cards/text.js';
import { seed } from '../../helpers/db.js';
import { person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const cora = person('cora');
const NOW = new Date();
const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: person('UCORA1', 'slack'), set: { isCoordinator: true, contact247: '+1 612 555 0100', vettingExpiresAt: days(300) } });
  seed(w.db, { name: 'Cora Console', identity: cora, set: { isCoordinator: true, contact247: '+1 612 555 0101', vettingExpiresAt: days(300) } });
});
afterEach(async () => {
  await w.close();
});

describe('roster gaps', () => {
  it('names each gap with the members in it, and what to do', async () => {
    const reachable = seed(w.db, { name: 'Rita Reachable', identity: person('URITA1', 'slack'), set: { contact247: '+1 612 555 0102', vettingExpiresAt: days(300) } });
    const offline = seed(w.db, { name: 'Otto Offline', set: { contact247: '+1 612 555 0103', vettingExpiresAt: days(300) } });
    seed(w.db, { name: 'Nora No-Line', identity: person('UNORA1', 'slack'), set: { alternateMemberId: reachable.id, vettingExpiresAt: days(300) } });
    seed(w.db, { name: 'Al Unreachable-Alt', identity: person('UALAL1', 'slack'), set: { contact247: '+1 612 555 0104', alternateMemberId: offline.id, vettingExpiresAt: days(300) } });
    seed(w.db, { name: 'Lapsing Lee', identity: person('ULEE01', 'slack'), set: { contact247: '+1 612 555 0105', alternateMemberId: reachable.id, vettingExpiresAt: days(12) } });

    const card = (await w.run(cora, 'roster gaps')).sent[0]!.card!;
    const text = renderText(card).text;
    expect(text).toMatch(/No 24\/7 line on file \(1\): Nora No-Line/);
    expect(text).toMatch(/No alternate on file \(\d\): .*Otto Offline/);
    expect(text).toMatch(/An alternate the bot cannot reach \(1\): Al Unreachable-Alt \(alternate Otto Offline has no Slack or Teams account\)/);
    expect(text).toMatch(/Vetting lapses within 30 days \(1\): Lapsing Lee on /);
    expect(text).toMatch(/No Slack or Teams account, so the bot cannot message them \(\d\): .*Otto Offline/);
    expect(text).not.toMatch(/555/);
    expect(text).toMatch(/profile/);
  });

  it('says so when there is no gap, and is for the board and coordinators', async () => {
    await w.close();
    w = await startWorld({ platforms: ['console'] });
    const a = seed(w.db, { name: 'Ann A', identity: person('UANNA1', 'slack'), set: { isCoordinator: true, contact247: '+1 612 555 0100', vettingExpiresAt: days(300) } });
    seed(w.db, { name: 'Bob B', identity: person('UBOBB1', 'slack'), set: { contact247: '+1 612 555 0101', alternateMemberId: a.id, vettingExpiresAt: days(300) } });
    const ann = person('UANNA1', 'slack');
    w.db.$client.prepare('update members set alternate_member_id = (select id from members where name = ?) where name = ?').run('Bob B', 'Ann A');
    expect((await w.run(ann, 'roster gaps')).texts()).toContain('No gaps');
    const member = seed(w.db, { name: 'Mo Member', identity: person('mo') });
    expect(member.status).toBe('active');
    expect((await w.run(person('mo'), 'roster gaps')).sent[0]!.card?.tone).toBe('refusal');
  });
});
