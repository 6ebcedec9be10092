// What a coordinator sees: the preview before sending (the questions, the audience per platform, the
// members who cannot be reached by direct message with their 24/7 lines, the close and reminders), the
// card once sent, and a survey's status while it is open (the response rate only).
import { bold, context, literal, text, type Card, type CardElement } from '../cards/card.js';
import { describeWhen } from '../core/when.js';
import type { Reach } from '../members/audience.js';
import { noteOf } from './ballot.js';
import { describeSpan, KIND_LABEL } from './definition.js';
import { reminderTimes } from './schedule.js';
import { encodeSend, SURVEY_CANCEL, SURVEY_SEND } from './refs.js';
import { responseRate } from './results.js';
import type { SurveyRow } from './store.js';

/** Unreachable members listed by name in a preview; the rest are counted. */
const UNREACHABLE_SHOWN = 25;

const REPEAT_WORDS = { none: 'does not repeat', monthly: 'repeats every month', quarterly: 'repeats every quarter' } as const;

function questionList(s: Pick<SurveyRow, 'questions'>): CardElement {
  return text(
    s.questions.flatMap((q, i) => [
      `${i ? '\n' : ''}${i + 1}. `,
      literal(q.text),
      ` — ${KIND_LABEL[q.kind]}${q.kind === 'single' || q.kind === 'multiple' ? `: ${q.choices.join(' / ')}` : q.kind === 'scale' ? ` (1 = ${q.low}, 5 = ${q.high})` : ''}${q.required ? '' : ' (optional)'}`,
    ]),
  );
}

function platformCounts(reach: Reach): string {
  const on = (p: string) => reach.reachable.filter((m) => m.target.startsWith(`${p}:`)).length;
  const parts = [`${on('slack')} on Slack`, `${on('teams')} on Teams`];
  if (on('console')) parts.push(`${on('console')} on the console`);
  return parts.join(', ');
}

export interface PreviewFacts {
  audience: string;
  reach: Reach;
  closesAt: Date;
  /** Whether `closes <when>` gave the close; otherwise it is counted from when Send is pressed. */
  explicitClose: boolean;
  resultsTo: string;
  zone: string;
  now: Date;
}

export function previewCard(s: SurveyRow, f: PreviewFacts): Card {
  const total = f.reach.reachable.length + f.reach.unreachable.length;
  const elements: CardElement[] = [];
  if (s.intro) elements.push(text(literal(s.intro)));
  elements.push(questionList(s), { type: 'divider' });
  elements.push(text([bold('Audience: '), `${f.audience} — ${total} member${total === 1 ? '' : 's'}; ${f.reach.reachable.length} by direct message (${platformCounts(f.reach)}).`]));
  if (f.reach.unreachable.length > 0) {
    const shown = f.reach.unreachable.slice(0, UNREACHABLE_SHOWN).flatMap((m) => [
      '\n• ',
      literal(m.name),
      ...(m.organization ? [' (', literal(m.organization), ')'] : []),
      ' — 24/7: ',
      m.contact247 ? literal(m.contact247) : 'none on file',
    ]);
    const more = f.reach.unreachable.length > UNREACHABLE_SHOWN ? [`\n…and ${f.reach.unreachable.length - UNREACHABLE_SHOWN} more.`] : [];
    elements.push(text([bold(`Cannot be reached by direct message (${f.reach.unreachable.length}), call them instead:`), ...shown, ...more]));
  }
  const reminders = reminderTimes(f.now, f.closesAt, s.reminders);
  elements.push(
    text([
      bold('Closes: '),
      `${describeWhen(f.closesAt, f.zone)}${f.explicitClose ? '' : ` (${describeSpan(s.closesAfterMs)} after you press Send)`}.\n`,
      bold('Reminders, to those who have not answered: '),
      reminders.length ? reminders.map((r) => describeWhen(r.at, f.zone)).join('; ') : 'none',
      '.\n',
      bold('Results go to: '),
      `${f.resultsTo}, at the close. It ${REPEAT_WORDS[s.repeat]}.`,
    ]),
    context(noteOf(s)),
  );
  const buttons: CardElement = {
    type: 'actions',
    elements: [
      ...(f.reach.reachable.length > 0 ? [{ type: 'button' as const, actionId: SURVEY_SEND, label: 'Send', value: encodeSend(s.id, f.explicitClose ? f.closesAt : undefined), style: 'primary' as const }] : []),
      { type: 'button', actionId: SURVEY_CANCEL, label: 'Cancel', value: String(s.id) },
    ],
  };
  elements.push(buttons);
  if (f.reach.reachable.length === 0) elements.push(context('Nobody in this audience can be reached by direct message, so there is nothing to send.'));
  return { header: `Preview: survey #${s.id} — ${s.title}`, elements, fallback: `Preview of survey #${s.id}` };
}

export function sentCard(s: SurveyRow, zone: string): Card {
  return {
    header: `Survey #${s.id} sent — ${s.title}`,
    elements: [
      text(`Sent by direct message to ${s.sentTo ?? 0} member${s.sentTo === 1 ? '' : 's'}; it closes ${s.closesAt ? describeWhen(s.closesAt, zone) : '—'}. Those who have not answered are reminded; the results reach you at the close.`),
      context(`\`survey results ${s.id}\` shows the response rate meanwhile; \`survey close ${s.id}\` closes it early.`),
    ],
  };
}

/** While open, only the response rate: a running tally of an anonymous survey would tell who said what. */
export function openStatusCard(s: SurveyRow, answered: number, sentTo: number, zone: string, delivery: string): Card {
  return {
    header: `Survey #${s.id}: ${s.title}`,
    elements: [
      text([bold('Response rate so far: '), `${responseRate(answered, sentTo)}. It closes ${s.closesAt ? describeWhen(s.closesAt, zone) : '—'}.`]),
      context(`Delivery: ${delivery}.`),
      context('The answers themselves are shown at the close, to coordinators and where the survey says: a running tally would let anyone watching it tell who said what.'),
    ],
  };
}
