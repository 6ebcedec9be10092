// Microsoft's own Adaptive Cards parser, run headless: a card must parse at version 1.5 with no parse
// or validation events (unknown elements, newer properties, required inputs without label or message).
import { createRequire } from 'node:module';

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
