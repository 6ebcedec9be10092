// Confirm: the draft becomes a scheduled event. In one transaction — scheduled and audited, its
// reminders and follow-up set, the announcement recorded for every vetted conversation (a board
// meeting: each board member's DMs) — then queued. Cancel drops the draft; nothing was sent.
import type { MemberActor } from '../../auth/actor.js';
import { bold, context, message, text, type Card } from '../../cards/card.js';
import type { ActionContext } from '../../commands/context.js';
import { describeWhen } from '../../core/when.js';
import { dmItem, postItem, QUEUE_DOWN_NOTE, queueRecorded } from '../../delivery/outbox.js';
import { recordDeliveries } from '../../delivery/store.js';
import { reachOf } from '../../members/audience.js';
import { armTimers } from '../../timers/arm.js';
import { eventConversations, eventMembers, linksOf } from '../audience.js';
import { eventCard } from '../cards.js';
import { KIND_LABEL } from '../kinds.js';
import { announceBatch, discardDraft, getEvent, scheduleEvent } from '../store.js';
import { planEventTimers } from '../timers.js';
import { actedBy } from './acted-by.js';
import { reminderLines } from './propose.js';

const show = (ctx: ActionContext, card: Card) => (ctx.respond.replace ?? ctx.respond.replyPrivately)(card);

export async function confirmEvent(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services } = ctx;
  const id = Number(ctx.action.value);
  const draft = Number.isInteger(id) ? getEvent(services.db, id) : undefined;
  if (!draft || draft.status === 'discarded') return show(ctx, message('That draft was cancelled or no longer exists. Schedule it again.'));
  if (draft.status !== 'draft') return show(ctx, message(`${KIND_LABEL[draft.kind]} #${draft.id} is already ${draft.status}; nothing more was sent.`));
  const now = services.clock();
  if (draft.startsAt.getTime() <= now.getTime()) {
    return show(ctx, message(`${describeWhen(draft.startsAt, draft.zone)} has passed since you asked: nothing was announced. Schedule it again with a later date.`, 'refusal'));
  }
  const members = eventMembers(services, draft.kind);
  const scheduled = { ...draft, status: 'scheduled' as const };
  const card = eventCard(services.config.name, scheduled, { going: 0, notGoing: 0, alternate: 0 }, linksOf(services, draft), now);
  const reach = draft.kind === 'board-meeting' ? reachOf(services, members) : undefined;
  const items = reach ? reach.reachable.map((m) => dmItem(m.target, card)) : eventConversations(services, draft.kind).map((c) => postItem(c.address, card));
  const batch = announceBatch(draft.id);
  const recorded = services.db.transaction((tx) => {
    const event = scheduleEvent(tx, draft.id, actedBy(ctx.actor), members.length, now);
    if (!event) return undefined;
    return { event, tickets: planEventTimers(tx, event, now), ids: recordDeliveries(tx, batch, items, now) };
  });
  if (!recorded) return show(ctx, message(`${KIND_LABEL[draft.kind]} #${draft.id} was confirmed already; nothing more was sent.`));
  const armed = await armTimers(services, recorded.tickets);
  const queued = await queueRecorded(services, batch, recorded.ids);
  const { event } = recorded;
  const where = reach ? `${items.length} board member${items.length === 1 ? '' : 's'} by direct message` : `${items.length} vetted conversation${items.length === 1 ? '' : 's'}`;
  const elements = [
    text([bold(`${KIND_LABEL[event.kind]} #${event.id} scheduled: `), { text: event.title, literal: true }, `, ${describeWhen(event.startsAt, event.zone)}.`]),
    text(`Announced to ${where}. Members answer with the buttons on it; those going get a calendar invite.`),
  ];
  if (reach?.unreachable.length) elements.push(text(`Not reachable on Slack or Teams, so call them: ${reach.unreachable.map((m) => `${m.name}${m.contact247 ? ` (${m.contact247})` : ''}`).join(', ')}.`));
  const reminders = reminderLines(event.startsAt, event.zone, now);
  elements.push(context(reminders.length ? `Reminders: ${reminders.join('; ')}.` : 'It is too close for any reminder.'));
  elements.push(context(`Move it with \`summit move ${event.id} <when>\`, cancel it with \`summit cancel ${event.id} [reason]\`.`));
  if (!armed || !queued) elements.push(context(QUEUE_DOWN_NOTE));
  await show(ctx, { elements });
}

export async function discardEvent(ctx: ActionContext<MemberActor>): Promise<void> {
  const id = Number(ctx.action.value);
  const discarded = Number.isInteger(id) && discardDraft(ctx.services.db, id, ctx.services.clock());
  await show(ctx, message(discarded ? `Draft #${id} cancelled; nothing was announced.` : `#${id} was already confirmed or cancelled.`));
}
