// `audit` after alerts' lives reads every alert action as a sentence: who, what, which alert by number,
// severity, TLP label and title (a RED alert's title withheld), and no ids or field names.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BREAK_GLASS_FORM } from '../../src/alerts/send-actions.js';
import { button, consoleId, seedMember, startAlertWorld, vet, type AlertWorld } from './world.js';

let world: AlertWorld;
beforeEach(async () => {
  world = await startAlertWorld();
  seedMember(world.db, { name: 'Cora Coordinator', accounts: [consoleId('cora')], coordinator: true });
  seedMember(world.db, { name: 'Bo Board', accounts: [consoleId('bo')], tier: 'board' });
  seedMember(world.db, { name: 'Bea Board', accounts: [consoleId('bea')], tier: 'board' });
  seedMember(world.db, { name: 'Sheriff Tom Brandt', accounts: [consoleId('tom')] });
  vet(world.db, 'console:local', 'executive', 'this terminal');
});
afterEach(async () => {
  await world.close();
});

const cora = consoleId('cora');
const bo = consoleId('bo');
const bea = consoleId('bea');
const personal = { scope: 'personal' as const };

describe('the audit of alerts', () => {
  it('says each alert action in words, naming the alert by number, severity, TLP and title', async () => {
    // #1: critical, approved by a second board member, updated and resolved.
    await world.run(bo, 'alert critical amber Active shooter at Harbor Mall -- shelter in place');
    await world.press(bo, button(world.dmsTo('console:bo').at(-1)!.card, 'Ask for approval'), personal);
    await world.settled();
    await world.press(bea, button(world.dmsTo('console:bea').find((s) => s.text.includes('Approval needed'))!.card, 'Approve and send'), personal);
    await world.settled();
    await world.run(bo, 'alert update 1 suspect in custody');
    await world.run(bo, 'alert resolve 1 all clear');
    // #2: critical, glass broken by a coordinator.
    await world.run(cora, 'alert critical green Gas leak downtown');
    await world.press(cora, button(world.dmsTo('console:cora').at(-1)!.card, 'Break glass: send now'), personal);
    await world.submit(cora, BREAK_GLASS_FORM, { reason: 'Nobody on the board answering' }, '2');
    // #3: RED, named, cancelled before Send. #4: critical, declined.
    await world.run(cora, 'alert urgent red @"Tom Brandt" Threat to the county fair');
    await world.press(cora, button(world.dmsTo('console:cora').at(-1)!.card, 'Cancel'), personal);
    await world.run(bo, 'alert critical clear Bridge closed');
    await world.press(bo, button(world.dmsTo('console:bo').at(-1)!.card, 'Ask for approval'), personal);
    await world.settled();
    await world.press(bea, button(world.dmsTo('console:bea').filter((s) => s.text.includes('Approval needed')).at(-1)!.card, 'Decline'), personal);
    await world.settled();

    const audit = (await world.run(cora, 'audit')).texts();
    const lines = audit.split('\n').filter((l) => / — (Bo Board|Bea Board|Cora Coordinator) /.test(l)).map((l) => l.replace(/^.*? — /, '').replace(/^\W+/, ''));
    expect(lines.reverse()).toEqual([
      'Bo Board drafted CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall”.',
      'Bo Board asked for a second approval of CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall” (2 board members and coordinators asked).',
      'Bea Board approved CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall” as the second person.',
      'Bea Board sent CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall”.',
      'Bo Board posted an update under CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall”.',
      'Bo Board resolved CRITICAL alert #1 (TLP:AMBER) “Active shooter at Harbor Mall” with ALL CLEAR.',
      'Cora Coordinator drafted CRITICAL alert #2 (TLP:GREEN) “Gas leak downtown”.',
      'Cora Coordinator broke glass to send CRITICAL alert #2 (TLP:GREEN) “Gas leak downtown” without a second approval, because “Nobody on the board answering”.',
      'Cora Coordinator sent CRITICAL alert #2 (TLP:GREEN) “Gas leak downtown”.',
      'Cora Coordinator drafted URGENT alert #3 (TLP:RED, title withheld), for 1 named member.',
      'Cora Coordinator cancelled URGENT alert #3 (TLP:RED, title withheld) before it was sent.',
      'Bo Board drafted CRITICAL alert #4 (TLP:CLEAR) “Bridge closed”.',
      'Bo Board asked for a second approval of CRITICAL alert #4 (TLP:CLEAR) “Bridge closed” (2 board members and coordinators asked).',
      'Bea Board declined CRITICAL alert #4 (TLP:CLEAR) “Bridge closed”: nothing was sent.',
    ]);
    // No code names, ids or field names.
    expect(audit).not.toMatch(/alert\.|alert-\d|recorded “|\b[a-z]+[A-Z]\w*\b|console:/);
    expect(audit).not.toContain('Threat to the county fair');
  });
});
