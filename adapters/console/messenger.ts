// Proactive sends on the console: posts, edits and DMs are shown on the one screen, with numbered
// choices like any reply, so announcements and alerts can be tried in a terminal.
import type { Card } from '../../src/cards/card.js';
import type { Address } from '../../src/core/address.js';
import type { Identity } from '../../src/core/identity.js';
import type { PlatformMessenger, Sent } from '../../src/messenger.js';

export type Show = (card: Card, note: string) => void;

export class ConsoleMessenger implements PlatformMessenger {
  readonly platform = 'console' as const;
  private next = 0;

  constructor(private readonly show: Show) {}

  async post(address: Address, card: Card): Promise<Sent> {
    const messageId = `m${++this.next}`;
    this.show(card, `[posted to ${address} as message ${messageId}]`);
    return { address, messageId };
  }

  async update(address: Address, messageId: string, card: Card): Promise<void> {
    this.show(card, `[message ${messageId} in ${address} now reads]`);
  }

  async dm(identity: Identity, card: Card): Promise<Sent> {
    const address = `console:dm-${identity.id}`;
    const messageId = `m${++this.next}`;
    this.show(card, `[direct message to ${identity.platform}:${identity.id}, message ${messageId}]`);
    return { address, messageId };
  }
}
