// Proactive sends on the console: posts, edits and DMs are shown on the one screen, with numbered
// choices like any reply, so announcements and alerts can be tried in a terminal. A file sent to the
// console user is written, owner-only, under a directory (DATA_DIR/exports), and its path shown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Card } from '../../src/cards/card.js';
import type { Address } from '../../src/core/address.js';
import type { Identity } from '../../src/core/identity.js';
import type { FileContent } from '../../src/files.js';
import type { FileSent, PlatformMessenger, Sent } from '../../src/messenger.js';

export type Show = (card: Card, note: string) => void;

export class ConsoleMessenger implements PlatformMessenger {
  readonly platform = 'console' as const;
  private next = 0;

  /** `filesDir` says where files go; without one (an embedded or test screen) a file is shown instead. */
  constructor(
    private readonly show: Show,
    private readonly filesDir?: () => string,
  ) {}

  async post(address: Address, card: Card): Promise<Sent> {
    const messageId = `m${++this.next}`;
    const reply = /^(.*)#(m\d+)$/.exec(address);
    this.show(card, reply ? `[posted to ${reply[1]} as message ${messageId}, in reply to ${reply[2]}]` : `[posted to ${address} as message ${messageId}]`);
    return { address, messageId };
  }

  /** The screen has no threads: a reply names the message it answers (`console:local#m3`). */
  threadOf(address: Address, messageId: string): Address {
    return address.includes('#') ? address : `${address}#${messageId}`;
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

  async sendFile(identity: Identity, file: FileContent, note: Card): Promise<FileSent> {
    const address = `console:dm-${identity.id}`;
    const messageId = `m${++this.next}`;
    const dir = this.filesDir?.();
    if (!dir) {
      const shown: Card = { ...note, elements: [...note.elements, { type: 'section', text: [{ text: file.content.toString('utf8').replace(/^\uFEFF/, ''), code: true }] }] };
      this.show(shown, `[file ${file.name} for ${identity.platform}:${identity.id}, ${file.content.length} bytes, message ${messageId}]`);
      return { address, messageId };
    }
    // Owner-only, like the rest of DATA_DIR: exports hold members' contact details.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const ext = extname(file.name);
    const stem = file.name.slice(0, file.name.length - ext.length).replace(/[^\w.-]/g, '_') || 'file';
    const path = join(dir, `${stem}-${new Date().toISOString().replace(/[:.]/g, '-')}-${this.next}${ext.replace(/[^\w.]/g, '')}`);
    writeFileSync(path, file.content, { mode: 0o600 });
    this.show(note, `[file written to ${path}]`);
    return { address, messageId, location: path };
  }
}
