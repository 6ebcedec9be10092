// The summits feature's day-after card offers coordinators a post-summit survey (SURVEY_FROM_EVENT, the
// event id as value): a draft from the post-summit template for that event's attendees, previewed with Send.
import type { MemberActor } from '../../auth/actor.js';
import { message } from '../../cards/card.js';
import type { ActionContext } from '../../commands/context.js';
import { formatIdentity } from '../../core/identity.js';
import { eventSummary } from '../../summits/attendance.js';
import { createDraft } from '../store.js';
import { templateOf } from '../templates.js';
import { showPreview } from './preview-survey.js';

export async function draftFromEvent(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, respond } = ctx;
  const eventId = Number(ctx.action.value);
  if (!Number.isInteger(eventId) || eventId <= 0) return respond.replyPrivately(message('That button names no event I can read. `summit list` shows the events.'));
  const event = eventSummary(services.db, eventId);
  if (!event) return respond.replyPrivately(message(`There is no event #${eventId} any more. \`summit list\` shows the events.`));
  const template = templateOf('post-summit')!;
  const title = `How was “${event.title}”?`.slice(0, 120);
  const definition = { ...template.definition, title, audience: { kind: 'event' as const, eventId } };
  const draft = createDraft(services.db, definition, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, services.clock(), template.key);
  await showPreview(ctx, draft);
}
