// The day after an event, 09:00 in its zone: coordinators are asked to record who came, and — only when
// the surveys feature handles it — offered the post-summit feedback survey for the attendees. The
// posted cards are redrawn too, so their answer buttons go now that answers are closed.
import type { Button } from '../cards/card.js';
import type { Registry } from '../commands/registry.js';
import { redraw } from '../delivery/redraw.js';
import { SURVEY_FROM_EVENT } from '../core/seams.js';
import { notifyCoordinators } from '../members/reach.js';
import type { TimerContext } from '../services.js';
import { followUpCard } from './cards.js';
import { getEvent, redrawEventCards } from './store.js';
import { FOLLOW_UP_TIMER } from './timers.js';

async function followUp({ services, timer, now }: TimerContext): Promise<void> {
  const event = getEvent(services.db, Number(timer.subject));
  if (!event || event.status !== 'scheduled') return;
  await redraw(services, services.db.transaction((tx) => redrawEventCards(tx, event.id, now)));
  const survey: Button | undefined = services.registry.hasAction(SURVEY_FROM_EVENT)
    ? { type: 'button', actionId: SURVEY_FROM_EVENT, label: 'Send the feedback survey', value: String(event.id) }
    : undefined;
  await notifyCoordinators(services, `summit-${event.id}-follow-up-${event.sequence}`, followUpCard(event, survey));
}

export function registerFollowUp(registry: Registry): void {
  registry.timer({ kind: FOLLOW_UP_TIMER, handler: followUp });
}
