// The survey timers' handlers: the close (results out), a reminder (only to members who have not
// answered, never after the close) and a repeating survey's next occurrence. Each is idempotent: a
// rerun finds the survey closed, or its deliveries already recorded under the same keys.
import type { Registry, TimerContext } from '../commands/registry.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { notifyCoordinators } from '../members/reach.js';
import { findMemberById } from '../members/store.js';
import { message } from '../cards/card.js';
import { ballotCard } from './ballot.js';
import { CLOSE_TIMER, NEXT_TIMER, REMIND_TIMER, reminderLabel } from './schedule.js';
import { draftOccurrence, getSurvey, nonResponders } from './store.js';
import { closeAndReport } from './use-cases/close-survey.js';
import { sendSurvey } from './use-cases/send-survey.js';

const surveyOf = (ctx: TimerContext) => getSurvey(ctx.services.db, Number(ctx.timer.subject));

async function onClose(ctx: TimerContext): Promise<void> {
  const s = surveyOf(ctx);
  if (!s || s.status !== 'open') return;
  await closeAndReport(ctx.services, s.id, 'system');
}

async function onRemind(ctx: TimerContext): Promise<void> {
  const { services, now, timer } = ctx;
  const s = surveyOf(ctx);
  // None after the close, however late the timer comes.
  if (!s || s.status !== 'open' || !s.closesAt || now.getTime() >= s.closesAt.getTime()) return;
  const label = reminderLabel(timer.key) ?? String(timer.id);
  const reader = { partnership: services.config.name, zone: services.config.timezone };
  // Someone suspended or gone since it was sent could not answer any more: they are not reminded.
  const items = nonResponders(services.db, s.id).flatMap((r) => {
    const member = findMemberById(services.db, r.memberId);
    return member?.status === 'active' ? [dmItem(r.target, ballotCard(s, { ...reader, readerZone: member.timezone }, { reminder: true }))] : [];
  });
  // One batch per reminder: its delivery keys make a rerun (a crash, a restart) send nothing twice.
  await sendBatch(services, `survey-${s.id}-remind-${label}`, items);
}

async function onNext(ctx: TimerContext): Promise<void> {
  const { services, now } = ctx;
  const previous = surveyOf(ctx);
  if (!previous || previous.repeat === 'none' || !previous.openedAt || !previous.closesAt) return;
  const span = previous.closesAt.getTime() - previous.openedAt.getTime();
  const next = services.db.transaction((tx) => draftOccurrence(tx, previous, now));
  if (next.status !== 'draft') return;
  const sent = await sendSurvey(services, next.id, 'system', new Date(now.getTime() + span));
  const said = sent.ok
    ? `Survey #${next.id}, “${next.title}”, the next occurrence of #${previous.id}, was sent to ${sent.survey.sentTo} members. \`survey repeat ${next.id} off\` stops the series.`
    : `The next occurrence of survey #${previous.id} (“${previous.title}”) could not be sent: ${sent.problem}`;
  await notifyCoordinators(services, `survey-${next.id}-repeat`, message(said));
}

export function registerSurveyTimers(registry: Registry): void {
  registry.timer({ kind: CLOSE_TIMER, handler: onClose });
  registry.timer({ kind: REMIND_TIMER, handler: onRemind });
  registry.timer({ kind: NEXT_TIMER, handler: onNext });
}
