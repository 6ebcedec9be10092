// The console adapter: a terminal REPL acting as the first coordinator, the way Hubot's shell adapter
// lets anyone try a bot in one command. Cards are text; each card with buttons gets a number on the
// screen and its choices are typed as `2.1`, until the card is replaced; `n` / `p` turn a list's page.
// Forms are prompts (forms.ts). The user is named as members see them, never by the OS login.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { resolveActor } from '../../src/auth/actor.js';
import type { Bot } from '../../src/bot.js';
import type { Card } from '../../src/cards/card.js';
import { renderText, type TextChoice } from '../../src/cards/text.js';
import type { ActionInput, Responder, Turn } from '../../src/commands/context.js';
import { consoleAddress } from '../../src/core/address.js';
import type { Identity } from '../../src/core/identity.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { fillForm } from './forms.js';
import { LineReader } from './line-reader.js';
import { ConsoleMessenger, type ConsoleNote } from './messenger.js';

/** The OS user at the terminal: whoever holds the terminal holds the machine, so they coordinate. */
export function consoleUserName(): string {
  const name = process.env.USER ?? process.env.LOGNAME ?? safeUserInfo();
  return (name || 'operator').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64);
}

function safeUserInfo(): string {
  try {
    return userInfo().username;
  } catch {
    return 'operator';
  }
}

export interface ConsoleOptions {
  bot: Bot;
  /** The OS login: the identity `console:<login>`, never shown. */
  user: string;
  /** The name members see (PPP_CONSOLE_NAME); otherwise the one on the roster, or asked at the first start. */
  name?: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Lines before "You are …" (the title). */
  banner?: string[];
  /** Lines after it (where the database, Redis and the log are). */
  details?: string[];
}

/** A card on the screen that has choices: its number, and what its choices press. */
interface OnScreen {
  no: number;
  choices: TextChoice[];
  /** The message id a proactive post or DM got, so an edit of it replaces this card. */
  messageId?: string;
}

/** How many cards with choices stay pressable; older ones have scrolled far away. */
const KEPT = 200;
const MAX_NAME = 120;

export class ConsoleAdapter {
  private readonly input: NodeJS.ReadableStream;
  private readonly out: NodeJS.WritableStream;
  private readonly reader: LineReader;
  private readonly cards: OnScreen[] = [];
  private nextNo = 1;
  private name: string;
  /** Proactive sends land on the same screen, said in words; files go to DATA_DIR/exports. */
  readonly messenger: ConsoleMessenger;

  constructor(private readonly options: ConsoleOptions) {
    this.input = options.input ?? process.stdin;
    this.out = options.output ?? process.stdout;
    const terminal = Boolean((this.input as NodeJS.ReadStream).isTTY);
    this.reader = new LineReader(this.input, this.out, terminal);
    this.name = options.name ?? options.user;
    this.messenger = new ConsoleMessenger((card, note) => this.showSent(card, note), {
      filesDir: () => join(this.options.bot.services.config.dataDir, 'exports'),
      you: options.user,
      nameOf: (identity) => findMemberByIdentity(this.options.bot.services.db, identity)?.name,
    });
  }

  private get identity(): Identity {
    return { platform: 'console', id: this.options.user };
  }

  private turn(): Turn {
    return {
      platform: 'console',
      identity: this.identity,
      displayName: this.name,
      conversation: consoleAddress('local'),
      conversationName: 'this terminal',
      scope: 'console',
      prefix: '/ppp ',
    };
  }

  /**
   * Prints a card. One with choices gets a number — `replaces` keeps the number of the card it stands in
   * for (a page turned, a confirmation answered, a posted card edited) — and its choices stay pressable.
   */
  private show(card: Card, how: { note?: string; replaces?: OnScreen | undefined; messageId?: string; brief?: boolean } = {}): void {
    const no = how.replaces?.no ?? this.nextNo;
    const full = renderText(card, { numbered: true, card: no });
    const shown = how.brief && card.brief ? renderText(card, { brief: true }).text : full.text;
    if (full.choices.length > 0 || how.replaces) {
      if (!how.replaces) this.nextNo++;
      const entry: OnScreen = { no, choices: full.choices, ...(how.messageId ?? how.replaces?.messageId ? { messageId: how.messageId ?? how.replaces?.messageId } : {}) };
      const at = how.replaces ? this.cards.indexOf(how.replaces) : -1;
      if (at >= 0) this.cards.splice(at, 1);
      this.cards.push(entry);
      if (this.cards.length > KEPT) this.cards.shift();
    }
    this.out.write(`\n${how.note ? `${how.note}:\n` : ''}${shown}\n\n`);
  }

  private showSent(card: Card, note: ConsoleNote): void {
    if (note.kind === 'edit') {
      // The screen cannot change a card printed above: the edit is printed below, in brief if it has one.
      const replaces = this.cards.find((c) => c.messageId === note.messageId);
      this.show(card, { note: note.text, replaces, messageId: note.messageId, brief: true });
      return;
    }
    const answered = note.inReplyTo ? this.cards.find((c) => c.messageId === note.inReplyTo) : undefined;
    this.show(card, { note: answered ? `${note.text.replace(/, as a reply$/, '')}, in reply to card ${answered.no}` : note.text, messageId: note.messageId });
  }

  private responder(from?: OnScreen): Responder {
    return {
      reply: async (card) => this.show(card),
      replyPrivately: async (card) => this.show(card),
      // A page turned or a confirmation answered takes the place (and the number) of the card pressed.
      replace: async (card) => this.show(card, { replaces: from }),
      openForm: async (form) => {
        await fillForm(form, this.reader, this.out, (values) => {
          const submission = form.state === undefined ? { formId: form.id, values } : { formId: form.id, values, state: form.state };
          return this.options.bot.handleForm(this.turn(), submission, this.responder());
        });
      },
    };
  }

  /** The name on the roster, unless it is still only the login the console was first opened with. */
  private knownName(): string | undefined {
    const member = findMemberByIdentity(this.options.bot.services.db, this.identity);
    return member && (member.nameEdited || member.name !== this.options.user) ? member.name : undefined;
  }

  private async askName(): Promise<string> {
    this.out.write('\nWhat is your name? Members see it in announcements, reviews and the roster (you can change it later with /ppp profile).\n');
    for (;;) {
      const line = await this.reader.next('Your name: ');
      if (line === null) return this.options.user;
      const name = line.replace(/\s+/g, ' ').trim();
      if (name && /\p{L}/u.test(name) && !name.startsWith('/') && name.length <= MAX_NAME) return name;
      this.out.write(`Please type your name as members should see it, e.g. Maya Chen (at most ${MAX_NAME} characters).\n`);
    }
  }

  /** Which card a typed choice means: `2.1` names the card; `1`, `n` and `p` mean the latest card with one. */
  private choiceFor(typed: string): { card: OnScreen; choice: TextChoice } | string {
    const named = /^(\d+)\.(\d+|n|p)$/i.exec(typed);
    if (named) {
      const card = this.cards.find((c) => c.no === Number(named[1]));
      if (!card) return `Card ${named[1]} is no longer on the screen: run its command again.`;
      const choice = card.choices.find((c) => c.key === named[2]!.toLowerCase());
      return choice ? { card, choice } : `Card ${card.no} has no choice ${named[2]}.`;
    }
    const key = /^(next|n)$/i.test(typed) ? 'n' : /^(previous|prev|p)$/i.test(typed) ? 'p' : typed;
    for (let i = this.cards.length - 1; i >= 0; i--) {
      const card = this.cards[i]!;
      const choice = card.choices.find((c) => c.key === key);
      if (choice) return { card, choice };
      // A bare number means the latest card with choices; it does not reach back past it.
      if (/^\d+$/.test(key) && card.choices.length > 0) break;
    }
    return key === 'n' || key === 'p' ? 'There is no list with another page on the screen.' : `There is no choice ${typed} on the latest card; type the card’s number too, like 2.1.`;
  }

  /** Runs until the input ends or the user types `quit`. */
  async run(): Promise<void> {
    for (const line of this.options.banner ?? []) this.out.write(`${line}\n`);
    this.name = this.options.name ?? this.knownName() ?? (await this.askName());
    // Recorded at once, so the roster, the audit and what members receive carry the name.
    const { services } = this.options.bot;
    resolveActor(services.db, this.identity, this.name, services.clock());
    this.out.write(`You are ${this.name}, a coordinator. Type /ppp help to begin, quit to leave.\n`);
    for (const line of this.options.details ?? []) this.out.write(`${line}\n`);
    for (;;) {
      const line = await this.reader.next('ppp> ');
      if (line === null) break;
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (/^(quit|exit|\.exit|\/ppp quit)$/i.test(trimmed)) break;
      if (/^(\d+(\.(\d+|n|p))?|n|p|next|prev|previous)$/i.test(trimmed)) {
        const found = this.choiceFor(trimmed);
        if (typeof found === 'string') {
          this.out.write(`${found}\n`);
          continue;
        }
        const { card, choice } = found;
        const action: ActionInput = { actionId: choice.actionId, ...(choice.value === undefined ? {} : { value: choice.value }), ...(choice.context === undefined ? {} : { context: choice.context }) };
        await this.options.bot.handleAction(this.turn(), action, this.responder(card));
        continue;
      }
      await this.options.bot.handleCommand(this.turn(), trimmed, this.responder());
    }
    this.reader.close();
    this.out.write('\nBye.\n');
  }
}
