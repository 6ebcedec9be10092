// `roster pending`: nominations and join requests waiting to be vetted, oldest first, each with Vet and
// Decline (the buttons the coordinators' notice carries, so either works), for the board and coordinators.
import { context, literal, message, text, type Card, type CardElement } from '../../cards/card.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatDate } from '../../core/dates.js';
import { describeMember, listMembers } from '../../members/listing.js';
import { atName } from '../../core/words.js';
import { ROSTER_DECLINE, ROSTER_VET } from '../membership/cards.js';

/** Requests shown with buttons in one answer: two blocks each keeps well inside Slack's 50. */
const SHOWN = 15;

async function handler(ctx: ContextFor<[], 'board'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const all = listMembers(services.db);
  const names = new Map(all.map((l) => [l.member.id, l.member.name]));
  const waiting = all
    .filter((l) => l.member.status === 'nominated')
    .sort((a, b) => (a.member.nominatedAt ?? a.member.createdAt).getTime() - (b.member.nominatedAt ?? b.member.createdAt).getTime());
  if (waiting.length === 0) {
    await respond.replyPrivately(message(`Nobody is waiting to be vetted. Members propose people with \`${turn.prefix}nominate\`; people outside ask with \`${turn.prefix}join\`.`));
    return;
  }
  const zone = services.config.timezone;
  const elements: CardElement[] = waiting.slice(0, SHOWN).flatMap(({ member: m, org }) => {
    const by = m.nominatedBy && m.nominatedBy !== m.id ? `nominated by ${names.get(m.nominatedBy) ?? 'a former member'}` : 'asked to join';
    const when = m.nominatedAt ?? m.createdAt;
    return [
      text(literal(`${describeMember(m, org)} · ${by} on ${formatDate(when, zone)}`)),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: ROSTER_VET, label: 'Vet', value: String(m.id), style: 'primary' },
          { type: 'button', actionId: ROSTER_DECLINE, label: 'Decline', value: String(m.id), style: 'danger' },
        ],
      } satisfies CardElement,
    ];
  });
  const more = waiting.length - SHOWN;
  const card: Card = {
    header: `Waiting to be vetted (${waiting.length})`,
    elements: [
      ...elements,
      context(
        more > 0
          ? `And ${more} more: vet them by name (\`${turn.prefix}vet ${atName(waiting[SHOWN]!.member.name)}\`), or run this again after answering these.`
          : 'Vet makes them an active member for 12 months; Decline removes the request, and they may ask again.',
      ),
    ],
    fallback: `${waiting.length} waiting to be vetted`,
  };
  await respond.replyPrivately(card);
}

export function registerRosterPending(registry: Registry): void {
  registry.command({
    name: 'roster pending',
    permission: 'board',
    usage: '',
    summary: 'Nominations and join requests waiting to be vetted, each with Vet and Decline.',
    details: `Oldest first, with who nominated each person (or that they asked to join) and when; the first ${SHOWN} with Vet and Decline buttons. Shown only to you.`,
    args: [],
    handler,
  });
}
