// Microsoft's own Adaptive Cards parser, run headless: a card must parse at version 1.5 with no parse
// or validation events (unknown elements, newer properties, required inputs without label or message).
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { cardBytes, MAX_CARD_BYTES, type AdaptiveCard } from '../../../adapters/teams/cards.js';

const require = createRequire(import.meta.url);
// The package's browser bundle loads in Node as long as nothing is rendered.
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_5: unknown };
};

/** Every problem Microsoft's parser reports for the card at version 1.5; empty when it is clean. */
export function adaptiveCardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${event.message}`);
  return problems;
}

/** A rendered card as Teams needs it: version 1.5, clean for Microsoft's parser, under 80 KB. */
export function checked(card: AdaptiveCard): AdaptiveCard {
  expect(card.version).toBe('1.5');
  expect(adaptiveCardProblems(card)).toEqual([]);
  expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
  return card;
}

/** Every object in a card's JSON, depth first. */
export function allNodes(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) node.forEach((n) => allNodes(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Record<string, unknown>);
    Object.values(node).forEach((v) => allNodes(v, out));
  }
  return out;
}
