// The Messenger port: how the core and the jobs speak first (post, edit, DM) without knowing the
// platform. Each adapter implements it for its platform; `MessengerHub` routes by address.
import type { Card } from './cards/card.js';
import { platformOf, type Address } from './core/address.js';
import type { Identity, Platform } from './core/identity.js';

export interface Sent {
  address: Address;
  messageId: string;
}

export interface PlatformMessenger {
  platform: Platform;
  post(address: Address, card: Card): Promise<Sent>;
  update(address: Address, messageId: string, card: Card): Promise<void>;
  /** Opens (or finds) the 1:1 conversation with a user and posts there. */
  dm(identity: Identity, card: Card): Promise<Sent>;
}

/**
 * How a send failed, as the delivery engine must tell it apart:
 * - rate-limited: wait `retryAfterMs`, retry
 * - transient: a 5xx or a refused connection, back off and retry
 * - rejected: the platform said no (Slack `ok: false`, a Teams 4xx) — never retried
 * - unknown: it may or may not have been posted (a timeout) — retried once, then reported unconfirmed
 */
export type SendFailureKind = 'rate-limited' | 'transient' | 'rejected' | 'unknown';

export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'SendError';
  }
}

export interface Messenger {
  platforms(): Platform[];
  post(address: Address, card: Card): Promise<Sent>;
  update(address: Address, messageId: string, card: Card): Promise<void>;
  dm(identity: Identity, card: Card): Promise<Sent>;
}

export class MessengerHub implements Messenger {
  private readonly byPlatform = new Map<Platform, PlatformMessenger>();

  add(messenger: PlatformMessenger): this {
    this.byPlatform.set(messenger.platform, messenger);
    return this;
  }

  platforms(): Platform[] {
    return [...this.byPlatform.keys()];
  }

  private for(platform: Platform): PlatformMessenger {
    const m = this.byPlatform.get(platform);
    if (!m) throw new SendError('rejected', `${platform} is not connected in this deployment`);
    return m;
  }

  post(address: Address, card: Card): Promise<Sent> {
    return this.for(platformOf(address)).post(address, card);
  }

  update(address: Address, messageId: string, card: Card): Promise<void> {
    return this.for(platformOf(address)).update(address, messageId, card);
  }

  dm(identity: Identity, card: Card): Promise<Sent> {
    return this.for(identity.platform).dm(identity, card);
  }
}
