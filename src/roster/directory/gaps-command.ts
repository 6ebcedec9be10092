// `roster gaps`: the resilience gaps of the roster (gaps.ts) for the board and coordinators, each with
// the members in it and what closes it — privately, names only.
import { bold, context, literal, message, text, type Card, type CardElement, type Span } from '../../cards/card.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatDate } from '../../core/dates.js';
import type { MemberRow } from '../../members/model.js';
import { findGaps, LAPSE_WINDOW_DAYS } from './gaps.js';

/** Names shown per gap; the rest are counted. */
const SHOWN = 25;

function gap(title: string, entries: string[], remedy: string): CardElement[] {
  if (entries.length === 0) return [];
  const names = entries.slice(0, SHOWN).join(', ') + (entries.length > SHOWN ? `, and ${entries.length - SHOWN} more` : '');
  const line: (string | Span)[] = [bold(`${title} (${entries.length}): `), literal(names)];
  return [text(line), context(remedy)];
}

async function handler(ctx: ContextFor<[], 'board'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const gaps = findGaps(services.db, services.clock());
  const zone = services.config.timezone;
  const name = (m: MemberRow) => m.name;
  const p = turn.prefix;
  const elements = [
    ...gap('No 24/7 line on file', gaps.noLine.map(name), `In a crisis nobody could ring them out of hours: ask them to add one with \`${p}profile\`.`),
    ...gap('No alternate on file', gaps.noAlternate.map(name), `Nobody stands in for them: ask them to name one with \`${p}profile\` (another member, or a contact card).`),
    ...gap('An alternate the bot cannot reach', gaps.unreachableAlternate.map((g) => `${g.member.name} (${g.why})`), `Ask them to choose another alternate with \`${p}profile\`, or link the alternate's account.`),
    ...gap(`Vetting lapses within ${LAPSE_WINDOW_DAYS} days`, gaps.lapsing.map((m) => `${m.name} on ${formatDate(m.vettingExpiresAt!, zone)}`), `\`${p}vet @"Name"\` renews it for 12 months; otherwise they are suspended when it lapses.`),
    ...gap('No Slack or Teams account, so the bot cannot message them', gaps.noAccount.map(name), `Alerts and reminders cannot reach them: add their account with \`${p}roster import\` (slack_id, teams_id) or ask them to \`${p}join\` from it.`),
  ];
  const card: Card =
    elements.length === 0
      ? message(`No gaps: every active member has a 24/7 line, an alternate the bot can reach and an account it can message, and no vetting lapses within ${LAPSE_WINDOW_DAYS} days.`)
      : { header: `Roster gaps — ${services.config.name}`, elements: [...elements, context('Shown only to you. Contact details are not shown here; `who <organization>` gives them.')], fallback: 'Roster gaps' };
  await respond.replyPrivately(card);
}

export function registerRosterGaps(registry: Registry): void {
  registry.command({
    name: 'roster gaps',
    permission: 'board',
    usage: '',
    summary: 'Where the roster would fail in a crisis: no 24/7 line, no alternate, an unreachable alternate, a lapsing vetting, no account.',
    details: `Lists active members with no 24/7 line, no alternate, an alternate the bot cannot reach (not active, or no Slack or Teams account), a vetting that lapses within ${LAPSE_WINDOW_DAYS} days, or no Slack or Teams account at all — each with what closes the gap. Names only, shown only to you.`,
    args: [],
    handler,
  });
}
