// One story about TLP: what a vetted kind of conversation receives is said in one place (src/alerts/tlp.ts)
// and every place that says it agrees with where alerts are routed — `channel vet`'s help, the notice it
// posts, the coordinator's confirmation, and the alert form's hint.
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/features.js';
import { labelsFor, TLP, TLP_LABELS, tlpName, whatKindReceives } from '../../src/alerts/tlp.js';
import { consoleId, seedMember, startAlertWorld, type AlertWorld } from './world.js';

let world: AlertWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('what each vetted kind receives', () => {
  it('follows the routing table: executive up to AMBER+STRICT, general CLEAR and GREEN, RED never', () => {
    expect(labelsFor('executive')).toEqual(TLP_LABELS.filter((l) => TLP[l].conversations.includes('executive')));
    expect(labelsFor('executive')).toEqual(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT']);
    expect(labelsFor('general')).toEqual(['CLEAR', 'GREEN']);
    expect(whatKindReceives('executive')).toContain(`${tlpName('AMBER')} or ${tlpName('AMBER+STRICT')}`);
  });

  it('is what `channel vet` help says, in its summary and its details', () => {
    const vet = createRegistry().get('channel vet')!;
    expect(vet.summary).toContain('executive: up to TLP:AMBER+STRICT');
    expect(vet.summary).toContain('general: up to TLP:GREEN');
    expect(vet.details).toContain(whatKindReceives('executive'));
    expect(vet.details).toContain(whatKindReceives('general'));
  });

  it('is what the vetting notice and the coordinator’s confirmation say', async () => {
    world = await startAlertWorld();
    seedMember(world.db, { name: 'Olive Operator', accounts: [consoleId('op')], coordinator: true });
    const confirmed = await world.run(consoleId('op'), 'channel vet executive', { conversationName: 'this terminal' });
    await world.settled();
    const notice = world.shown.find((s) => s.kind === 'post')!;
    expect(notice.text).toContain(`it receives ${whatKindReceives('executive')}`);
    expect(confirmed.texts()).toContain(`It receives ${whatKindReceives('executive')}`);
    const again = await world.run(consoleId('op'), 'channel vet general', { conversationName: 'this terminal' });
    expect(again.texts()).toContain(`It receives ${whatKindReceives('general')}`);
  });

  it('is what the alert form says of where each label may go', () => {
    const details = createRegistry().get('alert')!.details ?? '';
    for (const label of TLP_LABELS) expect(details).toContain(label);
    expect(details).toContain('CLEAR and GREEN go to every vetted conversation, AMBER and AMBER+STRICT to vetted executive ones only, RED only by direct message');
  });
});
