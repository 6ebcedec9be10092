// Proactive sends on the console: posts, edits and DMs are printed, so announcements and alerts can
// be tried in a terminal. Message ids are counted per process.
import type { Card } from '../../src/cards/card.js';
import { cardToText } from '../../src/cards/text.js';
import type { Address } from '../../src/core/address.js';
import type { Identity } from '../../src/core/identity.js';
import type { PlatformMessenger, Sent } from '../../src/messenger.js';

export class ConsoleMessenger implements PlatformMessenger {
  readonly platform = 'console' as const;
  private next = 0;

  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  async post(address: Address, card: Card): Promise<Sent> {
    const messageId = `m${++this.next}`;
    this.out.write(`\n[posted to ${address} as ${messageId}]\n${cardToText(card)}\n`);
    return { address, messageId };
  }

  async update(address: Address, messageId: string, card: Card): Promise<void> {
    this.out.write(`\n[message ${messageId} in ${address} now reads]\n${cardToText(card)}\n`);
  }

  async dm(identity: Identity, card: Card): Promise<Sent> {
    const address = `console:dm-${identity.platform}-${identity.id}`;
    const messageId = `m${++this.next}`;
    this.out.write(`\n[direct message to ${identity.platform}:${identity.id}]\n${cardToText(card)}\n`);
    return { address, messageId };
  }
}
