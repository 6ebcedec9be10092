// The whole alert flow on the console, where the user at the terminal is a coordinator: one line, the
// private preview with the audience and the call list, Send, copies with answer buttons, an answer,
// an update and ALL CLEAR under the copies, and the ledger.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { button, consoleId, seedMember, startAlertWorld, vet, type AlertWorld } from './world.js';

let world: AlertWorld;
beforeEach(async () => {
  world = await startAlertWorld();
});
afterEach(async () => {
  await world.close();
});

const op = consoleId('op');
const ana = consoleId('ana');

describe('an alert on the console', () => {
  it('goes from one line to preview, Send, answers, update, ALL CLEAR and the ledger', async () => {
    seedMember(world.db, { name: 'Olive Operator', accounts: [op], coordinator: true, organization: 'Partnership Office' });
    seedMember(world.db, { name: 'Ana Chief', accounts: [ana], organization: 'Metro Police', contact247: '+1 612 555 0100' });
    seedMember(world.db, { name: 'Carl Nophone', organization: 'Harbor Retail', contact247: '+1 612 555 0199' });
    vet(world.db, 'console:local', 'executive', 'this terminal');

    const composed = await world.run(op, 'alert urgent amber Suspicious package at 5th & Main -- units on scene');
    expect(composed.texts()).toBe('');
    const preview = world.dmsTo('console:op').at(-1)!;
    expect(preview.text).toContain('Preview — URGENT alert #1 · TLP:AMBER — not sent yet');
    expect(preview.text).toContain('Conversations (1): Console (1): this terminal');
    expect(preview.text).toContain('Direct messages (1): 1 in the console — Ana Chief');
    expect(preview.text).toContain('Cannot be reached on Slack or Teams — call them (1):\n• Carl Nophone (Harbor Retail): +1 612 555 0199');
    // Nothing went out before Send.
    expect(world.shown.filter((s) => s.kind === 'post')).toEqual([]);

    await world.press(op, button(preview.card, 'Send'), { scope: 'personal', conversation: 'console:dm-op' });
    await world.settled();
    const copy = world.shown.find((s) => s.kind === 'post' && s.to === 'console:local')!;
    expect(copy.text).toContain('URGENT alert #1 · TLP:AMBER');
    expect(copy.text).toContain('Suspicious package at 5th & Main');
    expect(copy.text).toContain('TLP:AMBER — Share only inside your own organization and with its clients');
    expect(copy.text).toContain('[Acknowledged]  [Safe]  [Need help]');
    const anaCopy = world.dmsTo('console:ana').at(-1)!;
    expect(anaCopy.text).toContain('Please answer');

    const answered = await world.press(ana, button(anaCopy.card, 'Safe'), { scope: 'personal', conversation: 'console:dm-ana' });
    expect(answered.texts()).toContain('Recorded: Safe for alert #1');

    const updated = await world.run(op, 'alert update units cleared the block');
    expect(updated.texts()).toContain('Update posted under 2 copies of alert #1');
    await world.settled();
    const replies = world.shown.filter((s) => s.kind === 'post' && s.to.includes('#'));
    expect(replies.map((r) => r.to).sort()).toEqual([`console:dm-ana#${anaCopy.messageId}`, `console:local#${copy.messageId}`]);
    expect(replies[0]!.text).toContain('units cleared the block');

    const status = await world.run(op, 'alert status');
    const ledger = status.texts();
    expect(ledger).toContain('Status — URGENT alert #1 · TLP:AMBER');
    expect(ledger).toContain('acknowledged 1 of 2 · 1 safe');
    expect(ledger).toContain('Metro Police — 1 of 1 answered');
    expect(ledger).toContain('Harbor Retail — 0 of 1 answered');
    expect(ledger).toContain('Conversations (1): delivered 1');
    expect(ledger).toContain('Call list (1):\n• Carl Nophone (Harbor Retail): +1 612 555 0199');

    const resolved = await world.run(op, 'alert resolve all clear, roads open');
    expect(resolved.texts()).toContain('ALL CLEAR posted under 2 copies of alert #1');
    await world.settled();
    expect(world.shown.filter((s) => s.kind === 'post' && s.text.includes('ALL CLEAR — URGENT alert #1')).map((s) => s.to).sort()).toEqual([`console:dm-ana#${anaCopy.messageId}`, `console:local#${copy.messageId}`]);
    const late = await world.press(ana, button(anaCopy.card, 'Need help'), { scope: 'personal', conversation: 'console:dm-ana' });
    expect(late.texts()).toContain('was resolved at');
    const actions = world.db.select().from(auditLog).all().map((a) => a.action).filter((a) => a.startsWith('alert.'));
    expect(actions).toEqual(['alert.compose', 'alert.send', 'alert.update', 'alert.resolve']);
  });
});
