// The cards members see: an alert's copy (in a channel, redrawn as answers come in; by direct message),
// an update and the ALL CLEAR threaded under it. Titles and details are people's text: literal spans,
// which every renderer shows exactly as typed (escaped for mrkdwn, plain text runs on Teams).
import { bold, context, literal, text, type Button, type Card, type CardElement, type Span } from '../cards/card.js';
import type { Tally } from './answers.js';
import { ANSWER_LABEL, ANSWERS, SEVERITY_LABEL, type AlertRow, type Answer, type Severity } from './model.js';
import { tlpLine, tlpName, type TlpLabel } from './tlp.js';
import { timeOf, type AlertView } from './view.js';

/** The answer buttons' action; the value is `<alert id>:<answer>`. */
export const ALERT_ANSWER = 'alert.answer';

export function answerValue(alertId: number, answer: Answer): string {
  return `${alertId}:${answer}`;
}

export function parseAnswerValue(value: string | undefined): { alertId: number; answer: Answer } | undefined {
  const match = /^(\d{1,12}):([a-z-]+)$/.exec(value ?? '');
  if (!match) return undefined;
  const answer = match[2] as Answer;
  return ANSWERS.includes(answer) ? { alertId: Number(match[1]), answer } : undefined;
}

export function headline(a: Pick<AlertRow, 'id' | 'severity' | 'tlp'>): string {
  return `${SEVERITY_LABEL[a.severity as Severity]} alert #${a.id} · ${tlpName(a.tlp as TlpLabel)}`;
}

/** "acknowledged 14 of 41 · 3 safe · 2 need help" */
export function tallyLine(t: Tally): string {
  const parts = [`acknowledged ${t.answered} of ${t.total}`];
  if (t.safe) parts.push(`${t.safe} safe`);
  if (t.needHelp) parts.push(`${t.needHelp} need help`);
  return parts.join(' · ');
}

export function answerButtons(alertId: number): Button[] {
  return ANSWERS.map((answer) => ({
    type: 'button',
    actionId: ALERT_ANSWER,
    label: ANSWER_LABEL[answer],
    value: answerValue(alertId, answer),
    ...(answer === 'acknowledged' ? { style: 'primary' as const } : answer === 'need-help' ? { style: 'danger' as const } : {}),
  }));
}

/** Who sent it and how: approved by a second person, or sent by a coordinator who broke glass. */
function provenance(view: AlertView, zone: string, partnership: string): CardElement[] {
  const { alert, composer } = view;
  const from = [`From `, literal(composer.name), composer.organization ? [' (', literal(composer.organization), ')'] : [], ` · ${partnership}`].flat() as (string | Span)[];
  if (alert.sentAt) from.push(` · sent ${timeOf(alert.sentAt, zone)}`);
  if (view.approverName) from.push(' · approved by ', literal(view.approverName));
  const out: CardElement[] = [context(from)];
  if (alert.breakGlassReason) {
    out.push(context([bold('Sent without a second approval: '), literal(view.breakGlassName ?? 'a coordinator'), ' broke glass — “', literal(alert.breakGlassReason), '”']));
  }
  return out;
}

/** The title and details, the label with its sharing rule, and where it came from. */
export function alertBody(view: AlertView, zone: string, partnership: string): CardElement[] {
  const { alert } = view;
  const out: CardElement[] = [text({ text: alert.title, bold: true })];
  if (alert.details) out.push(text(literal(alert.details)));
  out.push(context(tlpLine(alert.tlp as TlpLabel)));
  out.push(...provenance(view, zone, partnership));
  return out;
}

/** The latest update and the ALL CLEAR, as the original copy shows them. */
function progress(view: AlertView, zone: string): CardElement[] {
  const out: CardElement[] = [];
  const latest = view.updates.at(-1);
  if (latest?.text) {
    out.push(text([bold(`Update ${timeOf(latest.at, zone)}: `), literal(latest.text)]));
    if (view.updates.length > 1) out.push(context(`${view.updates.length} updates so far, each in the thread below.`));
  }
  if (view.resolution) {
    const r = view.resolution;
    out.push(text([bold(`ALL CLEAR ${timeOf(r.at, zone)}`), ...(r.text ? [' — ', literal(r.text)] : []), ' (', literal(view.resolverName ?? r.authorName), ')']));
  }
  return out;
}

/**
 * An alert's copy. In a channel it carries the status line, redrawn as answers come in; by direct
 * message it asks for the member's own answer. Once resolved, answering is closed and the buttons go.
 */
export function copyCard(view: AlertView, options: { partnership: string; zone: string; where: 'channel' | 'dm' }): Card {
  const { alert } = view;
  const resolved = alert.status === 'resolved';
  const card: Card = {
    header: `${resolved ? 'RESOLVED — ' : ''}${headline(alert)}`,
    elements: [...alertBody(view, options.zone, options.partnership), ...progress(view, options.zone)],
    fallback: `${SEVERITY_LABEL[alert.severity as Severity]} alert (${tlpName(alert.tlp as TlpLabel)}): ${alert.title}`,
  };
  if (options.where === 'channel' && view.tally) card.elements.push(text([bold('Answers: '), tallyLine(view.tally)]));
  if (resolved) {
    card.elements.push(context('Answers are closed: the alert is resolved.'));
  } else {
    card.elements.push(context(options.where === 'dm' ? 'Please answer: you can change your answer until the ALL CLEAR.' : 'Members, please answer: each of you counts once, whichever account you answer from.'));
    card.elements.push({ type: 'actions', elements: answerButtons(alert.id) });
  }
  return card;
}

/** An update, posted in the thread of every copy (a new message where the platform has no threads). */
export function updateCard(view: AlertView, update: { text: string; at: Date; authorName: string; n: number }, zone: string): Card {
  const { alert } = view;
  return {
    header: `Update ${update.n} — ${headline(alert)}`,
    elements: [
      text([bold('Re: '), literal(alert.title)]),
      text(literal(update.text)),
      context(tlpLine(alert.tlp as TlpLabel)),
      context(['From ', literal(update.authorName), ` at ${timeOf(update.at, zone)}`]),
    ],
    fallback: `Update to ${tlpName(alert.tlp as TlpLabel)} alert: ${update.text}`,
  };
}

/** ALL CLEAR, posted like an update; answers close with it. */
export function allClearCard(view: AlertView, resolution: { text: string | null; at: Date; authorName: string }, zone: string): Card {
  const { alert } = view;
  const elements: CardElement[] = [text([bold('Re: '), literal(alert.title)])];
  if (resolution.text) elements.push(text(literal(resolution.text)));
  elements.push(context(tlpLine(alert.tlp as TlpLabel)));
  elements.push(context(['Resolved by ', literal(resolution.authorName), ` at ${timeOf(resolution.at, zone)}. Answers are closed; no further reminders will be sent.`]));
  return { header: `ALL CLEAR — ${headline(alert)}`, elements, fallback: `ALL CLEAR (${tlpName(alert.tlp as TlpLabel)}): ${alert.title}` };
}
