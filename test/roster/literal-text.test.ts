// Names, titles and organizations show exactly as typed wherever the roster shows them — `who`, `roster`
// and the join request coordinators receive — on Slack (no mrkdwn formatting, no auto-links), on Teams
// (TextRuns, never markdown) and as text.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardToBlockKit, escapeMrkdwn, literalToMrkdwn } from '../../adapters/slack/cards.js';
import { cardToAdaptiveCard } from '../../adapters/teams/cards.js';
import type { Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import { JOIN_FORM } from '../../src/roster/membership/join-command.js';
import { recorder } from '../helpers/responder.js';
import { organization, seed } from '../helpers/db.js';
import { consoleTurn, person, startWorld, type World } from '../helpers/world.js';

const NAME = '*Chief* _Dana_ ~Holt~ `x` https://evil.example';
const ORG = '_Acme_ *Corp* <!here> https://evil.example';
const TITLE = '~Head~ of `Security`';

let w: World;
const cora = person('cora');
const asker = person('asker');

beforeEach(async () => {
  w = await startWorld({ platforms: ['console'] });
  seed(w.db, { name: 'Cora Coordinator', identity: cora, set: { isCoordinator: true, coordinatorVia: 'command' } });
  seed(w.db, { name: 'Ann Asker', identity: asker });
});
afterEach(async () => {
  await w.close();
});

interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim?: boolean;
}

/** Every mrkdwn text object in the rendered blocks. */
function mrkdwnOf(blocks: unknown): Mrkdwn[] {
  const found: Mrkdwn[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') found.push(o as unknown as Mrkdwn);
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return found;
}

/** Every TextRun's text in the rendered Adaptive Card. */
function textRunsOf(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'TextRun' && typeof o.text === 'string') found.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The card shows each value literally on Slack, on Teams and as text. */
function expectLiteral(card: Card, values: string[]): void {
  const slack = mrkdwnOf(cardToBlockKit(card));
  expect(slack.length).toBeGreaterThan(0);
  expect(slack.every((m) => m.verbatim === true)).toBe(true);
  const teams = cardToAdaptiveCard(card);
  expect(JSON.stringify(teams)).not.toContain('"type":"TextBlock"');
  const runs = textRunsOf(teams);
  for (const value of values) {
    // Every marker broken, backticks included: the value went in as a literal span, not as a sentence.
    expect(slack.some((m) => m.text.includes(literalToMrkdwn(value))), `${value} literal on Slack`).toBe(true);
    expect(slack.some((m) => m.text.replaceAll('\u2060', '').includes(escapeMrkdwn(value)))).toBe(true);
    expect(runs.some((r) => r.includes(value)), `${value} in a TextRun`).toBe(true);
    expect(renderText(card).text).toContain(value);
  }
}

describe('names, titles and organizations show as typed', () => {
  beforeEach(() => {
    seed(w.db, { name: NAME, identity: person('dana'), set: { organizationId: organization(w.db, ORG), title: TITLE, contact247: '+1 612 555 0100' } });
  });

  it('in who', async () => {
    const said = await w.run(asker, 'who acme');
    expectLiteral(said.sent[0]!.card!, [NAME, ORG, TITLE]);
  });

  it('in roster', async () => {
    const said = await w.run(asker, 'roster');
    expectLiteral(said.sent[0]!.card!, [NAME, ORG, TITLE]);
  });
});

describe('the join request coordinators receive', () => {
  it('shows the requester’s name, title and organization as typed', async () => {
    const respond = recorder();
    await w.bot.handleForm(consoleTurn(person('sam')), { formId: JOIN_FORM, values: { name: NAME, title: TITLE, organization: ORG, category: 'law-enforcement' } }, respond);
    await w.settled();
    const [toCora] = w.dmsTo('console:cora');
    expectLiteral(toCora!.card, [NAME, ORG, TITLE]);
  });
});
