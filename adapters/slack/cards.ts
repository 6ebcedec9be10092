// Renders a neutral Card as Block Kit, purely: same card, same JSON. User text is escaped for mrkdwn and
// its formatting markers are broken, Slack's automatic parsing is off (verbatim), and everything is kept
// inside Slack's limits, cut with a visible "…" rather than refused by Slack.
// @see https://docs.slack.dev/reference/block-kit/blocks  @see https://docs.slack.dev/messaging/formatting-message-text
import type { types } from '@slack/bolt';
import {
  pageCount,
  pagerButtons,
  spans,
  type Button,
  type Card,
  type CardElement,
  type Choice,
  type Input,
  type Rich,
  type Select,
  type Span,
} from '../../src/cards/card.js';
import { cardToText } from '../../src/cards/text.js';
import { contextBlockId, INPUT_ACTION_ID, inputBlockId, slackActionId } from './ids.js';

/** Slack's documented limits, in UTF-16 code units as Slack counts them. */
export const LIMITS = {
  blocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionElements: 25,
  optionText: 75,
  optionValue: 150,
  options: 100,
  placeholder: 150,
  label: 2000,
  inputText: 3000,
  fallbackText: 3000,
} as const;

const ELLIPSIS = '…';

export type Block = types.KnownBlock;
type Element = types.Button | types.StaticSelect;

/**
 * Escapes user text for mrkdwn: `&`, `<` and `>` and nothing else, so `<!channel>`, `<!here>`,
 * `<@U…>` and `<#C…>` typed by a user show as text instead of pinging anyone.
 */
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

export function escapeMrkdwn(text: string): string {
  return /[&<>]/.test(text) ? text.replace(/[&<>]/g, (c) => ENTITY[c]!) : text;
}

/**
 * mrkdwn has no escape for its markers, so a `*`, `_`, `~` or `` ` `` in user text is wrapped in
 * U+2060 WORD JOINER, which shows nothing: a marker then never stands next to a space or the edge of a
 * word, so it can neither open nor close formatting, whichever way Slack classes the joiner. Joiners
 * are inserted in the rendered output only (the stored text is untouched, and the input sanitizer
 * strips them if the text is pasted back); exact-JSON tests show each one. A marker between two letters
 * or digits (PPP_ADMINS, snake_case) never formats and is left alone. A `>` starting a line would quote.
 */
const WJ = '\u2060';
const WORD = /[\p{L}\p{N}]/u;
const MARKERS = /[*_~`]/g;
const EMPHASIS = /[*_~]/g;
const BACKTICK = /`/g;

function breakMarkers(escaped: string, markers: RegExp): string {
  const out = escaped.replace(markers, (m: string, at: number, all: string) =>
    WORD.test(all[at - 1] ?? '') && WORD.test(all[at + 1] ?? '') ? m : `${WJ}${m}${WJ}`,
  );
  return out.replace(/(^|\n)([ \t]*)&gt;/g, `$1$2${WJ}&gt;`);
}

/** The bot's own sentence, which may carry user text: backticks stay its code; nothing else formats. */
export function sentenceToMrkdwn(text: string): string {
  return breakMarkers(escapeMrkdwn(text), EMPHASIS);
}

/** Text shown exactly as typed: no marker formats, code included. */
export function literalToMrkdwn(text: string): string {
  return breakMarkers(escapeMrkdwn(text), MARKERS);
}

const SLACK_USER = /^[UW][A-Z0-9]{2,40}$/;

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** A safe place to cut at or before `end`: never inside a surrogate pair or an `&amp;`-style entity. */
function safeCut(text: string, end: number): number {
  let at = Math.max(0, end);
  if (at > 0 && isHighSurrogate(text.charCodeAt(at - 1))) at--;
  const amp = text.lastIndexOf('&', at - 1);
  if (amp >= 0 && at - amp < 6) {
    const semi = text.indexOf(';', amp);
    if (semi >= at) at = amp;
  }
  return at;
}

/** Cuts text to at most `max` characters, ending in "…" when anything was left out. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - 1))}${ELLIPSIS}`;
}

/** Splits mrkdwn that is too long for one block at a line break or space, into at most `parts` pieces. */
export function splitText(text: string, max: number, parts: number): string[] {
  if (text.length <= max) return text.trim() === '' ? [] : [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max && out.length < parts - 1) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max / 2) at = rest.lastIndexOf(' ', max);
    if (at < max / 2) at = safeCut(rest, max);
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  out.push(cut(rest, max));
  return out.filter((p) => p.trim() !== '');
}

function spanToMrkdwn(span: Span): string {
  if (span.mention?.platform === 'slack' && SLACK_USER.test(span.mention.id)) return `<@${span.mention.id}>`;
  if (!span.text) return '';
  if (!span.bold && !span.italic && !span.code && !span.link) return span.literal || span.mention ? literalToMrkdwn(span.text) : sentenceToMrkdwn(span.text);
  // Emphasis markers only work hugging the words: keep surrounding spaces outside them.
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text) ?? [];
  if (!core) return span.text;
  // Inside code nothing but a backtick formats; elsewhere a styled span's text is shown as typed.
  let out = span.code ? breakMarkers(escapeMrkdwn(core), BACKTICK) : literalToMrkdwn(core);
  if (span.code) out = `\`${out}\``;
  // Links are made by the bot, never from user text; still, a `|` or `>` would end the link early.
  if (span.link) out = `<${span.link.replace(/[|<>\s]/g, (c) => encodeURIComponent(c))}|${out}>`;
  if (span.italic) out = `_${out}_`;
  if (span.bold) out = `*${out}*`;
  return `${lead}${out}${trail}`;
}

/** Rich text as escaped mrkdwn: bold `*…*`, italic `_…_`, code `` `…` ``, a Slack account as `<@U…>`. */
export function richToMrkdwn(value: Rich): string {
  return spans(value).map(spanToMrkdwn).join('');
}

export function plainText(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: cut(text, max), emoji: true };
}

// Verbatim: Slack's automatic parsing would make a URL, a #channel name or an @here in user text live.
// The bot writes its own links and mentions explicitly (`<url|label>`, `<@U…>`), which verbatim keeps.
// @see https://docs.slack.dev/reference/block-kit/composition-objects/text-object
const mrkdwn = (text: string): types.MrkdwnElement => ({ type: 'mrkdwn', text, verbatim: true });

function option(choice: Choice): types.PlainTextOption {
  return { text: plainText(choice.label, LIMITS.optionText), value: choice.value };
}

/** Options Slack will take: at most 100, values of at most 150 characters (a longer one could not round-trip). */
function options(choices: Choice[]): types.PlainTextOption[] {
  return choices.filter((c) => c.value.length > 0 && c.value.length <= LIMITS.optionValue).slice(0, LIMITS.options).map(option);
}

function button(b: Button, actionId: string): types.Button | undefined {
  // A value Slack would refuse cannot be cut without changing its meaning: such a button is left out.
  if (b.value !== undefined && b.value.length > LIMITS.buttonValue) return undefined;
  const out: types.Button = { type: 'button', action_id: actionId, text: plainText(b.label, LIMITS.buttonText) };
  if (b.value !== undefined && b.value !== '') out.value = b.value;
  if (b.style) out.style = b.style;
  return out;
}

function select(s: Select, actionId: string): types.StaticSelect | undefined {
  const opts = options(s.options);
  if (opts.length === 0) return undefined;
  const out: types.StaticSelect = {
    type: 'static_select',
    action_id: actionId,
    placeholder: plainText(s.placeholder || 'Choose', LIMITS.placeholder),
    options: opts,
  };
  const initial = opts.find((o) => o.value === s.initial);
  if (initial) out.initial_option = initial;
  return out;
}

/** An input block, in a message or a modal; its block id carries the neutral input id. */
export function inputBlock(input: Input): types.InputBlock {
  const placeholder = input.placeholder ? { placeholder: plainText(input.placeholder, LIMITS.placeholder) } : {};
  let element: types.InputBlockElement;
  const opts = options(input.options ?? []);
  if (input.kind === 'file') {
    // One file; Slack checks the extension only as a convenience, so the handler still checks the content.
    // @see https://docs.slack.dev/reference/block-kit/block-elements/file-input-element
    element = { type: 'file_input', action_id: INPUT_ACTION_ID, max_files: 1, ...(input.accept?.length ? { filetypes: input.accept } : {}) };
  } else if ((input.kind === 'select' || input.kind === 'multiselect') && opts.length > 0) {
    const initial = Array.isArray(input.initial) ? input.initial : input.initial === undefined ? [] : [input.initial];
    const chosen = opts.filter((o) => initial.includes(o.value!));
    if (input.kind === 'select') {
      element = { type: 'static_select', action_id: INPUT_ACTION_ID, options: opts, ...placeholder };
      if (chosen[0]) element.initial_option = chosen[0];
    } else {
      element = { type: 'multi_static_select', action_id: INPUT_ACTION_ID, options: opts, ...placeholder };
      if (chosen.length > 0) element.initial_options = chosen;
    }
  } else {
    // A select without usable options still lets the person answer, as free text.
    const max = Math.min(input.maxLength ?? LIMITS.inputText, LIMITS.inputText);
    element = { type: 'plain_text_input', action_id: INPUT_ACTION_ID, ...placeholder };
    if (input.kind === 'multiline') element.multiline = true;
    if (input.maxLength !== undefined) element.max_length = max;
    const initial = Array.isArray(input.initial) ? input.initial.join(', ') : input.initial;
    if (initial) element.initial_value = initial.slice(0, max);
  }
  const block: types.InputBlock = {
    type: 'input',
    block_id: inputBlockId(input.id),
    label: plainText(input.label, LIMITS.label),
    optional: !input.required,
    element,
  };
  if (input.hint) block.hint = plainText(input.hint, LIMITS.label);
  return block;
}

/** Renders one card; holds the counter that keeps select block ids unique within the message. */
class Renderer {
  private blockIds = 0;
  readonly blocks: Block[] = [];

  private sections(text: string, accessory?: Button | Select): void {
    const parts = splitText(text, LIMITS.sectionText, 10);
    if (parts.length === 0 && !accessory) return;
    if (parts.length === 0) parts.push(' ');
    parts.forEach((part, i) => {
      const block: types.SectionBlock = { type: 'section', text: mrkdwn(part) };
      // The accessory sits beside the last piece, next to the end of what it acts on.
      if (accessory && i === parts.length - 1) {
        const el = accessory.type === 'button' ? button(accessory, accessory.actionId) : select(accessory, accessory.actionId);
        if (el) {
          block.accessory = el;
          const id = this.contextId(accessory);
          if (id) block.block_id = id;
        }
      }
      this.blocks.push(block);
    });
  }

  private contextId(el: Button | Select): string | undefined {
    return el.type === 'select' && el.context !== undefined ? contextBlockId(++this.blockIds, el.context) : undefined;
  }

  /** Buttons and selects in actions blocks of at most 25, a new block wherever a select's context changes. */
  private actions(elements: (Button | Select)[]): void {
    let current: { els: Element[]; context: string | undefined; used: Map<string, number> } | undefined;
    const flush = () => {
      if (!current || current.els.length === 0) return;
      const block: types.ActionsBlock = { type: 'actions', elements: current.els };
      if (current.context !== undefined) {
        const id = contextBlockId(++this.blockIds, current.context);
        if (id) block.block_id = id;
      }
      this.blocks.push(block);
      current = undefined;
    };
    for (const el of elements) {
      const context = el.type === 'select' ? el.context : undefined;
      if (current && (current.els.length >= LIMITS.actionElements || (context !== undefined && current.context !== undefined && context !== current.context))) flush();
      current ??= { els: [], context: undefined, used: new Map() };
      if (context !== undefined) current.context = context;
      const repeat = current.used.get(el.actionId) ?? 0;
      const id = slackActionId(el.actionId, repeat);
      const rendered = el.type === 'button' ? button(el, id) : select(el, id);
      if (!rendered) continue;
      current.used.set(el.actionId, repeat + 1);
      current.els.push(rendered);
    }
    flush();
  }

  private context(text: string): void {
    if (text.trim()) this.blocks.push({ type: 'context', elements: [mrkdwn(cut(text, LIMITS.sectionText))] });
  }

  element(el: CardElement): void {
    switch (el.type) {
      case 'section':
        this.sections(richToMrkdwn(el.text), el.accessory);
        break;
      case 'fields': {
        const fields = el.fields.map((f) => mrkdwn(cut(`*${escapeMrkdwn(f.label)}*\n${richToMrkdwn(f.value)}`, LIMITS.fieldText)));
        for (let i = 0; i < fields.length; i += LIMITS.fields) {
          this.blocks.push({ type: 'section', fields: fields.slice(i, i + LIMITS.fields) });
        }
        break;
      }
      case 'actions':
        this.actions(el.elements);
        break;
      case 'input':
        this.blocks.push(inputBlock(el.input));
        break;
      case 'context':
        this.context(richToMrkdwn(el.text));
        break;
      case 'divider':
        this.blocks.push({ type: 'divider' });
        break;
      case 'list': {
        const { list } = el;
        if (list.items.length === 0) {
          this.sections(sentenceToMrkdwn(list.empty ?? 'Nothing to show.'));
          break;
        }
        const first = (list.page - 1) * list.pageSize;
        const lines = list.items.map((item, i) => {
          const detail = item.detail === undefined ? '' : ` — ${richToMrkdwn(item.detail)}`;
          return cut(`${first + i + 1}. ${richToMrkdwn(item.title)}${detail}`, LIMITS.sectionText);
        });
        // Many entries to a section (whole lines only), so a long page still fits in few blocks.
        let chunk = '';
        for (const line of lines) {
          if (chunk && chunk.length + 1 + line.length > LIMITS.sectionText) {
            this.blocks.push({ type: 'section', text: mrkdwn(chunk) });
            chunk = '';
          }
          chunk = chunk ? `${chunk}\n${line}` : line;
        }
        if (chunk) this.blocks.push({ type: 'section', text: mrkdwn(chunk) });
        const pages = pageCount(list);
        if (pages > 1) {
          this.context(`Page ${list.page} of ${pages} (${list.total} in all)`);
          this.actions(pagerButtons(list));
        }
        break;
      }
    }
  }
}

const TONE: Record<NonNullable<Card['tone']>, { emoji: string; word: string }> = {
  refusal: { emoji: ':no_entry:', word: 'Not allowed' },
  error: { emoji: ':warning:', word: 'Something went wrong' },
};

/** A refusal or an error reads as one: its mark goes on the first block that has text, or on a line of its own. */
function applyTone(blocks: Block[], tone: Card['tone']): void {
  if (!tone) return;
  const { emoji, word } = TONE[tone];
  const first = blocks[0];
  if (first?.type === 'header') {
    first.text = plainText(`${emoji} ${first.text.text}`, LIMITS.header);
  } else if (first?.type === 'section' && first.text) {
    first.text = mrkdwn(cut(`${emoji} ${first.text.text}`, LIMITS.sectionText));
  } else {
    blocks.unshift({ type: 'context', elements: [mrkdwn(`${emoji} ${word}`)] });
  }
}

/**
 * Keeps a message within Slack's block limit: what does not fit is replaced by a visible note, and a
 * trailing row of buttons (a pager's Next) is kept so the rest stays reachable.
 */
function fit(blocks: Block[], limit: number): Block[] {
  if (blocks.length <= limit) return blocks;
  const tail = blocks[blocks.length - 1]?.type === 'actions' ? blocks.slice(-1) : [];
  const keep = limit - 1 - tail.length;
  const left = blocks.length - tail.length - keep;
  const note: Block = { type: 'context', elements: [mrkdwn(`${ELLIPSIS} ${left} more not shown: too long for one Slack message.`)] };
  return [...blocks.slice(0, keep), note, ...tail];
}

/** Block Kit for a card, within `limit` blocks (50 in a message, 100 in a modal). */
export function cardToBlockKit(card: Card, limit: number = LIMITS.blocks): Block[] {
  const r = new Renderer();
  if (card.header?.trim()) r.blocks.push({ type: 'header', text: plainText(card.header, LIMITS.header) });
  for (const el of card.elements) r.element(el);
  applyTone(r.blocks, card.tone);
  return fit(r.blocks, limit);
}

/** The notification text of a message (also what screen readers and old clients show), escaped. */
export function cardToFallbackText(card: Card): string {
  const text = cardToText(card).trim() || (card.header ?? ' ');
  return sentenceToMrkdwn(cut(text, LIMITS.fallbackText));
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function cardToMessage(card: Card): SlackMessage {
  return { text: cardToFallbackText(card), blocks: cardToBlockKit(card) };
}
