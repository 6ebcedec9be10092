// Who may send an alert, and the two-person rule: members, nominated, suspended people and strangers are
// refused with the reason; issuers, board members and coordinators may; a critical alert waits for a
// second board member or coordinator, unless a coordinator breaks glass with a reason.
import { afterEach, describe, expect, it } from 'vitest';
import { alerts, auditLog } from '../../db/schema.js';
import { BREAK_GLASS_FORM } from '../../src/alerts/send-actions.js';
import { button, consoleId, seedMember, startAlertWorld, vet, type AlertWorld } from './world.js';

let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function partnership(env: Record<string, string> = {}) {
  world = await startAlertWorld({ env });
  const w = world;
  seedMember(w.db, { name: 'Cora Coordinator', accounts: [consoleId('cora')], coordinator: true });
  seedMember(w.db, { name: 'Bo Board', accounts: [consoleId('bo')], tier: 'board' });
  seedMember(w.db, { name: 'Bea Board', accounts: [consoleId('bea')], tier: 'board' });
  seedMember(w.db, { name: 'Ivy Issuer', accounts: [consoleId('ivy')], issuer: true });
  seedMember(w.db, { name: 'Max Member', accounts: [consoleId('max')] });
  seedMember(w.db, { name: 'Nina Nominated', accounts: [consoleId('nina')], status: 'nominated' });
  seedMember(w.db, { name: 'Sue Suspended', accounts: [consoleId('sue')], status: 'suspended', set: { statusReason: 'vetting lapsed' } });
  vet(w.db, 'console:local', 'executive', 'this terminal');
  return w;
}

const LINE = 'alert urgent amber Water main break on 5th -- avoid the area';
const actions = (w: AlertWorld) => w.db.select().from(auditLog).all().map((a) => a.action).filter((a) => a.startsWith('alert.'));
const posts = (w: AlertWorld) => w.shown.filter((s) => s.kind === 'post');

describe('who may send an alert', () => {
  it.each([
    ['max', 'a member', 'you are a member. A coordinator can make you an alert issuer'],
    ['nina', 'nominated', 'your nomination has not been vetted yet'],
    ['sue', 'suspended', 'your membership is suspended (vetting lapsed)'],
    ['stranger', 'a stranger', 'you are not on the partnership\'s roster'],
  ])('refuses %s (%s) with the reason, and drafts nothing', async (who, _what, reason) => {
    const w = await partnership();
    const answer = await w.run(consoleId(who), LINE);
    expect(answer.sent).toHaveLength(1);
    expect(answer.sent[0]!.card?.tone).toBe('refusal');
    expect(answer.texts()).toContain('`/ppp alert` is for board members, coordinators and alert issuers');
    expect(answer.texts()).toContain(reason);
    expect(w.db.select().from(alerts).all()).toEqual([]);
    expect(w.shown).toEqual([]);
  });

  it.each([['ivy'], ['bo'], ['cora']])('lets %s compose, and shows them the preview privately', async (who) => {
    const w = await partnership();
    expect((await w.run(consoleId(who), LINE)).texts()).toBe('');
    const preview = w.dmsTo(`console:${who}`).at(-1)!;
    expect(preview.text).toContain('Preview — URGENT alert #1 · TLP:AMBER — not sent yet');
    expect(posts(w)).toEqual([]);
    await w.press(consoleId(who), button(preview.card, 'Send'), { scope: 'personal' });
    await w.settled();
    expect(posts(w).map((p) => p.to)).toEqual(['console:local']);
  });
});

describe('the two-person rule (ALERT_APPROVAL=critical by default)', () => {
  it('holds a critical alert until a second board member or coordinator approves it from their card', async () => {
    const w = await partnership();
    await w.run(consoleId('bo'), 'alert critical amber Active shooter at Harbor Mall -- shelter in place');
    const preview = w.dmsTo('console:bo').at(-1)!;
    expect(preview.text).toContain('Ask for approval sends this to 2 of them');
    expect(() => button(preview.card, 'Send')).toThrow();
    // A board member is not a coordinator: no break glass for them.
    expect(() => button(preview.card, 'Break glass: send now')).toThrow();
    await w.press(consoleId('bo'), button(preview.card, 'Ask for approval'), { scope: 'personal' });
    await w.settled();
    expect(w.db.select().from(alerts).get()!.status).toBe('awaiting-approval');
    expect(posts(w)).toEqual([]);
    const requests = ['bea', 'cora'].map((who) => w.dmsTo(`console:${who}`).find((s) => s.text.includes('Approval needed'))!);
    expect(requests.every(Boolean)).toBe(true);
    expect(w.dmsTo('console:ivy').some((s) => s.text.includes('Approval needed'))).toBe(false);
    expect(w.dmsTo('console:max')).toEqual([]);

    // The sender cannot approve it; an issuer or member cannot either.
    const own = await w.press(consoleId('bo'), button(requests[0]!.card, 'Approve and send'), { scope: 'personal' });
    expect(own.texts()).toContain('A second person must approve it');
    const issuer = await w.press(consoleId('ivy'), button(requests[0]!.card, 'Approve and send'), { scope: 'personal' });
    expect(issuer.texts()).toContain('This is for board members and coordinators');
    expect(w.db.select().from(alerts).get()!.status).toBe('awaiting-approval');

    const approved = await w.press(consoleId('bea'), button(requests[0]!.card, 'Approve and send'), { scope: 'personal' });
    expect(approved.texts()).toContain('alert #1 is on its way: 1 conversation');
    await w.settled();
    expect(posts(w).map((p) => p.to)).toEqual(['console:local']);
    expect(posts(w)[0]!.text).toContain('approved by Bea Board');
    // A second approval (a double click, the other approver) sends nothing more.
    const again = await w.press(consoleId('cora'), button(requests[1]!.card, 'Approve and send'), { scope: 'personal' });
    expect(again.texts()).toContain('was already sent');
    await w.settled();
    expect(posts(w)).toHaveLength(1);
    expect(actions(w)).toEqual(['alert.compose', 'alert.approval-requested', 'alert.approve', 'alert.send']);
  });

  it('lets a coordinator break glass with a reason, audited and shown on every copy', async () => {
    const w = await partnership();
    await w.run(consoleId('cora'), 'alert critical amber Active shooter at Harbor Mall');
    const preview = w.dmsTo('console:cora').at(-1)!;
    const opened = await w.press(consoleId('cora'), button(preview.card, 'Break glass: send now'), { scope: 'personal' });
    expect(opened.sent[0]!.form?.id).toBe(BREAK_GLASS_FORM);
    const empty = await w.submit(consoleId('cora'), BREAK_GLASS_FORM, { reason: '  ' }, '1');
    expect(empty.sent).toEqual([]);
    expect(w.db.select().from(alerts).get()!.status).toBe('draft');
    // A board member who is no coordinator cannot break glass, even with the form's values forged.
    const forged = await w.submit(consoleId('bo'), BREAK_GLASS_FORM, { reason: 'hurry' }, '1');
    expect(forged.texts()).toContain('This is for coordinators');
    await w.submit(consoleId('cora'), BREAK_GLASS_FORM, { reason: 'Shots fired; nobody on the board answering' }, '1');
    await w.settled();
    const copy = posts(w)[0]!;
    expect(copy.text).toContain('Sent without a second approval: Cora Coordinator broke glass — “Shots fired; nobody on the board answering”');
    expect(w.dmsTo('console:max').at(-1)!.text).toContain('broke glass');
    const audit = w.db.select().from(auditLog).all().find((a) => a.action === 'alert.break-glass')!;
    expect(audit.details).toEqual({ reason: 'Shots fired; nobody on the board answering' });
    expect(actions(w)).toEqual(['alert.compose', 'alert.break-glass', 'alert.send']);
  });

  it('sends a critical alert at once with ALERT_APPROVAL=none, and holds an urgent one with ALERT_APPROVAL=urgent', async () => {
    const none = await partnership({ ALERT_APPROVAL: 'none' });
    await none.run(consoleId('bo'), 'alert critical amber Gas leak downtown');
    await none.press(consoleId('bo'), button(none.dmsTo('console:bo').at(-1)!.card, 'Send'), { scope: 'personal' });
    await none.settled();
    expect(posts(none)).toHaveLength(1);
    await none.close();

    const urgent = await partnership({ ALERT_APPROVAL: 'urgent' });
    await urgent.run(consoleId('bo'), LINE);
    const preview = urgent.dmsTo('console:bo').at(-1)!;
    expect(() => button(preview.card, 'Send')).toThrow();
    await urgent.press(consoleId('bo'), button(preview.card, 'Ask for approval'), { scope: 'personal' });
    await urgent.settled();
    expect(posts(urgent)).toEqual([]);
    expect(urgent.db.select().from(alerts).get()!.status).toBe('awaiting-approval');
  });
});
