// A responder that records what the bot answered, for driving the neutral bot directly in tests.
import type { Card, Form } from '../../src/cards/card.js';
import { cardToText } from '../../src/cards/text.js';
import type { Responder } from '../../src/commands/context.js';

export interface Recorded {
  kind: 'reply' | 'private' | 'form' | 'replace';
  card?: Card;
  form?: Form;
  text: string;
}

export function recorder(): Responder & { sent: Recorded[]; texts(): string } {
  const sent: Recorded[] = [];
  return {
    sent,
    texts: () => sent.map((s) => s.text).join('\n'),
    reply: async (card) => void sent.push({ kind: 'reply', card, text: cardToText(card) }),
    replyPrivately: async (card) => void sent.push({ kind: 'private', card, text: cardToText(card) }),
    replace: async (card) => void sent.push({ kind: 'replace', card, text: cardToText(card) }),
    openForm: async (form) => void sent.push({ kind: 'form', form, text: form.title }),
  };
}
