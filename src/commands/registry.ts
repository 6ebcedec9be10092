// The command registry: each command registers its name, who may run it, its arguments and its help
// in one place; `help`, the parser and the authorization matrix all read from here.
import type { ActorFor, Permission } from '../auth/permissions.js';
import type { AuditPhrase } from '../core/audit.js';
import type { GetRouteSpec } from '../http/feature-routes.js';
import type { Catalog, Renderer, Services, TaskSpec, TimerSpec } from '../services.js';
import type { ArgSpec, ArgsOf } from './args.js';
import type { ActionContext, CommandContext, FormContext, FormResult } from './context.js';
import { distance } from 'fastest-levenshtein';
import { suggest } from './suggest.js';
import type { Token } from './tokenize.js';

/** A command handler's context, from its argument specs and its permission. */
export type ContextFor<A extends readonly ArgSpec[], P extends Permission> = CommandContext<ArgsOf<A>, ActorFor<P>>;

/**
 * A command as a feature declares it. Its handler's `ctx.args` is typed from `args`, and a permission
 * only members hold hands it `ctx.actor.member`: no casts in handlers.
 */
export interface CommandSpec<A extends readonly ArgSpec[] = readonly ArgSpec[], P extends Permission = Permission> {
  /** One or two words: `help`, `checklist summary`. */
  name: string;
  permission: P;
  /** What follows the name, e.g. `[command]`. */
  usage: string;
  summary: string;
  /** Longer help shown by `help <command>`. */
  details?: string;
  args: A;
  /** Where it may be used; defaults to anywhere. */
  scopes?: readonly ('channel' | 'group' | 'personal' | 'console')[];
  handler: (ctx: ContextFor<A, P>) => Promise<void>;
}

export interface ActionSpec<P extends Permission = Permission> {
  actionId: string;
  permission: P;
  handler: (ctx: ActionContext<ActorFor<P>>) => Promise<void>;
}

export interface FormSpec<P extends Permission = Permission> {
  formId: string;
  permission: P;
  handler: (ctx: FormContext<ActorFor<P>>) => Promise<FormResult>;
}

/**
 * What the registry keeps: the handler as the bot calls it, after parsing the arguments with the spec's
 * own `args` and checking its own `permission` (src/bot.ts) — which is what makes the typed contexts
 * above true. This is the one place their types are widened.
 */
export type RegisteredCommand = Omit<CommandSpec, 'handler'> & { handler: (ctx: CommandContext) => Promise<void> };
type RegisteredAction = Omit<ActionSpec, 'handler'> & { handler: (ctx: ActionContext) => Promise<void> };
type RegisteredForm = Omit<FormSpec, 'handler'> & { handler: (ctx: FormContext) => Promise<FormResult> };

export type { Renderer, TaskSpec, TimerContext, TimerSpec } from '../services.js';

/** The services the bot itself runs with: the whole registry, not only what jobs read of it. */
export type BotServices = Services & { registry: Registry };

export type Lookup =
  | { ok: true; spec: RegisteredCommand; rest: Token[] }
  /**
   * `suggestions` are subcommands of `parent` when there is one, else whole commands. `filter`: the
   * word was one edit from a subcommand, and the command would have read it as its text (`roster ad`).
   */
  | { ok: false; word: string; suggestions: string[]; parent?: string; filter?: boolean };

export class Registry implements Catalog {
  private readonly commands = new Map<string, RegisteredCommand>();
  private readonly actions = new Map<string, RegisteredAction>();
  private readonly forms = new Map<string, RegisteredForm>();
  private readonly renderers = new Map<string, Renderer>();
  private readonly taskList: TaskSpec[] = [];
  private readonly timerSpecs = new Map<string, TimerSpec>();
  private readonly getRoutes: GetRouteSpec[] = [];
  private readonly phrases = new Map<string, AuditPhrase>();
  private readonly aboutPhrases: string[] = [];

  command<const A extends readonly ArgSpec[], P extends Permission>(spec: CommandSpec<A, P>): this {
    if (this.commands.has(spec.name)) throw new Error(`command registered twice: ${spec.name}`);
    this.commands.set(spec.name, { ...spec, handler: spec.handler as RegisteredCommand['handler'] });
    return this;
  }

  action<P extends Permission>(spec: ActionSpec<P>): this {
    if (this.actions.has(spec.actionId)) throw new Error(`action registered twice: ${spec.actionId}`);
    this.actions.set(spec.actionId, { ...spec, handler: spec.handler as RegisteredAction['handler'] });
    return this;
  }

  form<P extends Permission>(spec: FormSpec<P>): this {
    if (this.forms.has(spec.formId)) throw new Error(`form registered twice: ${spec.formId}`);
    this.forms.set(spec.formId, { ...spec, handler: spec.handler as RegisteredForm['handler'] });
    return this;
  }

  renderer(name: string, render: Renderer): this {
    if (this.renderers.has(name)) throw new Error(`renderer registered twice: ${name}`);
    this.renderers.set(name, render);
    return this;
  }

  task(spec: TaskSpec): this {
    if (this.taskList.some((t) => t.name === spec.name)) throw new Error(`task registered twice: ${spec.name}`);
    this.taskList.push(spec);
    return this;
  }

  timer(spec: TimerSpec): this {
    if (this.timerSpecs.has(spec.kind)) throw new Error(`timer registered twice: ${spec.kind}`);
    this.timerSpecs.set(spec.kind, spec);
    return this;
  }

  /**
   * What a feature does, as words after "This bot …" ("schedules its summits and meetings"): the help a
   * stranger reads is built from these, so it promises only what this deployment registers.
   */
  about(phrase: string): this {
    if (!this.aboutPhrases.includes(phrase)) this.aboutPhrases.push(phrase);
    return this;
  }

  /** Every feature's `about` phrase, in the order the features registered. */
  whatItDoes(): readonly string[] {
    return this.aboutPhrases;
  }

  /** How `audit` reads the actions this feature audits, by action (core/audit.ts AuditPhrase). */
  auditPhrases(phrases: Record<string, AuditPhrase>): this {
    for (const [action, phrase] of Object.entries(phrases)) {
      if (this.phrases.has(action)) throw new Error(`audit phrase registered twice: ${action}`);
      this.phrases.set(action, phrase);
    }
    return this;
  }

  auditPhrase(action: string): AuditPhrase | undefined {
    return this.phrases.get(action);
  }

  /** A GET route a feature serves on the bot's port (src/http/feature-routes.ts); main.ts mounts them. */
  httpGet(spec: GetRouteSpec): this {
    if (this.getRoutes.some((r) => r.prefix === spec.prefix)) throw new Error(`route registered twice: ${spec.prefix}`);
    this.getRoutes.push(spec);
    return this;
  }

  httpRoutes(): readonly GetRouteSpec[] {
    return this.getRoutes;
  }

  getTimer(kind: string): TimerSpec | undefined {
    return this.timerSpecs.get(kind);
  }

  tasks(): readonly TaskSpec[] {
    return this.taskList;
  }

  getRenderer(name: string): Renderer | undefined {
    return this.renderers.get(name);
  }

  list(): RegisteredCommand[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): RegisteredCommand | undefined {
    return this.commands.get(name);
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  getAction(actionId: string): RegisteredAction | undefined {
    return this.actions.get(actionId);
  }

  hasAction(actionId: string): boolean {
    return this.actions.has(actionId);
  }

  getForm(formId: string): RegisteredForm | undefined {
    return this.forms.get(formId);
  }

  /** Top-level words: `checklist` for `checklist summary` too. */
  topWords(): string[] {
    return [...new Set([...this.commands.keys()].map((n) => n.split(' ')[0]!))].sort();
  }

  /**
   * Finds the command the tokens name: a two-word command first, then the one-word one. A second word
   * one edit from a subcommand is taken for a typo of it rather than as the one-word command's text
   * (quoted, it is text), and two words in the wrong order (`add roster`) are recognised.
   */
  lookup(tokens: Token[]): Lookup {
    const first = tokens[0];
    const word = first?.kind === 'word' ? first.text.toLowerCase() : '';
    const second = tokens[1];
    const next = second?.kind === 'word' && !second.quoted ? second.text.toLowerCase() : '';
    const subs = [...this.commands.keys()].filter((n) => n.startsWith(`${word} `)).map((n) => n.slice(word.length + 1));
    if (next) {
      const two = this.commands.get(`${word} ${next}`);
      if (two) return { ok: true, spec: two, rest: tokens.slice(2) };
      if (this.commands.has(`${next} ${word}`)) return { ok: false, word: `${word} ${next}`, suggestions: [`${next} ${word}`] };
    }
    const one = this.commands.get(word);
    if (one) {
      // A command whose next argument is a word checks that word itself, and says what it takes.
      const near = next.length >= 2 && one.args[0]?.kind !== 'word' ? subs.filter((s) => distance(s, next) <= 1) : [];
      if (near.length > 0) return { ok: false, word: next, parent: word, suggestions: near, filter: one.args.some((a) => a.kind === 'text') };
      return { ok: true, spec: one, rest: tokens.slice(1) };
    }
    if (subs.length > 0) {
      const sub = second?.kind === 'word' ? second.text.toLowerCase() : '';
      return { ok: false, word: sub, parent: word, suggestions: sub ? suggest(sub, subs) : subs };
    }
    return { ok: false, word, suggestions: suggest(word, this.topWords()) };
  }
}
