// The command registry: each command registers its name, who may run it, its arguments and its help
// in one place; `help`, the parser and the authorization matrix all read from here.
import type { Permission } from '../auth/permissions.js';
import type { Catalog, Renderer, Services, TaskSpec } from '../services.js';
import type { ArgSpec } from './args.js';
import type { ActionContext, CommandContext, FormContext, FormResult } from './context.js';
import { suggest } from './suggest.js';
import type { Token } from './tokenize.js';

export interface CommandSpec {
  /** One or two words: `help`, `checklist summary`. */
  name: string;
  permission: Permission;
  /** What follows the name, e.g. `[command]`. */
  usage: string;
  summary: string;
  /** Longer help shown by `help <command>`. */
  details?: string;
  args: readonly ArgSpec[];
  /** Where it may be used; defaults to anywhere. */
  scopes?: readonly ('channel' | 'group' | 'personal' | 'console')[];
  handler: (ctx: CommandContext) => Promise<void>;
}

export interface ActionSpec {
  actionId: string;
  permission: Permission;
  handler: (ctx: ActionContext) => Promise<void>;
}

export interface FormSpec {
  formId: string;
  permission: Permission;
  handler: (ctx: FormContext) => Promise<FormResult>;
}

export type { Renderer, TaskSpec } from '../services.js';

/** The services the bot itself runs with: the whole registry, not only what jobs read of it. */
export type BotServices = Services & { registry: Registry };

export type Lookup =
  | { ok: true; spec: CommandSpec; rest: Token[] }
  | { ok: false; word: string; suggestions: string[]; parent?: string };

export class Registry implements Catalog {
  private readonly commands = new Map<string, CommandSpec>();
  private readonly actions = new Map<string, ActionSpec>();
  private readonly forms = new Map<string, FormSpec>();
  private readonly renderers = new Map<string, Renderer>();
  private readonly taskList: TaskSpec[] = [];

  command(spec: CommandSpec): this {
    if (this.commands.has(spec.name)) throw new Error(`command registered twice: ${spec.name}`);
    this.commands.set(spec.name, spec);
    return this;
  }

  action(spec: ActionSpec): this {
    if (this.actions.has(spec.actionId)) throw new Error(`action registered twice: ${spec.actionId}`);
    this.actions.set(spec.actionId, spec);
    return this;
  }

  form(spec: FormSpec): this {
    if (this.forms.has(spec.formId)) throw new Error(`form registered twice: ${spec.formId}`);
    this.forms.set(spec.formId, spec);
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

  tasks(): readonly TaskSpec[] {
    return this.taskList;
  }

  getRenderer(name: string): Renderer | undefined {
    return this.renderers.get(name);
  }

  list(): CommandSpec[] {
    return [...this.commands.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): CommandSpec | undefined {
    return this.commands.get(name);
  }

  has(name: string): boolean {
    return this.commands.has(name);
  }

  getAction(actionId: string): ActionSpec | undefined {
    return this.actions.get(actionId);
  }

  getForm(formId: string): FormSpec | undefined {
    return this.forms.get(formId);
  }

  /** Top-level words: `checklist` for `checklist summary` too. */
  topWords(): string[] {
    return [...new Set([...this.commands.keys()].map((n) => n.split(' ')[0]!))].sort();
  }

  /** Finds the command the tokens name: a two-word command first, then the one-word one. */
  lookup(tokens: Token[]): Lookup {
    const first = tokens[0];
    const word = first?.kind === 'word' ? first.text.toLowerCase() : '';
    const second = tokens[1];
    if (second?.kind === 'word' && !second.quoted) {
      const two = this.commands.get(`${word} ${second.text.toLowerCase()}`);
      if (two) return { ok: true, spec: two, rest: tokens.slice(2) };
    }
    const one = this.commands.get(word);
    if (one) return { ok: true, spec: one, rest: tokens.slice(1) };
    const subs = [...this.commands.keys()].filter((n) => n.startsWith(`${word} `)).map((n) => n.slice(word.length + 1));
    if (subs.length > 0) {
      const sub = second?.kind === 'word' ? second.text.toLowerCase() : '';
      return { ok: false, word: sub, parent: word, suggestions: sub ? suggest(sub, subs) : subs };
    }
    return { ok: false, word, suggestions: suggest(word, this.topWords()) };
  }
}
