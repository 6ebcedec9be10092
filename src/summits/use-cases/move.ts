// `summit move <id> <when>`: the new date read back in words with Move / Keep; on Move, in one
// transaction the event moves (SEQUENCE+1, audited), its reminders move with it (those now past are
// cancelled, so none fires stale), the invites are re-sent, everyone who answered is told what changed
// and the posted cards are redrawn.
import { z } from 'zod';
import type { MemberActor } from '../../auth/actor.js';
import { bold, context, literal, message, text, type Card } from '../../cards/card.js';
import type { ActionContext, Caller } from '../../commands/context.js';
import { describeWhen, parseDuration } from '../../core/when.js';
import { QUEUE_DOWN_NOTE, queueRecorded } from '../../delivery/outbox.js';
import { redraw } from '../../delivery/redraw.js';
import { recordDeliveries } from '../../delivery/store.js';
import { armTimers } from '../../timers/arm.js';
import { inviteHolders, linksOf } from '../audience.js';
import { lengthOf, movedCard, SUMMIT_KEEP, SUMMIT_MOVE } from '../cards.js';
import { KIND_LABEL } from '../kinds.js';
import { parseMoment } from '../parse.js';
import { getEvent, invitesOf, moveEvent, redrawEventCards } from '../store.js';
import { oweInvites, planEventTimers } from '../timers.js';
import { actedBy } from './acted-by.js';
import { changeNotices } from './notices.js';
import { pileUpWarnings, reminderLines } from './propose.js';

const MoveValue = z.object({ e: z.number().int().positive(), s: z.number().int().min(0), t: z.number().int(), z: z.string().max(64), d: z.number().int().positive() });

export async function proposeMove(caller: Caller<MemberActor>, id: number, whenText: string): Promise<void> {
  const { services, respond } = caller;
  const say = (card: Card) => respond.replyPrivately(card);
  const event = getEvent(services.db, id);
  if (!event || event.status === 'draft' || event.status === 'discarded') return say(message(`There is no scheduled event #${id}. \`summit list\` shows them.`));
  if (event.status === 'cancelled') return say(message(`#${id} was cancelled; schedule a new one instead.`, 'refusal'));
  const now = services.clock();
  if (event.startsAt.getTime() <= now.getTime()) return say(message(`#${id} has already started; it cannot be moved.`, 'refusal'));
  const duration = parseDuration(whenText);
  if (duration.problem) return say(message(duration.problem, 'refusal'));
  // Read in the event's own zone unless the text names another.
  const when = parseMoment(duration.rest, { zone: event.zone, now });
  if (!when.ok) return say(message(when.problem, 'refusal'));
  const durationMs = duration.ms ?? event.durationMs;
  const value = JSON.stringify({ e: event.id, s: event.sequence, t: when.at.getTime(), z: when.zone, d: durationMs });
  const warnings = pileUpWarnings(services, { id: event.id, startsAt: when.at, title: event.title });
  await say({
    header: `Move ${KIND_LABEL[event.kind].toLowerCase()} #${event.id}?`,
    elements: [
      text([bold('Title: '), literal(event.title)]),
      text([bold('From: '), describeWhen(event.startsAt, event.zone), ` (${lengthOf(event.durationMs)})`]),
      text([bold('To: '), when.inWords, ` (${lengthOf(durationMs)})`]),
      context('Everyone who answered is told, the calendar invites are updated, and the reminders move with it.'),
      ...warnings.map((w) => text(`⚠️ ${w}`)),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: SUMMIT_MOVE, label: 'Move it', value, style: 'primary' },
          { type: 'button', actionId: SUMMIT_KEEP, label: 'Keep it as it is', value: String(event.id) },
        ],
      },
    ],
  });
}

export async function applyMove(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services } = ctx;
  const show = (card: Card) => (ctx.respond.replace ?? ctx.respond.replyPrivately)(card);
  let value: z.infer<typeof MoveValue>;
  try {
    value = MoveValue.parse(JSON.parse(ctx.action.value ?? ''));
  } catch {
    return show(message('That button has expired. Run `summit move` again.'));
  }
  const now = services.clock();
  if (value.t <= now.getTime()) return show(message('That time has passed since you asked; nothing was moved. Run `summit move` again.', 'refusal'));
  const done = services.db.transaction((tx) => {
    const moved = moveEvent(tx, value.e, value.s, { startsAt: new Date(value.t), zone: value.z, durationMs: value.d }, actedBy(ctx.actor), now);
    if (!moved) return undefined;
    const { before, after } = moved;
    const links = linksOf(services, after);
    const notices = changeNotices(services, after, (zone) => movedCard(before, after, zone, links, true), movedCard(before, after, null, links, true));
    const batch = `summit-${after.id}-moved-${after.sequence}`;
    const holders = new Set([...inviteHolders(tx, after.id), ...invitesOf(tx, after.id).filter((i) => i.method === 'REQUEST').map((i) => i.memberId)]);
    return {
      after,
      batch,
      ids: recordDeliveries(tx, batch, notices, now),
      tickets: [...planEventTimers(tx, after, now), ...oweInvites(tx, after.id, holders, now)],
      redraw: redrawEventCards(tx, after.id, now),
    };
  });
  if (!done) return show(message(`#${value.e} changed since you asked (moved, cancelled or started); nothing was moved. Look at \`summit list\` and try again.`, 'refusal'));
  let queued = await armTimers(services, done.tickets);
  queued = (await redraw(services, done.redraw)) && queued;
  queued = (await queueRecorded(services, done.batch, done.ids)) && queued;
  const reminders = reminderLines(done.after.startsAt, done.after.zone, now);
  await show({
    elements: [
      text([bold(`#${done.after.id} moved: `), literal(done.after.title), `, now ${describeWhen(done.after.startsAt, done.after.zone)}.`]),
      text(`Everyone who answered and every conversation it was announced in is told (${done.ids.length} message${done.ids.length === 1 ? '' : 's'}); the calendar invites are updated.`),
      context(reminders.length ? `Reminders now: ${reminders.join('; ')}.` : 'It is too close now for any reminder.'),
      ...(queued ? [] : [context(QUEUE_DOWN_NOTE)]),
    ],
  });
}

export async function keepEvent(ctx: ActionContext<MemberActor>): Promise<void> {
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(message(`#${ctx.action.value ?? ''} stays as it is; nobody was told anything.`));
}
