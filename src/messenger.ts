// The Messenger port: how the core and the jobs speak first (post, edit, DM) without knowing the
// platform. Each adapter implements it for its platform; `MessengerHub` routes by address.
import type { Card } from './cards/card.js';
import { platformOf, type Address } from './core/address.js';
import type { Identity, Platform } from './core/identity.js';

/** A file the bot sends someone privately: an export, a template. */
export interface FileContent {
  name: string;
  mime: string;
  content: Buffer;
}

export interface Sent {
  address: Address;
  messageId: string;
}

/** A file handed to a platform: where its message landed, and where the file itself is when that is a place (a console path). */
export interface FileSent extends Sent {
  location?: string;
}

/** What a platform's profile says of a person, as far as it says it (and the bot may read it). */
/** Someone in a conversation: their account, and the name the platform's member list gives, if any. */
export interface Present extends Identity {
  name?: string;
}

export interface Profile {
  /** The full name (Slack's real_name). */
  realName?: string;
  /** The shorter name people see in messages. */
  displayName?: string;
  email?: string;
}

export interface PlatformMessenger {
  platform: Platform;
  post(address: Address, card: Card): Promise<Sent>;
  update(address: Address, messageId: string, card: Card): Promise<void>;
  /** Opens (or finds) the 1:1 conversation with a user and posts there. */
  dm(identity: Identity, card: Card): Promise<Sent>;
  /**
   * Where a reply to a posted message goes: its thread (a Slack thread, a Teams channel's reply chain),
   * or the conversation itself where the platform has no threads there (a Teams chat). The core never
   * builds a platform's thread address itself.
   */
  threadOf(address: Address, messageId: string): Address;
  /**
   * Sends a file privately to one person with a note: a file in their Slack DM, a file-consent card in
   * their Teams 1:1 chat (the file follows once they accept), a private file on the console.
   */
  sendFile?(identity: Identity, file: FileContent, note: Card): Promise<FileSent>;
  /** The email the platform's profile gives for a user, when it gives one (to propose linking accounts). */
  emailOf?(identity: Identity): Promise<string | undefined>;
  /** A user's profile; undefined when the platform has none for them. */
  profileOf?(identity: Identity): Promise<Profile | undefined>;
  /** The people in a conversation (the bot itself left out), where the platform can tell; with names where it gives them. */
  membersOf?(address: Address): Promise<Present[]>;
}

/**
 * How a send failed, as the delivery engine and the core must tell it apart:
 * - rate-limited: wait `retryAfterMs`, retry
 * - transient: a 5xx or a refused connection, back off and retry
 * - not-in-conversation: the bot is not in the conversation, or may not post there (never invited,
 *   removed, archived) — never retried; a person must let it in, as the adapter's `remedy` says
 * - rejected: the platform said no for another reason (Slack `ok: false`, a Teams 4xx) — never retried
 * - unknown: it may or may not have been posted (a timeout) — retried once, then reported unconfirmed
 */
export type SendFailureKind = 'rate-limited' | 'transient' | 'not-in-conversation' | 'rejected' | 'unknown';

/** How a person lets the bot into a conversation, in its platform's words, ending with `next` ("try again"). */
export type Remedy = (next: string) => string;

export class SendError extends Error {
  constructor(
    readonly kind: SendFailureKind,
    readonly reason: string,
    readonly retryAfterMs?: number,
    /** Set by the adapter on not-in-conversation: what to tell the person who asked. */
    readonly remedy?: Remedy,
  ) {
    super(`${kind}: ${reason}`);
    this.name = 'SendError';
  }

  /** A definite no: the send is settled as failed and never tried again. */
  get refused(): boolean {
    return this.kind === 'rejected' || this.kind === 'not-in-conversation';
  }
}

export interface Messenger {
  platforms(): Platform[];
  post(address: Address, card: Card): Promise<Sent>;
  update(address: Address, messageId: string, card: Card): Promise<void>;
  dm(identity: Identity, card: Card): Promise<Sent>;
  /** Where a reply to a posted message goes (PlatformMessenger.threadOf). */
  threadOf(address: Address, messageId: string): Address;
  sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent>;
  emailOf(identity: Identity): Promise<string | undefined>;
  profileOf(identity: Identity): Promise<Profile | undefined>;
  membersOf(address: Address): Promise<Present[] | undefined>;
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

  /**
   * A platform this process does not serve cannot say where its threads are: the reply then goes to
   * the conversation itself, unthreaded, rather than nowhere.
   */
  threadOf(address: Address, messageId: string): Address {
    const m = this.byPlatform.get(platformOf(address));
    return m ? m.threadOf(address, messageId) : address;
  }

  /** Undefined where the platform cannot list a conversation's members. */
  async membersOf(address: Address): Promise<Present[] | undefined> {
    const m = this.byPlatform.get(platformOf(address));
    return m?.membersOf ? m.membersOf(address) : undefined;
  }

  sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent> {
    const m = this.for(identity.platform);
    if (!m.sendFile) return Promise.reject(new SendError('rejected', `files cannot be sent on ${identity.platform}`));
    return m.sendFile(identity, file, note);
  }

  /** Undefined where the platform has no profiles to read (yet: Teams, the console). */
  async profileOf(identity: Identity): Promise<Profile | undefined> {
    const m = this.byPlatform.get(identity.platform);
    return m?.profileOf ? m.profileOf(identity) : undefined;
  }

  /** Undefined when the platform cannot say, or will not: an email only ever proposes, never decides. */
  async emailOf(identity: Identity): Promise<string | undefined> {
    const m = this.byPlatform.get(identity.platform);
    return m?.emailOf ? m.emailOf(identity) : undefined;
  }
}
