// The neutral Card: what features build and every adapter renders (Block Kit, Adaptive Card, text).
// Plain strings are user-safe text; renderers escape them for their platform, so features never escape.
import type { Identity } from '../core/identity.js';

/**
 * A run of text with optional emphasis. `link` is a URL the bot itself made, never user text.
 * Plain strings are the bot's sentences (backticks in them read as code on Slack); a value someone
 * typed — a name, a title, an organization — goes in a `literal` span, shown exactly as typed on every
 * platform. A styled span (bold, italic, code, link) shows its text literally too.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  link?: string;
  /** Text someone typed, shown exactly as typed: no character of it formats, links or mentions. */
  literal?: boolean;
  /**
   * Someone's platform account: Slack shows a Slack account as a real mention (`<@U…>`); everywhere
   * else, and for another platform's account, `text` (the name the platform gives) shows literally.
   */
  mention?: Identity;
}
/** User-safe text: a plain string, one span, or runs in which plain strings and spans mix. */
export type Rich = string | Span | (string | Span)[];

/** The runs of a Rich value as spans. */
export function spans(value: Rich): Span[] {
  if (typeof value === 'string') return [{ text: value }];
  if (!Array.isArray(value)) return [value];
  return value.map((s) => (typeof s === 'string' ? { text: s } : s));
}

export interface Button {
  type: 'button';
  actionId: string;
  label: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export interface Choice {
  label: string;
  value: string;
}

export interface Select {
  type: 'select';
  actionId: string;
  placeholder: string;
  options: Choice[];
  initial?: string;
  /** Carried with the chosen value, so the handler knows which item the select belongs to. */
  context?: string;
  /**
   * The card says how to make this choice by typing a command (`mark 12 partly`): a text screen then
   * lists no numbered options for it, which for a card of many selects would be a wall of numbers.
   */
  typed?: boolean;
}

export interface Input {
  id: string;
  label: string;
  /** `file`: one file, chosen in the form (a Slack modal); its value is a file (src/files.ts). */
  kind: 'text' | 'multiline' | 'select' | 'multiselect' | 'file';
  required?: boolean;
  placeholder?: string;
  initial?: string | string[];
  options?: Choice[];
  maxLength?: number;
  hint?: string;
  /** For a file input: the file name extensions offered, e.g. `['csv']`. */
  accept?: string[];
}

export interface ListItem {
  title: Rich;
  detail?: Rich;
}

/** One page of a list that may outgrow one message; Next / Previous re-run `command` at another page. */
export interface PagedList {
  items: ListItem[];
  page: number;
  pageSize: number;
  total: number;
  /** The command line (without prefix) that produced the list, re-run to turn the page. */
  command: string;
  empty?: string;
}

export type CardElement =
  | { type: 'section'; text: Rich; accessory?: Button | Select }
  | { type: 'fields'; fields: { label: string; value: Rich }[] }
  | { type: 'actions'; elements: (Button | Select)[] }
  | { type: 'input'; input: Input }
  | { type: 'context'; text: Rich }
  | { type: 'divider' }
  | { type: 'list'; list: PagedList };

export interface Card {
  header?: string;
  elements: CardElement[];
  /** How the card reads: a refusal or an error may be shown differently (and tests tell them apart). */
  tone?: 'refusal' | 'error';
  /** Notification text; derived from the card when absent. */
  fallback?: string;
  /**
   * What the card shows now in a few lines. A text screen cannot change a card it printed above, so it
   * prints an edit below: the brief, rather than the whole card again (the console's checklist tally).
   */
  brief?: Rich[];
}

/** A form: a Slack modal, an Adaptive Card with inputs on Teams, prompts on the console. */
export interface Form {
  id: string;
  title: string;
  submitLabel: string;
  intro?: Rich;
  inputs: Input[];
  /** Opaque state handed back on submit (Slack private_metadata is limited to 3,000 characters). */
  state?: string;
}

/** Field errors a form handler returns; the adapter shows them beside the fields. */
export type FieldErrors = Record<string, string>;

export const text = (value: Rich): CardElement => ({ type: 'section', text: value });
export const context = (value: Rich): CardElement => ({ type: 'context', text: value });
export const bold = (value: string): Span => ({ text: value, bold: true });
export const code = (value: string): Span => ({ text: value, code: true });
export const literal = (value: string): Span => ({ text: value, literal: true });
export const mention = (identity: Identity, name: string): Span => ({ text: name, mention: { platform: identity.platform, id: identity.id } });

export function card(header: string | undefined, ...elements: CardElement[]): Card {
  return header === undefined ? { elements } : { header, elements };
}

/** A plain message: the simplest card. */
export function message(value: Rich, tone?: Card['tone']): Card {
  const card: Card = { elements: [{ type: 'section', text: value }] };
  if (tone) card.tone = tone;
  return card;
}

export const PAGE_ACTION = 'ppp.page';
export const PAGE_SIZE = 20;

/** Slices a whole list into the page asked for, clamping a page number that is out of range. */
export function pageOf<T>(all: T[], page: number, pageSize = PAGE_SIZE): { items: T[]; page: number; total: number } {
  const pages = Math.max(1, Math.ceil(all.length / pageSize));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: all.slice((current - 1) * pageSize, current * pageSize), page: current, total: all.length };
}

export function pageCount(list: PagedList): number {
  return Math.max(1, Math.ceil(list.total / list.pageSize));
}

/** The buttons a paged list carries; the value is the command to re-run and the page to show. */
export function pagerButtons(list: PagedList): Button[] {
  const buttons: Button[] = [];
  if (list.page > 1) {
    buttons.push({ type: 'button', actionId: PAGE_ACTION, label: 'Previous', value: pagerValue(list.command, list.page - 1) });
  }
  if (list.page < pageCount(list)) {
    buttons.push({ type: 'button', actionId: PAGE_ACTION, label: 'Next', value: pagerValue(list.command, list.page + 1) });
  }
  return buttons;
}

export function pagerValue(command: string, page: number): string {
  return JSON.stringify({ c: command, p: page });
}

export function parsePagerValue(value: string | undefined): { command: string; page: number } | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as { c?: unknown; p?: unknown };
    if (typeof parsed.c === 'string' && typeof parsed.p === 'number' && Number.isInteger(parsed.p)) {
      return { command: parsed.c, page: parsed.p };
    }
  } catch {
    // fall through: a forged or truncated value is simply not a page turn
  }
  return undefined;
}

export function plain(value: Rich): string {
  return spans(value)
    .map((s) => s.text)
    .join('');
}
