// The direct messages around an alert: the request to a second approver, "need help" to the sender and
// coordinators, and escalation — a second notice to a member, a word to their alternate, the sender's
// call list. A TLP:RED alert's title never goes to anyone it was not addressed to.
import { bold, context, literal, text, type Card, type CardElement, type Span } from '../cards/card.js';
import type { AlertAudience } from './audience.js';
import { alertBody, answerButtons, headline } from './cards.js';
import { TLP, type TlpLabel } from './tlp.js';
import { audienceElements, type CardOptions } from './preview-card.js';
import { durationOf, timeOf, type AlertView } from './view.js';

export const ALERT_APPROVE = 'alert.approve';
export const ALERT_DECLINE = 'alert.decline';

/** Which alert, as someone it was not addressed to may read it: a RED alert's title is withheld. */
function aboutAlert(view: AlertView, addressed: boolean): (string | Span)[] {
  const { alert } = view;
  if (TLP[alert.tlp as TlpLabel].namedOnly && !addressed) return [`${headline(alert)} (its content is for its named recipients only)`];
  return [`${headline(alert)}: `, literal(alert.title)];
}

export function approvalCard(view: AlertView, audience: AlertAudience, options: CardOptions): Card {
  const id = String(view.alert.id);
  return {
    header: `Approval needed — ${headline(view.alert)}`,
    elements: [
      text(['Two people must agree before a ', bold(`${view.alert.severity} alert`), ' goes out. ', literal(view.composer.name), ' asks you to approve this one:']),
      ...alertBody(view, options.zone, options.partnership),
      { type: 'divider' },
      ...audienceElements(view, audience),
      context('Approve and send sends it at once to everyone above; Decline tells the sender nothing was sent. The first answer counts.'),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ALERT_APPROVE, label: 'Approve and send', value: id, style: 'primary' },
          { type: 'button', actionId: ALERT_DECLINE, label: 'Decline', value: id, style: 'danger' },
        ],
      },
    ],
    fallback: `Approval needed for a ${view.alert.severity} alert from ${view.composer.name}`,
  };
}

export interface Person {
  name: string;
  organization: string | null;
  contact247: string | null;
}

function who(p: Person): (string | Span)[] {
  return [literal(p.name), ...(p.organization ? [' (', literal(p.organization), ')'] : [])];
}

/** "Need help" reaches the sender and the coordinators at once, with the member's 24/7 line. */
export function needHelpCard(view: AlertView, member: Person & { alternate?: string }, at: Date, zone: string, addressed: boolean): Card {
  const elements: CardElement[] = [
    text([...who(member), ' answered ', bold('Need help'), ` at ${timeOf(at, zone)} to `, ...aboutAlert(view, addressed)]),
    text([bold('24/7: '), member.contact247 ? literal(member.contact247) : 'no 24/7 line on file']),
  ];
  if (member.alternate) elements.push(text([bold('Alternate: '), literal(member.alternate)]));
  elements.push(context('Call them now. `alert status` shows everyone who answered.'));
  return { header: `NEED HELP — ${member.name}`.slice(0, 150), elements, fallback: `${member.name} needs help` };
}

/** The second direct message to a member who has not answered. */
export function reminderCard(view: AlertView, afterMs: number, options: CardOptions): Card {
  return {
    header: `Second notice — ${headline(view.alert)}`,
    elements: [
      text(`You have not answered this alert, sent ${durationOf(afterMs)} ago. Please answer now; your alternate is being told.`),
      ...alertBody(view, options.zone, options.partnership),
      { type: 'actions', elements: answerButtons(view.alert.id) },
    ],
    fallback: `Second notice: please answer the ${view.alert.severity} alert`,
  };
}

/** To a member's alternate (a member too): reach them. */
export function alternateCard(view: AlertView, member: Person, afterMs: number, addressed: boolean): Card {
  return {
    header: `Please reach ${member.name}`.slice(0, 150),
    elements: [
      text(['You are the alternate of ', ...who(member), `, who has not answered ${durationOf(afterMs)} after it was sent: `, ...aboutAlert(view, addressed)]),
      text([bold('Their 24/7 line: '), member.contact247 ? literal(member.contact247) : 'none on file']),
      context('Reach them, or act for their organization. The sender has been told you were asked.'),
    ],
  };
}

export interface Escalated {
  reminded: string[];
  alternatesTold: string[];
  /** Alternates on a contact card, and members nobody could message: the sender calls them. */
  calls: (Person & { forMember?: string })[];
}

/** The sender's summary when escalation fires, with everyone still to call. */
export function escalationCard(view: AlertView, afterMs: number, done: Escalated): Card {
  const elements: CardElement[] = [text(`Not answered ${durationOf(afterMs)} after sending: ${done.reminded.length + done.calls.length} to follow up.`)];
  if (done.reminded.length) elements.push(text([bold(`Reminded by direct message (${done.reminded.length}): `), literal(done.reminded.slice(0, 40).join(', ') + (done.reminded.length > 40 ? ` and ${done.reminded.length - 40} more` : ''))]));
  if (done.alternatesTold.length) elements.push(text([bold(`Alternates told (${done.alternatesTold.length}): `), literal(done.alternatesTold.slice(0, 40).join(', '))]));
  if (done.calls.length) {
    const lines: (string | Span)[] = [bold(`Call list (${done.calls.length}):`)];
    for (const c of done.calls.slice(0, 30)) {
      lines.push('\n• ', ...who(c), ': ', c.contact247 ? literal(c.contact247) : 'no phone on file');
      if (c.forMember) lines.push(' — alternate of ', literal(c.forMember));
    }
    if (done.calls.length > 30) lines.push(`\n…and ${done.calls.length - 30} more (\`alert status ${view.alert.id}\`).`);
    elements.push(text(lines));
  }
  elements.push(context(`Reminders stop as members answer, and when you send the ALL CLEAR (\`alert resolve ${view.alert.id}\`).`));
  return { header: `Escalated — ${headline(view.alert)}`, elements };
}

/** To the sender: a second person declined, or the request ran into a closed alert. */
export function declinedCard(view: AlertView, by: string): Card {
  return {
    header: `Declined — ${headline(view.alert)}`,
    elements: [text([literal(by), ' declined your alert: ', literal(view.alert.title)]), context('Nothing was sent. Compose it again with `alert` if it should still go out.')],
  };
}

