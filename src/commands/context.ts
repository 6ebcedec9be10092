// What a handler is given: the turn (who, where, on which platform), the actor, its arguments and the
// ways to answer. Adapters build the turn and the responder; handlers never see a platform SDK.
import type { Actor } from '../auth/actor.js';
import type { Card, FieldErrors, Form } from '../cards/card.js';
import type { Address } from '../core/address.js';
import type { Identity, Platform } from '../core/identity.js';
import type { Services } from '../services.js';
import type { Args } from './args.js';

export type Scope = 'channel' | 'group' | 'personal' | 'console';

export interface Turn {
  platform: Platform;
  identity: Identity;
  /** The name the platform profile shows, when the adapter knows it. */
  displayName?: string;
  conversation: Address;
  /** The conversation's name where the platform says it (#security-chiefs), for lists and notices. */
  conversationName?: string;
  scope: Scope;
  /** How a command is typed here, for help and refusals: `/ppp `, `@PPP ` or nothing in a 1:1 chat. */
  prefix: string;
}

export interface Responder {
  /** Answer in the conversation, visible to everyone in it. */
  reply(card: Card): Promise<void>;
  /** Answer only the caller: Slack ephemeral, the Teams 1:1 chat, the console screen. */
  replyPrivately(card: Card): Promise<void>;
  openForm(form: Form): Promise<void>;
  /** Replace the message an action came from (a page turn); adapters without it reply privately. */
  replace?(card: Card): Promise<void>;
}

/**
 * Who asked, where, and how to answer them: what a use case needs, whether a command, a button or a
 * form asked. `M` is the actor the permission admitted (a MemberActor for members-only ones).
 */
export interface Caller<M extends Actor = Actor> {
  services: Services;
  turn: Turn;
  actor: M;
  respond: Responder;
}

/** A command's context: `A` its arguments as its spec declares them (commands/args.ts ArgsOf). */
export interface CommandContext<A extends Args = Args, M extends Actor = Actor> extends Caller<M> {
  args: A;
  /** The page a paged list should show (1 unless a Next / Previous button asked for another). */
  page: number;
  /** The command line as typed after the prefix, for pagers that re-run it. */
  line: string;
}

/** One select changed on a card: the value chosen, and which item the select belongs to. */
export interface SelectChange {
  value: string;
  context?: string;
}

export interface ActionInput {
  actionId: string;
  value?: string;
  /** A select's context: which item the chosen value belongs to. */
  context?: string;
  /**
   * Every select of this action changed at once, in card order (a Teams Save submits all the card's
   * selects together); the first is also `value` and `context`. A Slack select sends one change.
   */
  changes?: SelectChange[];
  /** Values of inputs on the card, where the platform submits them with a button press (Teams). */
  values?: Record<string, string | string[]>;
}

/** The selects an action changed: the list a Save carries, or the one value of a single select. */
export function changesOf(action: ActionInput): SelectChange[] {
  if (action.changes) return action.changes;
  if (action.value === undefined) return [];
  return [action.context === undefined ? { value: action.value } : { value: action.value, context: action.context }];
}

export interface ActionContext<M extends Actor = Actor> extends Caller<M> {
  action: ActionInput;
}

export interface FormContext<M extends Actor = Actor> extends Caller<M> {
  values: Record<string, string | string[] | undefined>;
  state?: string;
}

export type FormResult = FieldErrors | undefined | void;
