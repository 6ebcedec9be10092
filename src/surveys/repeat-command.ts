// `survey repeat <id> monthly|quarterly|off`: a repeating survey opens its next occurrence itself, at the
// same wall-clock time a month or a quarter after it opened (a timer restored from SQLite like every
// other); `off` stops the series at this survey.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { describeWhen } from '../core/when.js';
import { armTimers } from '../timers/arm.js';
import { cancelTimersOf, setTimer } from '../timers/store.js';
import { byOf, findSurvey, SURVEY_ARG } from './lookup.js';
import { nextKey, nextOccurrence, NEXT_TIMER } from './schedule.js';
import { setRepeat } from './store.js';

const ARGS = [SURVEY_ARG, { name: 'repeat', kind: 'word', choices: ['monthly', 'quarterly', 'off', 'none'] }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond } = ctx;
  const s = await findSurvey(ctx, ctx.args.survey);
  if (!s) return;
  const now = services.clock();
  const repeat = ctx.args.repeat === 'off' ? 'none' : ctx.args.repeat;
  const next = s.openedAt && repeat !== 'none' ? nextOccurrence(s.openedAt, repeat, services.config.timezone) : undefined;
  if (next && next.getTime() <= now.getTime()) {
    return respond.replyPrivately(message(`Survey #${s.id} opened too long ago for its next occurrence (${describeWhen(next, services.config.timezone)}) to still come. Send a new one instead.`));
  }
  const ticket = services.db.transaction((tx) => {
    if (!setRepeat(tx, s.id, repeat, byOf(ctx.actor), now)) return undefined;
    cancelTimersOf(tx, NEXT_TIMER, String(s.id), now);
    return next ? setTimer(tx, { key: nextKey(s.id), kind: NEXT_TIMER, subject: String(s.id), dueAt: next }, now) : undefined;
  });
  if (ticket) await armTimers(services, [ticket]);
  const said =
    repeat === 'none'
      ? `Survey #${s.id} does not repeat: no further occurrence will open from it.`
      : next
        ? `Survey #${s.id} repeats ${repeat}: its next occurrence opens ${describeWhen(next, services.config.timezone)}, to the same audience, and then every ${repeat === 'monthly' ? 'month' : 'quarter'}.`
        : `Survey #${s.id} will repeat ${repeat}, counted from when it is sent.`;
  await respond.replyPrivately(message(said));
}

export function registerSurveyRepeat(registry: Registry): void {
  registry.command({
    name: 'survey repeat',
    permission: 'coordinator',
    usage: '<id> monthly|quarterly|off',
    summary: 'Make a survey repeat every month or quarter (the pulse does), or stop it.',
    details: 'Each occurrence is a survey of its own, sent to the audience as it is then, open as long as the first, with its own reminders and results; coordinators are told each time one goes out.',
    args: ARGS,
    handler,
  });
}
