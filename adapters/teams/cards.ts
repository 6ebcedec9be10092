// Renders a neutral Card (and a Form) as an Adaptive Card 1.5 for Teams. Pure: same card, same JSON.
// User text is only ever a TextRun in a RichTextBlock, which Teams never reads as markdown, so
// `[x](https://e)`, `**bold**` and `<at>Name</at>` typed by a user show literally.
// @see https://adaptivecards.io/explorer/ (schema 1.5) and
// https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference#adaptive-card
import {
  pageCount,
  pagerButtons,
  spans,
  type Button,
  type Card,
  type CardElement,
  type FieldErrors,
  type Form,
  type Input,
  type Rich,
  type Select,
} from '../../src/cards/card.js';
import { cardToText } from '../../src/cards/text.js';
import { PAYLOAD_KEY, type Payload, type SelectBinding } from './payload.js';

/** Teams renders Adaptive Cards up to 1.5. */
export const CARD_VERSION = '1.5';
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Bot messages are capped at about 100 KB counted as UTF-16; Microsoft recommends staying under 80 KB. */
export const MAX_CARD_BYTES = 80 * 1024;

export type AdaptiveElement = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  fallbackText: string;
  body: AdaptiveElement[];
  actions?: AdaptiveElement[];
}

const SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Longest fallback (notification) text kept; the card itself carries the whole message. */
const FALLBACK_CHARS = 500;

function payload(p: Payload): Record<string, unknown> {
  return { [PAYLOAD_KEY]: p };
}

/** Text runs for user-safe text. A link is followed only when it is the bot's own http(s) URL. */
export function textRuns(value: Rich, extra: Record<string, unknown> = {}): AdaptiveElement[] {
  return spans(value)
    .filter((s) => s.text.length > 0)
    .map((s) => {
      const run: AdaptiveElement = { type: 'TextRun', text: s.text, ...extra };
      if (s.bold) run.weight = 'Bolder';
      if (s.italic) run.italic = true;
      if (s.code) run.fontType = 'Monospace';
      if (s.link && /^https?:\/\//i.test(s.link)) run.selectAction = { type: 'Action.OpenUrl', url: s.link };
      return run;
    });
}

function richBlock(inlines: AdaptiveElement[]): AdaptiveElement | undefined {
  return inlines.length > 0 ? { type: 'RichTextBlock', inlines } : undefined;
}

function buttonAction(button: Button): AdaptiveElement {
  const action: AdaptiveElement = {
    type: 'Action.Submit',
    title: button.label,
    data: payload(button.value === undefined ? { k: 'a', a: button.actionId } : { k: 'a', a: button.actionId, v: button.value }),
  };
  if (button.style) action.style = button.style === 'primary' ? 'positive' : 'destructive';
  return action;
}

function choices(options: { label: string; value: string }[] | undefined): AdaptiveElement[] {
  return (options ?? []).map((o) => ({ title: o.label, value: o.value }));
}

/** An input of a form or a card: labelled, and when required with the message Teams shows if it is empty. */
export function inputElement(input: Input, value?: string | string[]): AdaptiveElement {
  const current = value ?? input.initial;
  const shown = Array.isArray(current) ? current.join(',') : current;
  const element: AdaptiveElement =
    input.kind === 'select' || input.kind === 'multiselect'
      ? {
          type: 'Input.ChoiceSet',
          id: input.id,
          label: input.label,
          style: 'compact',
          choices: choices(input.options),
          ...(input.kind === 'multiselect' ? { isMultiSelect: true } : {}),
        }
      : {
          type: 'Input.Text',
          id: input.id,
          label: input.label,
          ...(input.kind === 'multiline' ? { isMultiline: true } : {}),
          ...(input.maxLength ? { maxLength: input.maxLength } : {}),
        };
  if (input.placeholder) element.placeholder = input.placeholder;
  if (shown) element.value = shown;
  if (input.required) {
    element.isRequired = true;
    element.errorMessage = `${input.label} is required.`;
  }
  return element;
}

class Renderer {
  readonly body: AdaptiveElement[] = [];
  readonly selects: SelectBinding[] = [];
  private separate = false;

  push(element: AdaptiveElement | undefined): void {
    if (!element) return;
    if (this.separate) {
      element.separator = true;
      element.spacing = 'Medium';
      this.separate = false;
    }
    this.body.push(element);
  }

  divider(): void {
    // Adaptive Cards have no divider element: the next element draws a separator line above itself.
    if (this.body.length > 0) this.separate = true;
  }

  select(select: Select): void {
    const id = `${PAYLOAD_KEY}_sel_${this.selects.length}`;
    const binding: SelectBinding = { i: id, a: select.actionId };
    if (select.context !== undefined) binding.c = select.context;
    if (select.initial !== undefined) binding.v = select.initial;
    this.selects.push(binding);
    const element: AdaptiveElement = {
      type: 'Input.ChoiceSet',
      id,
      style: 'compact',
      placeholder: select.placeholder,
      choices: choices(select.options),
    };
    if (select.initial !== undefined) element.value = select.initial;
    this.push(element);
  }

  controls(elements: (Button | Select)[]): void {
    const buttons: Button[] = [];
    for (const el of elements) {
      if (el.type === 'button') buttons.push(el);
      else this.select(el);
    }
    if (buttons.length > 0) this.push({ type: 'ActionSet', actions: buttons.map(buttonAction) });
  }

  element(el: CardElement): void {
    switch (el.type) {
      case 'section':
        this.push(richBlock(textRuns(el.text)));
        if (el.accessory) this.controls([el.accessory]);
        return;
      case 'fields':
        for (const field of el.fields) {
          this.push(richBlock([{ type: 'TextRun', text: `${field.label}: `, weight: 'Bolder' }, ...textRuns(field.value)]));
        }
        return;
      case 'actions':
        this.controls(el.elements);
        return;
      case 'input':
        this.push(inputElement(el.input));
        return;
      case 'context':
        this.push(richBlock(textRuns(el.text, { isSubtle: true, size: 'Small' })));
        return;
      case 'divider':
        this.divider();
        return;
      case 'list': {
        const { list } = el;
        if (list.items.length === 0) {
          this.push(richBlock([{ type: 'TextRun', text: list.empty ?? 'Nothing to show.', isSubtle: true }]));
          return;
        }
        const first = (list.page - 1) * list.pageSize;
        list.items.forEach((item, i) => {
          const detail = item.detail === undefined ? [] : [{ type: 'TextRun', text: ' — ' }, ...textRuns(item.detail, { isSubtle: true })];
          this.push(richBlock([{ type: 'TextRun', text: `${first + i + 1}. ` }, ...textRuns(item.title), ...detail]));
        });
        const pages = pageCount(list);
        if (pages > 1) {
          this.push(richBlock([{ type: 'TextRun', text: `Page ${list.page} of ${pages} (${list.total} in all)`, isSubtle: true, size: 'Small' }]));
          const buttons = pagerButtons(list);
          if (buttons.length > 0) this.push({ type: 'ActionSet', actions: buttons.map(buttonAction) });
        }
        return;
      }
    }
  }
}

function fallbackOf(text: string): string {
  return text.length > FALLBACK_CHARS ? `${text.slice(0, FALLBACK_CHARS - 1)}…` : text;
}

function header(text: string): AdaptiveElement | undefined {
  return richBlock(textRuns(text, { size: 'Large', weight: 'Bolder' }));
}

/** A refusal or an error reads as a warning / attention container; Teams tints its background. */
function withTone(body: AdaptiveElement[], tone: Card['tone']): AdaptiveElement[] {
  if (!tone || body.length === 0) return body;
  return [{ type: 'Container', style: tone === 'error' ? 'attention' : 'warning', items: body }];
}

export function cardToAdaptiveCard(card: Card): AdaptiveCard {
  const r = new Renderer();
  if (card.header) r.push(header(card.header));
  card.elements.forEach((el) => r.element(el));
  const result: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: CARD_VERSION,
    fallbackText: fallbackOf(cardToText(card)),
    body: withTone(r.body, card.tone),
  };
  // Teams cannot submit when a select changes, so one Save sends every select's value at once.
  if (r.selects.length > 0) {
    result.actions = [{ type: 'Action.Submit', title: 'Save', style: 'positive', data: payload({ k: 's', s: r.selects }) }];
  }
  return result;
}

export interface FormView {
  /** Field errors from the last submit, shown under their inputs. */
  errors?: FieldErrors;
  /** What the user submitted last, kept so nothing typed is lost when errors are shown. */
  values?: Record<string, string | string[] | undefined>;
}

/** A form as a card: labelled inputs, hints, server-side errors under their fields, one submit. */
export function formToAdaptiveCard(form: Form, view: FormView = {}): AdaptiveCard {
  const r = new Renderer();
  r.push(header(form.title));
  if (form.intro !== undefined) r.push(richBlock(textRuns(form.intro)));
  const errors = view.errors ?? {};
  const unplaced = Object.keys(errors).filter((id) => !form.inputs.some((i) => i.id === id));
  if (unplaced.length > 0) {
    r.push(richBlock(unplaced.flatMap((id) => textRuns(`${errors[id]} `, { color: 'Attention' }))));
  }
  for (const input of form.inputs) {
    r.push(inputElement(input, view.values?.[input.id]));
    if (input.hint) r.push(richBlock(textRuns(input.hint, { isSubtle: true, size: 'Small' })));
    const problem = errors[input.id];
    if (problem) r.push(richBlock(textRuns(problem, { color: 'Attention', weight: 'Bolder' })));
  }
  const submit: AdaptiveElement = { type: 'Action.Submit', title: form.submitLabel, style: 'positive', data: payload({ k: 'f', form }) };
  return {
    type: 'AdaptiveCard',
    $schema: SCHEMA,
    version: CARD_VERSION,
    fallbackText: fallbackOf(form.title),
    body: r.body,
    actions: [submit],
  };
}

/** Size as Teams counts it: UTF-16 code units, two bytes each. */
export function cardBytes(card: AdaptiveCard): number {
  return JSON.stringify(card).length * 2;
}

/** The message activity that carries a card; the fallback is what notifications show. */
export function cardMessage(content: AdaptiveCard): { type: 'message'; summary: string; attachments: { contentType: string; content: AdaptiveCard }[] } {
  return { type: 'message', summary: content.fallbackText, attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }] };
}

/**
 * The card to send: rendered, and when it would pass Teams' size limit (a huge free-text answer),
 * its plain text cut to fit instead, saying so — a refused post would lose the whole message.
 */
export function renderForTeams(card: Card): AdaptiveCard {
  const rendered = cardToAdaptiveCard(card);
  if (cardBytes(rendered) <= MAX_CARD_BYTES) return rendered;
  const text = cardToText(card);
  // JSON escaping can double a character's size; half the budget for the text is always safe.
  const room = Math.floor(MAX_CARD_BYTES / 2 / 2) - 200;
  const cut: Card = {
    elements: [
      { type: 'section', text: `${text.slice(0, room)}…` },
      { type: 'context', text: 'This message was too long for Teams and has been shortened.' },
    ],
  };
  if (card.tone) cut.tone = card.tone;
  return cardToAdaptiveCard(cut);
}
