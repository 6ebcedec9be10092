// `who` in a crisis: exact and fuzzy organization names, capabilities from the menu, best match first,
// and the stand-in shown for someone suspended (their alternate) or gone (their successor).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationScore } from '../../../src/roster/directory/who.js';
import { memberNamed, organization, seed } from '../../helpers/db.js';
import { person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const asker = person('asker');

beforeAll(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Ann Asker', identity: asker });
  const homeDepot = organization(w.db, 'The Home Depot', { kind: 'corporation' });
  const fedex = organization(w.db, 'FedEx Corporation', { kind: 'corporation' });
  const sheriff = organization(w.db, 'Hennepin County Sheriff’s Office', { kind: 'local-agency' });
  const hennepinHealth = organization(w.db, 'Hennepin Healthcare', { kind: 'critical-infrastructure' });

  const alt = seed(w.db, { name: 'Hal Deputy', identity: person('hal'), set: { organizationId: homeDepot, title: 'Director, Asset Protection', contact247: '+1 770 555 0102' } });
  seed(w.db, { name: 'Hank Home', identity: person('hank'), set: { organizationId: homeDepot, title: 'CSO', tier: 'board', contact247: '+1 770 555 0101', alternateMemberId: alt.id, capabilities: ['cctv'] } });
  const successor = seed(w.db, { name: 'Fay Successor', set: { organizationId: fedex, title: 'VP Security', contact247: '+1 901 555 0202', capabilities: ['logistics'] } });
  seed(w.db, { name: 'Fred Gone', status: 'departed', set: { organizationId: fedex, successorId: successor.id } });
  const stand = seed(w.db, { name: 'Stan Standin', set: { organizationId: sheriff, title: 'Chief Deputy', contact247: '+1 612 555 0303' } });
  seed(w.db, { name: 'Sid Sheriff', status: 'suspended', set: { organizationId: sheriff, title: 'Sheriff', alternateMemberId: stand.id, contact247: '+1 612 555 0300' } });
  // "Arena" sorts first by name: only the match decides the order.
  seed(w.db, { name: 'Ava Arena', set: { organizationId: organization(w.db, 'Target Center Arena'), title: 'Security Director' } });
  seed(w.db, { name: 'Tom Target', set: { organizationId: organization(w.db, 'Target'), title: 'CSO' } });
  seed(w.db, { name: 'Hope Health', set: { organizationId: hennepinHealth, title: 'Director of Security', alternateName: 'Ray Relief', alternatePhone: '+1 612 555 0404', alternateEmail: 'ray@example.org', capabilities: ['medical', 'cctv'] } });
});
afterAll(async () => {
  await w.close();
});

const ask = async (query: string) => {
  const respond = await w.run(asker, `who ${query}`);
  expect(respond.sent.map((s) => s.kind)).toEqual(['private']);
  return respond.texts();
};

describe('who <organization>', () => {
  it('exact: the people to call, board first, with their 24/7 line and their alternate and how to reach them', async () => {
    const text = await ask('The Home Depot');
    expect(text).toMatch(/1\. Hank Home — CSO, The Home Depot — 24\/7 \+1 770 555 0101, on the console; alternate Hal Deputy \(24\/7 \+1 770 555 0102, on the console\)/);
    expect(text).toMatch(/2\. Hal Deputy — Director, Asset Protection, The Home Depot/);
  });

  it('fuzzy: part of a name, a typo, different case', async () => {
    expect(await ask('home depot')).toMatch(/Hank Home/);
    expect(await ask('Fedx')).toMatch(/Fay Successor/);
    expect(await ask('hennepin sherif')).toMatch(/Stan Standin/);
  });

  it('best match first: the exact name leads, a longer name that begins with it follows', async () => {
    const text = await ask('target');
    expect(text).toMatch(/1\. Tom Target — CSO, Target\b/);
    expect(text).toMatch(/2\. Ava Arena — Security Director, Target Center Arena/);
  });

  it('a suspended member is replaced by their alternate', async () => {
    const text = await ask('Hennepin County Sheriff');
    expect(text).toMatch(/Call Stan Standin — Chief Deputy, Hennepin County Sheriff’s Office — alternate for Sid Sheriff, who is suspended — 24\/7 \+1 612 555 0303/);
    expect(text).not.toMatch(/555 0300/);
  });

  it('a departed member is replaced by their successor', async () => {
    const text = await ask('FedEx');
    expect(text).toMatch(/Call Fay Successor — VP Security, FedEx Corporation — successor for Fred Gone, who has left — 24\/7 \+1 901 555 0202/);
    expect(memberNamed(w.db, 'Fred Gone')!.status).toBe('departed');
  });

  it('an alternate outside the partnership shows as a contact card', async () => {
    expect(await ask('Hennepin Healthcare')).toMatch(/alternate Ray Relief \(\+1 612 555 0404, ray@example\.org\)/);
  });
});

describe('who <capability>', () => {
  it('finds who offers it, by the menu label or a keyword', async () => {
    const cctv = await ask('cctv');
    expect(cctv).toMatch(/Hank Home — CSO, The Home Depot — offers CCTV \/ video footage/);
    expect(cctv).toMatch(/Hope Health/);
    expect(await ask('video footage')).toMatch(/Hank Home/);
    expect(await ask('shipping')).toMatch(/Fay Successor — VP Security, FedEx Corporation — offers Logistics and shipping records/);
    expect(await ask('closed pod')).toMatch(/Hope Health/);
  });

  it('says so when nothing matches, with examples', async () => {
    expect(await ask('zzyzx')).toMatch(/No organization or capability matches “zzyzx”\. Try part of an organization's name, or a capability such as cctv/);
  });
});

describe('organizationScore', () => {
  it('ranks exact, prefix, substring, every word, then a near miss; and refuses a stranger', () => {
    const name = 'Hennepin County Sheriff’s Office';
    expect(organizationScore('hennepin county sheriff’s office', name)).toBe(0);
    expect(organizationScore('Hennepin', name)).toBe(1);
    expect(organizationScore('county', name)).toBe(2);
    expect(organizationScore('hennepin sherif', name)).toBeGreaterThanOrEqual(3);
    expect(organizationScore('hennepin sherif', name)).toBeLessThan(4);
    expect(organizationScore('Tagret Corporation', 'Target Corporation')).toBeGreaterThanOrEqual(3);
    expect(organizationScore('walmart', 'Target Corporation')).toBeUndefined();
  });
});

describe('who, for a coordinator, when only nominated people are on file', () => {
  it('names the nominated members at the organization and how to vet them', async () => {
    const coord = person('coord');
    seed(w.db, { name: 'Cy Coordinator', identity: coord, set: { isCoordinator: true } });
    const org = organization(w.db, 'Ramsey County Sheriff’s Office', { kind: 'local-agency' });
    seed(w.db, { name: 'Karen Wu', status: 'nominated', set: { organizationId: org, title: 'Sheriff' } });
    const told = (await w.run(coord, 'who ramsey')).texts();
    expect(told).toMatch(/nobody active is on file/);
    expect(told).toMatch(/Nominated, not yet vetted: Karen Wu/);
    expect(told).toContain('`/ppp roster pending`');
    // A member who is not a coordinator is not told about nominations.
    expect(await ask('ramsey')).not.toMatch(/Karen Wu/);
  });
});
