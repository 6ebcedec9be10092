// A member's RSVP from any copy of the card, on any platform or linked account: one answer per member,
// changeable until the start. The posted cards' counts are redrawn; the calendar invite follows (to the
// member going, or to the alternate they send, who is told); a member no longer going gets it withdrawn.
import { z } from 'zod';
import type { MemberActor } from '../../auth/actor.js';
import { admit } from '../../auth/permissions.js';
import { literal, message, type Card, type Rich } from '../../cards/card.js';
import type { ActionContext } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { describeForReader } from '../../core/when.js';
import { dmItem, QUEUE_DOWN_NOTE, queueRecorded } from '../../delivery/outbox.js';
import { redraw } from '../../delivery/redraw.js';
import { recordDeliveries } from '../../delivery/store.js';
import { dmTargetOf } from '../../members/reach.js';
import { findMemberById } from '../../members/store.js';
import { armTimers } from '../../timers/arm.js';
import { linksOf } from '../audience.js';
import { alternateCard } from '../cards.js';
import { kindNoun } from '../kinds.js';
import { getEvent, redrawEventCards, setRsvp, type Answer } from '../store.js';
import { oweInvites } from '../timers.js';

const RsvpValue = z.string().regex(/^\d{1,9}:(going|not-going|alternate)$/);

export async function answerRsvp(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, respond } = ctx;
  const say = (text: Rich, tone?: Card['tone']) => respond.replyPrivately(message(text, tone));
  const parsed = RsvpValue.safeParse(ctx.action.value);
  if (!parsed.success) return say('That button has expired. Ask a coordinator for `summit list`.');
  const [idText, answerText] = parsed.data.split(':') as [string, Answer];
  const event = getEvent(services.db, Number(idText));
  const answer: Answer = answerText;
  if (!event || event.status === 'draft' || event.status === 'discarded') return say('That event no longer exists.');
  const title = literal(event.title);
  if (event.status === 'cancelled') return say([`The ${kindNoun(event.kind)} `, title, ' was cancelled; there is nothing to answer.']);
  const now = services.clock();
  if (now.getTime() >= event.startsAt.getTime()) return say([title, ' has started: answers closed at its start.'], 'refusal');
  if (event.kind === 'board-meeting' && !admit(actor, 'board')) {
    return say('This board meeting is for the executive board; you are not on it. A coordinator can tell you more.', 'refusal');
  }
  const member = actor.member;
  let alternateMemberId: number | null = null;
  let alternateName: string | null = null;
  if (answer === 'alternate') {
    const alternate = member.alternateMemberId ? findMemberById(services.db, member.alternateMemberId) : undefined;
    if (alternate && alternate.status === 'active') {
      alternateMemberId = alternate.id;
      alternateName = alternate.name;
    } else if (member.alternateName) {
      alternateName = member.alternateName;
    } else {
      return say(`You have no alternate on your profile. Choose one with \`${ctx.turn.prefix}profile\`, then press *Sending my alternate* again.`, 'refusal');
    }
  }

  const alternate = alternateMemberId ? findMemberById(services.db, alternateMemberId) : undefined;
  const alternateTarget = alternate ? dmTargetOf(services, alternate.id) : undefined;
  const tellBatch = `summit-${event.id}-alternate-${member.id}-${alternateMemberId}`;
  const changed = services.db.transaction((tx) => {
    const previous = setRsvp(tx, { eventId: event.id, memberId: member.id, answer, alternateMemberId, alternateName, identity: formatIdentity(actor.identity) }, now);
    const affected = [member.id, previous?.alternateMemberId, alternateMemberId].filter((m): m is number => typeof m === 'number');
    const told = alternate && alternateTarget ? recordDeliveries(tx, tellBatch, [dmItem(alternateTarget, alternateCard(event, member.name, alternate.timezone, linksOf(services, event)))], now) : [];
    return { redraw: redrawEventCards(tx, event.id, now), tickets: oweInvites(tx, event.id, affected, now), told };
  });
  let queued = await armTimers(services, changed.tickets);
  queued = (await redraw(services, changed.redraw)) && queued;
  if (changed.told.length) queued = (await queueRecorded(services, tellBatch, changed.told)) && queued;

  const when = describeForReader(event.startsAt, event.zone, member.timezone);
  const alt = literal(alternateName ?? '');
  const lines: Record<Answer, Rich> = {
    going: [`You're going to `, title, `, ${when}. Your calendar invite is on its way to your direct messages with PPP Bot.`],
    'not-going': [`Noted: you're not going to `, title, `, ${when}. You can change your answer until it starts.`],
    alternate: alternateMemberId
      ? ['Noted: ', alt, ' goes to ', title, ` in your place, ${when}. `, alternateTarget ? 'I have told them and sent them the calendar invite.' : 'I cannot message them on Slack or Teams: please tell them yourself.']
      : ['Noted: your alternate ', alt, ' goes to ', title, ` in your place, ${when}. They are not on the roster, so I cannot tell them: the calendar invite comes to you to pass on`, member.alternatePhone ? [' (their phone: ', literal(member.alternatePhone), ').'] : '.'].flat(),
  };
  await say(queued ? lines[answer] : [lines[answer], ` ${QUEUE_DOWN_NOTE}`].flat());
}
