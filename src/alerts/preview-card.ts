// The sender's private card: before anything goes out, the preview — where it goes per platform, who
// gets a direct message, and who cannot be reached, with their 24/7 lines as a call list — with Send and
// Cancel; afterwards the same message, redrawn as the live status of its delivery and answers.
import { bold, context, literal, text, type Button, type Card, type CardElement, type Span } from '../cards/card.js';
import type { AudienceMember } from '../members/audience.js';
import type { AlertAudience } from './audience.js';
import { alertBody, headline, tallyLine } from './cards.js';
import { describeConversation } from './conversations.js';
import { unnamed, type Copy, type CopyCounts } from './copies.js';
import { TLP, tlpName, type TlpLabel } from './tlp.js';
import type { AlertView } from './view.js';

export const ALERT_SEND = 'alert.send';
export const ALERT_CANCEL = 'alert.cancel';
/** Opens the break-glass form: a coordinator sends without a second approval, giving a reason. */
export const ALERT_BREAK_GLASS = 'alert.break-glass';

const MAX_NAMES = 40;
const MAX_CALLS = 30;

export interface CardOptions {
  partnership: string;
  zone: string;
}

function names(list: string[], max = MAX_NAMES): string {
  const shown = list.slice(0, max).join(', ');
  return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

function platformCount(targets: string[]): string {
  const on = (platform: string, where: string) => {
    const n = targets.filter((t) => t.startsWith(`${platform}:`)).length;
    return n > 0 ? [`${n} ${where}`] : [];
  };
  return [...on('slack', 'on Slack'), ...on('teams', 'on Teams'), ...on('console', 'in the console')].join(', ');
}

/** "Name (Organization): 24/7 line" for each member the sender must call instead. */
export function callList(people: readonly AudienceMember[], max = MAX_CALLS): (string | Span)[] {
  const lines: (string | Span)[] = [];
  for (const p of people.slice(0, max)) {
    lines.push('\n• ', literal(p.name));
    if (p.organization) lines.push(' (', literal(p.organization), ')');
    lines.push(': ', p.contact247 ? literal(p.contact247) : 'no 24/7 line on file');
  }
  if (people.length > max) lines.push(`\n…and ${people.length - max} more (\`alert status\` lists everyone).`);
  return lines;
}

/** Where the alert goes and to whom, per platform, as the preview and the approval request show it. */
export function audienceElements(view: AlertView, audience: AlertAudience): CardElement[] {
  const label = view.alert.tlp as TlpLabel;
  const out: CardElement[] = [];
  if (TLP[label].namedOnly) {
    out.push(text([bold('Conversations: '), `none — ${tlpName(label)} goes only by direct message to the members named.`]));
  } else {
    const byPlatform = (p: string) => audience.conversations.filter((c) => c.platform === p).map(describeConversation);
    const parts: string[] = [];
    for (const [platform, name] of [['slack', 'Slack'], ['teams', 'Teams'], ['console', 'Console']] as const) {
      const list = byPlatform(platform);
      if (list.length > 0) parts.push(`${name} (${list.length}): ${names(list)}`);
    }
    out.push(text([bold(`Conversations (${audience.conversations.length}): `), parts.length > 0 ? parts.join('; ') : `none — no vetted conversation may receive ${tlpName(label)}.`]));
    if (audience.leftOut > 0) {
      out.push(context(`${audience.leftOut} other vetted conversation${audience.leftOut === 1 ? ' is' : 's are'} left out: ${tlpName(label)} goes to ${TLP[label].conversations.join(' and ')} conversations only.`));
    }
  }
  const { reachable, unreachable } = audience.reach;
  if (audience.direct) {
    out.push(
      text([
        bold(`Direct messages (${reachable.length}): `),
        reachable.length > 0 ? `${platformCount(reachable.map((r) => r.target))} — ` : 'nobody can be reached by direct message.',
        ...(reachable.length > 0 ? [literal(names(reachable.map((r) => r.name)))] : []),
      ]),
    );
  } else {
    out.push(text([bold('Direct messages: '), 'none — info and advisory alerts go to conversations only.']));
  }
  if (unreachable.length > 0) {
    out.push(text([bold(`Cannot be reached on Slack or Teams — call them (${unreachable.length}):`), ...callList(unreachable)]));
  }
  return out;
}

export function audienceEmpty(audience: AlertAudience): boolean {
  return audience.conversations.length === 0 && (!audience.direct || audience.reach.reachable.length === 0);
}

/** The preview: nothing has gone out; Send (or, under the two-person rule, a request for approval). */
export function previewCard(
  view: AlertView,
  audience: AlertAudience,
  options: CardOptions & { needsApproval: boolean; canBreakGlass: boolean; approvers: number },
): Card {
  const { alert } = view;
  const id = String(alert.id);
  const buttons: Button[] = [];
  const elements: CardElement[] = [...alertBody(view, options.zone, options.partnership), { type: 'divider' }, ...audienceElements(view, audience)];
  if (audienceEmpty(audience)) {
    elements.push(context('Nobody would receive it, so it cannot be sent. Vet a conversation, or name members who can be reached.'));
  } else if (options.needsApproval) {
    elements.push(
      context(
        options.approvers > 0
          ? `A ${alert.severity} alert waits for a second board member or coordinator (ALERT_APPROVAL). Ask for approval sends this to ${options.approvers} of them.`
          : `A ${alert.severity} alert waits for a second board member or coordinator (ALERT_APPROVAL), and none can be reached by direct message.`,
      ),
    );
    if (options.approvers > 0) buttons.push({ type: 'button', actionId: ALERT_SEND, label: 'Ask for approval', value: id, style: 'primary' });
    if (options.canBreakGlass) buttons.push({ type: 'button', actionId: ALERT_BREAK_GLASS, label: 'Break glass: send now', value: id, style: 'danger' });
  } else {
    buttons.push({ type: 'button', actionId: ALERT_SEND, label: 'Send', value: id, style: 'primary' });
  }
  buttons.push({ type: 'button', actionId: ALERT_CANCEL, label: 'Cancel', value: id });
  elements.push({ type: 'actions', elements: buttons });
  return { header: `Preview — ${headline(alert)} — not sent yet`, elements };
}

export interface DeliverySummary {
  posts: CopyCounts;
  dms: CopyCounts;
  /** Conversation addresses and member identities by the names people know them by. */
  names: Map<string, string>;
}

function deliveryLine(what: string, counts: CopyCounts, nameOf: (c: Copy) => string): (string | Span)[] {
  const out: (string | Span)[] = [bold(`${what}: `), `delivered ${counts.sent} of ${counts.total}`];
  const { failed, unconfirmed } = counts;
  if (failed.length) out.push('; failed: ', literal(failed.slice(0, 10).map((c) => `${nameOf(c)} (${c.error ?? 'refused'})`).join('; ') + (failed.length > 10 ? '; and more' : '')));
  if (unconfirmed.length) out.push('; unconfirmed (may have arrived): ', literal(unconfirmed.slice(0, 10).map(nameOf).join(', ')));
  if (counts.pending) out.push(`; ${counts.pending} still on the way`);
  return out;
}

/** The preview redrawn once the alert has moved on: waiting for approval, sent (delivery and answers), closed. */
export function statusCard(view: AlertView, delivery: DeliverySummary | undefined, options: CardOptions & { canBreakGlass: boolean }): Card {
  const { alert } = view;
  const id = String(alert.id);
  const state: Record<string, string> = {
    'awaiting-approval': 'waiting for approval',
    sent: 'sent',
    resolved: 'resolved',
    cancelled: 'cancelled',
    declined: 'declined',
    draft: 'not sent yet',
  };
  const elements: CardElement[] = [...alertBody(view, options.zone, options.partnership), { type: 'divider' }];
  if (alert.status === 'awaiting-approval') {
    elements.push(text('Waiting for a second board member or coordinator to approve it: they have it by direct message. Nothing has been sent.'));
    const buttons: Button[] = [];
    if (options.canBreakGlass) buttons.push({ type: 'button', actionId: ALERT_BREAK_GLASS, label: 'Break glass: send now', value: id, style: 'danger' });
    buttons.push({ type: 'button', actionId: ALERT_CANCEL, label: 'Cancel', value: id });
    elements.push({ type: 'actions', elements: buttons });
  } else if (alert.status === 'cancelled') {
    elements.push(text('Cancelled: nothing was sent.'));
  } else if (alert.status === 'declined') {
    elements.push(text('Declined by a second board member or coordinator: nothing was sent.'));
  } else if (delivery) {
    const nameOf = (c: Copy) => delivery.names.get(c.target) ?? unnamed(c);
    if (delivery.posts.total > 0) elements.push(text(deliveryLine('Conversations', delivery.posts, nameOf)));
    if (delivery.dms.total > 0) elements.push(text(deliveryLine('Direct messages', delivery.dms, nameOf)));
    if (view.tally) elements.push(text([bold('Answers: '), tallyLine(view.tally)]));
    if (view.resolution) elements.push(text([bold('Resolved: '), 'ALL CLEAR sent; answers are closed.']));
    elements.push(context(`\`alert status ${alert.id}\` shows who answered what; \`alert update ${alert.id} <text>\` posts an update under every copy; \`alert resolve ${alert.id}\` sends the ALL CLEAR.`));
  }
  return { header: `${headline(alert)} — ${state[alert.status] ?? alert.status}`, elements };
}
