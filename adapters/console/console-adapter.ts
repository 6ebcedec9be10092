// The console adapter: a terminal REPL acting as the first coordinator, the way Hubot's shell adapter
// lets anyone try a bot in one command. Cards are text, buttons and selects numbered choices, forms prompts.
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Bot } from '../../src/bot.js';
import type { Card } from '../../src/cards/card.js';
import { renderText, type TextChoice } from '../../src/cards/text.js';
import type { Responder, Turn } from '../../src/commands/context.js';
import { consoleAddress } from '../../src/core/address.js';
import { fillForm } from './forms.js';
import { LineReader } from './line-reader.js';
import { ConsoleMessenger } from './messenger.js';

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
  user: string;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  banner?: string[];
}

export class ConsoleAdapter {
  private readonly input: NodeJS.ReadableStream;
  private readonly out: NodeJS.WritableStream;
  private readonly reader: LineReader;
  private choices: TextChoice[] = [];
  /** Proactive sends land on the same screen, their buttons numbered like any reply's; files go to DATA_DIR/exports. */
  readonly messenger = new ConsoleMessenger(
    (card, note) => this.show(card, note),
    () => join(this.options.bot.services.config.dataDir, 'exports'),
  );

  constructor(private readonly options: ConsoleOptions) {
    this.input = options.input ?? process.stdin;
    this.out = options.output ?? process.stdout;
    const terminal = Boolean((this.input as NodeJS.ReadStream).isTTY);
    this.reader = new LineReader(this.input, this.out, terminal);
  }

  private turn(): Turn {
    return {
      platform: 'console',
      identity: { platform: 'console', id: this.options.user },
      displayName: this.options.user,
      conversation: consoleAddress('local'),
      conversationName: 'this terminal',
      scope: 'console',
      prefix: '/ppp ',
    };
  }

  private show(card: Card, note?: string): void {
    const { text, choices } = renderText(card, { numbered: true });
    // Numbers refer to the latest card only; an older card's buttons are gone from the screen.
    this.choices = choices;
    this.out.write(`\n${note ? `${note}\n` : ''}${text}\n\n`);
  }

  private responder(): Responder {
    return {
      reply: async (card) => this.show(card),
      replyPrivately: async (card) => this.show(card),
      replace: async (card) => this.show(card),
      openForm: async (form) => {
        await fillForm(form, this.reader, this.out, (values) => {
          const submission = form.state === undefined ? { formId: form.id, values } : { formId: form.id, values, state: form.state };
          return this.options.bot.handleForm(this.turn(), submission, this.responder());
        });
      },
    };
  }

  /** Runs until the input ends or the user types `quit`. */
  async run(): Promise<void> {
    for (const line of this.options.banner ?? []) this.out.write(`${line}\n`);
    for (;;) {
      const line = await this.reader.next('ppp> ');
      if (line === null) break;
      const trimmed = line.trim();
      if (!trimmed) continue;
      if (/^(quit|exit|\.exit|\/ppp quit)$/i.test(trimmed)) break;
      if (/^\d+$/.test(trimmed)) {
        const choice = this.choices.find((c) => c.n === Number(trimmed));
        if (!choice) {
          this.out.write(`There is no choice ${trimmed} on the last card.\n`);
          continue;
        }
        const action = { actionId: choice.actionId, ...(choice.value === undefined ? {} : { value: choice.value }), ...(choice.context === undefined ? {} : { context: choice.context }) };
        await this.options.bot.handleAction(this.turn(), action, this.responder());
        continue;
      }
      await this.options.bot.handleCommand(this.turn(), trimmed, this.responder());
    }
    this.reader.close();
    this.out.write('\nBye.\n');
  }
}
