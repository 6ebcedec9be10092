// Proactive sends on the console: posts, edits and DMs are shown on the one screen, each said in words —
// "Posted here", "Sent to you privately", "Sent to Maya Chen" — never by an address or a message id.
// A file sent to the console user is written, owner-only, under a directory (DATA_DIR/exports) with a
// short name (`roster-2026-12-01.csv`, a counter added only when that name is taken), and its path shown.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Card } from '../../src/cards/card.js';
import type { Address } from '../../src/core/address.js';
import { formatIdentity, type Identity } from '../../src/core/identity.js';
import type { FileContent } from '../../src/files.js';
import type { FileSent, PlatformMessenger, Sent } from '../../src/messenger.js';

/** What a proactive send was, for the screen (`text`) and for whoever keeps track of cards (`to`, `messageId`). */
export interface ConsoleNote {
  kind: 'post' | 'edit' | 'dm' | 'file';
  /** The conversation posted to or edited in, or the identity (`console:maya`) written to. */
  to: string;
  messageId: string;
  /** What the screen says above the card, in words. */
  text: string;
  /** Where a file was written. */
  path?: string;
  /** The message a post answers (an alert's update under its copy). */
  inReplyTo?: string;
}

export type Show = (card: Card, note: ConsoleNote) => void;

export interface ConsoleMessengerOptions {
  /** Where files go; without it (an embedded or test screen) a file is shown instead. */
  filesDir?: () => string;
  /** The login at this terminal: a DM to them is "Sent to you privately". */
  you?: string;
  /** A member's name for a DM to someone else ("Sent to Sam Second"). */
  nameOf?: (identity: Identity) => string | undefined;
}

export class ConsoleMessenger implements PlatformMessenger {
  readonly platform = 'console' as const;
  private next = 0;
  private readonly options: ConsoleMessengerOptions;

  constructor(
    private readonly show: Show,
    options: ConsoleMessengerOptions | (() => string) = {},
  ) {
    this.options = typeof options === 'function' ? { filesDir: options } : options;
  }

  private to(identity: Identity): string {
    if (identity.id === this.options.you) return 'Sent to you privately';
    return `Sent to ${this.options.nameOf?.(identity) ?? 'a member'}`;
  }

  async post(address: Address, card: Card): Promise<Sent> {
    const messageId = `m${++this.next}`;
    // A reply in a "thread" (see threadOf) says so; the screen names the card it answers when it still shows it.
    const reply = /^(.*)#(m\d+)$/.exec(address);
    const where = reply ? reply[1] : address;
    const text = `${where === 'console:local' ? 'Posted here' : 'Posted to another console conversation'}${reply ? ', as a reply' : ''}`;
    this.show(card, { kind: 'post', to: address, messageId, text, ...(reply ? { inReplyTo: reply[2] } : {}) });
    return { address, messageId };
  }

  /** The screen has no threads: a reply names the message it answers (`console:local#m3`). */
  threadOf(address: Address, messageId: string): Address {
    return address.includes('#') ? address : `${address}#${messageId}`;
  }

  async update(address: Address, messageId: string, card: Card): Promise<void> {
    this.show(card, { kind: 'edit', to: address, messageId, text: 'Updated' });
  }

  async dm(identity: Identity, card: Card): Promise<Sent> {
    const address = `console:dm-${identity.id}`;
    const messageId = `m${++this.next}`;
    this.show(card, { kind: 'dm', to: formatIdentity(identity), messageId, text: this.to(identity) });
    return { address, messageId };
  }

  async sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent> {
    const address = `console:dm-${identity.id}`;
    const messageId = `m${++this.next}`;
    const dir = this.options.filesDir?.();
    if (!dir) {
      const shown: Card = { ...note, elements: [...note.elements, { type: 'section', text: [{ text: file.content.toString('utf8').replace(/^\uFEFF/, ''), code: true }] }] };
      this.show(shown, { kind: 'file', to: formatIdentity(identity), messageId, text: `${this.to(identity)}: ${file.name}` });
      return { address, messageId };
    }
    const path = writeNew(dir, file);
    this.show(note, { kind: 'file', to: formatIdentity(identity), messageId, text: `Saved to ${path}`, path });
    return { address, messageId, location: path };
  }
}

/**
 * Writes the file under `dir` by its own name, or with `-2`, `-3`… when that name is taken: created
 * exclusively, so two exports in one second never overwrite each other. Owner-only, like the rest of
 * DATA_DIR: exports hold members' contact details.
 */
function writeNew(dir: string, file: FileContent): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ext = extname(file.name).replace(/[^\w.]/g, '');
  const stem = file.name.slice(0, file.name.length - extname(file.name).length).replace(/[^\w.-]/g, '_') || 'file';
  for (let n = 1; ; n++) {
    const path = join(dir, `${stem}${n === 1 ? '' : `-${n}`}${ext}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && n < 10_000) continue;
      throw err;
    }
    try {
      writeSync(fd, file.content);
    } finally {
      closeSync(fd);
    }
    return path;
  }
}
