// The buttons of the summit cards — Confirm / Cancel a draft, Move / Cancel / Keep, the RSVP buttons,
// Record attendance — and the renderer that redraws a posted event card from SQLite.
import type { ActionContext } from '../commands/context.js';
import type { MemberActor } from '../auth/actor.js';
import { message } from '../cards/card.js';
import type { Registry } from '../commands/registry.js';
import type { Services } from '../services.js';
import { linksOf } from './audience.js';
import { eventCard, SUMMIT_ATTENDANCE, SUMMIT_CANCEL, SUMMIT_CONFIRM, SUMMIT_DISCARD, SUMMIT_KEEP, SUMMIT_MOVE, SUMMIT_RSVP } from './cards.js';
import { EVENT_RENDERER, eventIdOf, getEvent, rsvpCounts } from './store.js';
import { answerRsvp } from './use-cases/answer.js';
import { openAttendanceForm } from './use-cases/attendance.js';
import { applyCancel } from './use-cases/cancel.js';
import { confirmEvent, discardEvent } from './use-cases/confirm.js';
import { applyMove, keepEvent } from './use-cases/move.js';

function renderEvent(services: Services, subject: string) {
  const id = eventIdOf(subject);
  const event = id === undefined ? undefined : getEvent(services.db, id);
  if (!event || event.status === 'draft' || event.status === 'discarded') return undefined;
  return eventCard(services.config.name, event, rsvpCounts(services.db, event.id), event.status === 'cancelled' ? {} : linksOf(services, event), services.clock());
}

async function recordAttendance(ctx: ActionContext<MemberActor>): Promise<void> {
  const id = Number(ctx.action.value);
  if (!Number.isInteger(id) || id < 1) return ctx.respond.replyPrivately(message('That button has expired. Use `summit attendance <id>`.'));
  await openAttendanceForm(ctx, id);
}

export function registerSummitActions(registry: Registry): void {
  registry.action({ actionId: SUMMIT_CONFIRM, permission: 'coordinator', handler: confirmEvent });
  registry.action({ actionId: SUMMIT_DISCARD, permission: 'coordinator', handler: discardEvent });
  registry.action({ actionId: SUMMIT_MOVE, permission: 'coordinator', handler: applyMove });
  registry.action({ actionId: SUMMIT_CANCEL, permission: 'coordinator', handler: applyCancel });
  registry.action({ actionId: SUMMIT_KEEP, permission: 'coordinator', handler: keepEvent });
  registry.action({ actionId: SUMMIT_RSVP, permission: 'member', handler: answerRsvp });
  registry.action({ actionId: SUMMIT_ATTENDANCE, permission: 'coordinator', handler: recordAttendance });
  registry.renderer(EVENT_RENDERER, renderEvent);
}
