// `roster pending`: the nominations and join requests waiting to be vetted, each with Vet and Decline.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROSTER_VET } from '../../../src/roster/membership/cards.js';
import { renderText } from '../../../src/cards/text.js';
import { memberNamed, seed } from '../../helpers/db.js';
import { recorder } from '../../helpers/responder.js';
import { consoleTurn, person, startWorld, type World } from '../../helpers/world.js';

let w: World;
const cora = person('cora');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true } });
});
afterEach(async () => {
  await w.close();
});

describe('roster pending', () => {
  it('lists who waits, with who nominated them, and Vet works from the list', async () => {
    const jo = seed(w.db, { name: 'Jo Member', identity: person('jo') });
    seed(w.db, { name: 'Karen Wu', status: 'nominated', set: { title: 'Sheriff', nominatedBy: jo.id, nominatedAt: new Date('2026-11-20T15:00:00Z') } });
    seed(w.db, { name: 'Sam Asker', status: 'nominated', identity: person('sam') });
    const answer = await w.run(cora, 'roster pending');
    const card = answer.sent[0]!.card!;
    const text = renderText(card).text;
    expect(text).toMatch(/Karen Wu — Sheriff · nominated by Jo Member/);
    expect(text).toMatch(/Sam Asker · asked to join on /);
    const vet = card.elements.flatMap((e) => (e.type === 'actions' ? e.elements : [])).find((b) => b.type === 'button' && b.actionId === ROSTER_VET && b.value === String(memberNamed(w.db, 'Karen Wu')!.id))!;
    const pressed = recorder();
    await w.bot.handleAction(consoleTurn(cora), { actionId: ROSTER_VET, value: vet.type === 'button' ? vet.value! : '' }, pressed);
    expect(pressed.texts()).toContain('Karen Wu is now a vetted member');
    expect(memberNamed(w.db, 'Karen Wu')!.status).toBe('active');
  });

  it('says when nobody is waiting', async () => {
    expect((await w.run(cora, 'roster pending')).texts()).toContain('Nobody is waiting to be vetted');
  });
});
