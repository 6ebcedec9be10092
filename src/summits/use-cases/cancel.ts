// `summit cancel <id> [reason]`: what would be cancelled, with Cancel it / Keep; on Cancel, in one
// transaction the event is cancelled (SEQUENCE+1, audited), its pending reminders and follow-up are
// cancelled so none fires, everyone who answered is told, the calendar copies are withdrawn
// (METHOD:CANCEL) and the posted cards are redrawn without their buttons.
import { z } from 'zod';
import type { MemberActor } from '../../auth/actor.js';
import { bold, context, literal, message, text, type Card } from '../../cards/card.js';
import type { ActionContext, Caller } from '../../commands/context.js';
import { describeWhen } from '../../core/when.js';
import { QUEUE_DOWN_NOTE, queueRecorded } from '../../delivery/outbox.js';
import { redraw } from '../../delivery/redraw.js';
import { recordDeliveries } from '../../delivery/store.js';
import { armTimers } from '../../timers/arm.js';
import { inviteHolders } from '../audience.js';
import { cancelledNotice, eventCard, SUMMIT_CANCEL, SUMMIT_KEEP } from '../cards.js';
import { KIND_LABEL } from '../kinds.js';
import { cancelEvent, getEvent, invitesOf, redrawEventCards, rsvpCounts } from '../store.js';
import { cancelEventTimers, oweInvites } from '../timers.js';
import { actedBy } from './acted-by.js';
import { changeNotices } from './notices.js';

export const MAX_REASON = 300;
const CancelValue = z.object({ e: z.number().int().positive(), r: z.string().max(MAX_REASON).nullable() });

export async function proposeCancel(caller: Caller<MemberActor>, id: number, reason: string | undefined): Promise<void> {
  const { services, respond } = caller;
  const say = (card: Card) => respond.replyPrivately(card);
  const event = getEvent(services.db, id);
  if (!event || event.status === 'draft' || event.status === 'discarded') return say(message(`There is no scheduled event #${id}. \`summit list\` shows them.`));
  if (event.status === 'cancelled') return say(message(`#${id} is already cancelled.`));
  if (event.startsAt.getTime() <= services.clock().getTime()) return say(message(`#${id} has already started; it cannot be cancelled.`, 'refusal'));
  const why = reason?.trim() ? reason.trim() : null;
  if (why && why.length > MAX_REASON) return say(message(`The reason is ${why.length} characters; keep it to ${MAX_REASON}.`, 'refusal'));
  const counts = rsvpCounts(services.db, id);
  const answered = counts.going + counts.notGoing + counts.alternate;
  await say({
    header: `Cancel ${KIND_LABEL[event.kind].toLowerCase()} #${event.id}?`,
    elements: [
      text([bold('Title: '), literal(event.title)]),
      text([bold('When: '), describeWhen(event.startsAt, event.zone)]),
      ...(why ? [text([bold('Reason: '), literal(why)])] : []),
      context(`The ${answered} member${answered === 1 ? '' : 's'} who answered and the conversations it was announced in are told; calendar copies are withdrawn; no reminder follows.`),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: SUMMIT_CANCEL, label: 'Cancel it', value: JSON.stringify({ e: event.id, r: why }), style: 'danger' },
          { type: 'button', actionId: SUMMIT_KEEP, label: 'Keep it', value: String(event.id) },
        ],
      },
    ],
  });
}

export async function applyCancel(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services } = ctx;
  const show = (card: Card) => (ctx.respond.replace ?? ctx.respond.replyPrivately)(card);
  let value: z.infer<typeof CancelValue>;
  try {
    value = CancelValue.parse(JSON.parse(ctx.action.value ?? ''));
  } catch {
    return show(message('That button has expired. Run `summit cancel` again.'));
  }
  const now = services.clock();
  const before = getEvent(services.db, value.e);
  if (before && before.startsAt.getTime() <= now.getTime()) return show(message(`#${value.e} has started; it was not cancelled.`, 'refusal'));
  const done = services.db.transaction((tx) => {
    const event = cancelEvent(tx, value.e, value.r, actedBy(ctx.actor), now);
    if (!event) return undefined;
    cancelEventTimers(tx, event.id, now);
    const posted = eventCard(services.config.name, event, rsvpCounts(tx, event.id), {}, now);
    const notices = changeNotices(services, event, (zone) => cancelledNotice(event, zone), posted);
    const batch = `summit-${event.id}-cancelled`;
    const holders = new Set([...inviteHolders(tx, event.id), ...invitesOf(tx, event.id).filter((i) => i.method === 'REQUEST').map((i) => i.memberId)]);
    return { event, batch, ids: recordDeliveries(tx, batch, notices, now), tickets: oweInvites(tx, event.id, holders, now), redraw: redrawEventCards(tx, event.id, now) };
  });
  if (!done) return show(message(`#${value.e} is not scheduled any more (already cancelled?); nothing was sent.`));
  let queued = await armTimers(services, done.tickets);
  queued = (await redraw(services, done.redraw)) && queued;
  queued = (await queueRecorded(services, done.batch, done.ids)) && queued;
  await show({
    elements: [
      text([bold(`#${done.event.id} cancelled: `), literal(done.event.title), '.']),
      text(`Everyone who answered and every conversation it was announced in is told (${done.ids.length} message${done.ids.length === 1 ? '' : 's'}); calendar copies are withdrawn; no reminder will fire.`),
      ...(queued ? [] : [context(QUEUE_DOWN_NOTE)]),
    ],
  });
}
