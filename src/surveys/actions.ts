// The survey cards' buttons and the answer form: members answer, change and open the form; coordinators
// press Send or Cancel on a preview, and Survey on the summits feature's day-after card.
import type { MemberActor } from '../auth/actor.js';
import { message } from '../cards/card.js';
import type { ActionContext, FormContext, FormResult } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { SURVEY_FROM_EVENT } from '../core/seams.js';
import { QUEUE_DOWN_NOTE } from '../delivery/outbox.js';
import { formatIdentity } from '../core/identity.js';
import { sentCard } from './preview.js';
import { ANSWER_FORM, decodeRef, decodeSend, SURVEY_ANSWER, SURVEY_CANCEL, SURVEY_CHANGE, SURVEY_CHOOSE, SURVEY_OPEN_FORM, SURVEY_SEND, type Ref } from './refs.js';
import { answerLane } from './lane.js';
import { cancelDraft } from './store.js';
import { changeAnswer, openAnswerForm, submitAnswers } from './use-cases/answer-survey.js';
import { draftFromEvent } from './use-cases/from-event.js';
import { sendSurvey } from './use-cases/send-survey.js';

const EXPIRED = message('That survey button is not one I can read (it may be from an older version). Open the survey from its latest card in your direct messages.');

/** The reference a button carries; a forged or broken one is answered, never thrown. */
async function refOf(ctx: ActionContext<MemberActor> | FormContext<MemberActor>, value: string | undefined): Promise<Ref | undefined> {
  const ref = decodeRef(value);
  if (!ref) await ctx.respond.replyPrivately(EXPIRED);
  return ref;
}

async function answer(ctx: ActionContext<MemberActor>): Promise<void> {
  const ref = await refOf(ctx, ctx.action.value);
  if (ref) await answerLane.run(() => submitAnswers(ctx, ref, ctx.action.values, 'card'));
}

async function choose(ctx: ActionContext<MemberActor>): Promise<void> {
  const ref = await refOf(ctx, ctx.action.value);
  if (!ref) return;
  if (ref.choice === undefined) return ctx.respond.replyPrivately(EXPIRED);
  await answerLane.run(() => submitAnswers(ctx, ref, { q1: String(ref.choice) }, 'card'));
}

async function openForm(ctx: ActionContext<MemberActor>): Promise<void> {
  const ref = await refOf(ctx, ctx.action.value);
  if (ref) await openAnswerForm(ctx, ref);
}

async function change(ctx: ActionContext<MemberActor>): Promise<void> {
  const ref = await refOf(ctx, ctx.action.value);
  if (ref) await changeAnswer(ctx, ref);
}

async function onAnswerForm(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const ref = await refOf(ctx, ctx.state);
  return ref ? submitAnswers(ctx, ref, ctx.values, 'form') : undefined;
}

async function send(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, respond } = ctx;
  const target = decodeSend(ctx.action.value);
  if (!target) return respond.replyPrivately(message('That Send button is not one I can read. Run `survey send <id>` again.'));
  const answer = respond.replace ?? respond.replyPrivately;
  const sent = await sendSurvey(services, target.survey, { memberId: actor.member.id, identity: formatIdentity(actor.identity) }, target.closesAt, (survey) => answer(sentCard(survey, services.config.timezone)));
  if (!sent.ok) return answer(message(sent.problem));
  if (!sent.queued) await respond.replyPrivately(message(QUEUE_DOWN_NOTE));
}

async function cancel(ctx: ActionContext<MemberActor>): Promise<void> {
  const id = Number(ctx.action.value);
  const cancelled = Number.isInteger(id) && cancelDraft(ctx.services.db, id);
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(message(cancelled ? `Survey #${id} cancelled; nothing was sent.` : `Survey #${id} was already sent or cancelled; nothing changed.`));
}

export function registerSurveyActions(registry: Registry): void {
  registry.action({ actionId: SURVEY_ANSWER, permission: 'member', handler: answer });
  registry.action({ actionId: SURVEY_CHOOSE, permission: 'member', handler: choose });
  registry.action({ actionId: SURVEY_OPEN_FORM, permission: 'member', handler: openForm });
  registry.action({ actionId: SURVEY_CHANGE, permission: 'member', handler: change });
  registry.form({ formId: ANSWER_FORM, permission: 'member', handler: onAnswerForm });
  registry.action({ actionId: SURVEY_SEND, permission: 'coordinator', handler: send });
  registry.action({ actionId: SURVEY_CANCEL, permission: 'coordinator', handler: cancel });
  registry.action({ actionId: SURVEY_FROM_EVENT, permission: 'coordinator', handler: draftFromEvent });
}
