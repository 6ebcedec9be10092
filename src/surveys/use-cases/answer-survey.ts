// Answering, for members in their direct messages: from the card itself (buttons, or up to three
// questions inline), or from the form (more questions; the console). Changing an answer, until the
// close. Each refusal says why: closed, not sent to you, already answered from another card.
import type { MemberActor } from '../../auth/actor.js';
import { message, type Card, type FieldErrors } from '../../cards/card.js';
import type { Caller } from '../../commands/context.js';
import { describeWhen } from '../../core/when.js';
import { anyGiven, checkAnswers } from '../answers.js';
import { answerForm, answeredCard, ballotCard, styleOf, type Reader } from '../ballot.js';
import { redrawBallots } from '../ballots.js';
import type { Ref } from '../refs.js';
import { answerFor, getSurvey, recordAnswer, type AnswerOutcome, type SurveyRow } from '../store.js';

type Answerer = Caller<MemberActor>;
type Raw = Record<string, string | string[] | undefined>;

export function readerOf(caller: Answerer): Reader {
  return { partnership: caller.services.config.name, zone: caller.services.config.timezone, readerZone: caller.actor.member.timezone };
}

const replace = (caller: Answerer, card: Card) => (caller.respond.replace ?? caller.respond.replyPrivately)(card);

function refusal(caller: Answerer, outcome: Extract<AnswerOutcome, { ok: false }>): Card {
  const s = outcome.survey;
  const zone = caller.services.config.timezone;
  switch (outcome.why) {
    case 'missing':
      return message('That survey no longer exists, so there is nothing to answer.', 'refusal');
    case 'closed': {
      const when = s?.closedAt ?? s?.closesAt;
      return message(`This survey closed${when ? ` on ${describeWhen(when, zone)}` : ''}, so answers are no longer taken. Its results went to the coordinators at the close.`, 'refusal');
    }
    case 'not-sent':
      return message('This survey was not sent to you (you were not in its audience when it went out), so an answer from you is not counted. A coordinator can tell you which surveys are open to you.', 'refusal');
    case 'answered':
      return message(
        'You have already answered this survey, and it counts once. To change your answer, press Change on the survey card in your direct messages with PPP Bot that says “Answered”: that card holds the only key to your anonymous answer.',
        'refusal',
      );
    case 'unknown-key':
      return message('The key on that card no longer opens an answer: the survey has closed, or the card is not yours. Nothing was changed.', 'refusal');
  }
}

/** The survey, if it is still open to answers; otherwise the member is told why not. */
async function openOne(caller: Answerer, ref: Ref): Promise<SurveyRow | undefined> {
  const s = getSurvey(caller.services.db, ref.survey);
  const now = caller.services.clock();
  if (!s || s.status === 'draft' || s.status === 'cancelled') {
    await caller.respond.replyPrivately(refusal(caller, { ok: false, why: 'missing' }));
    return undefined;
  }
  if (s.status !== 'open' || (s.closesAt && now.getTime() >= s.closesAt.getTime())) {
    await caller.respond.replyPrivately(refusal(caller, { ok: false, why: 'closed', survey: s }));
    return undefined;
  }
  return s;
}

/** Opens the form, with the member's answers so far when they are changing them. */
export async function openAnswerForm(caller: Answerer, ref: Ref): Promise<void> {
  const s = await openOne(caller, ref);
  if (!s) return;
  const current = answerFor(caller.services.db, s, { memberId: caller.actor.member.id, ...(ref.key ? { key: ref.key } : {}) });
  await caller.respond.openForm(answerForm(s, readerOf(caller), { ...(ref.key ? { key: ref.key } : {}), ...(current ? { current } : {}) }));
}

/** Change: the card again with the answers in it (or the form, for a longer survey). */
export async function changeAnswer(caller: Answerer, ref: Ref): Promise<void> {
  const s = await openOne(caller, ref);
  if (!s) return;
  if (styleOf(s.questions) === 'form') return openAnswerForm(caller, ref);
  const current = answerFor(caller.services.db, s, { memberId: caller.actor.member.id, ...(ref.key ? { key: ref.key } : {}) });
  await replace(caller, ballotCard(s, readerOf(caller), { ...(ref.key ? { key: ref.key } : {}), ...(current ? { current } : {}) }));
}

/**
 * Records answers given on the card (`via: 'card'`: the card is replaced by "Answered — Change") or in
 * the form (`via: 'form'`: the member's cards are redrawn; field errors go back to the form).
 */
export async function submitAnswers(caller: Answerer, ref: Ref, raw: Raw | undefined, via: 'card' | 'form'): Promise<FieldErrors | undefined> {
  const { services, actor, respond, turn } = caller;
  const s = await openOne(caller, ref);
  if (!s) return undefined;
  // A card's Submit with nothing filled in (always so on the console, whose cards have no inputs): the form.
  if (via === 'card' && styleOf(s.questions) !== 'buttons' && !anyGiven(raw)) {
    await openAnswerForm(caller, ref);
    return undefined;
  }
  const checked = checkAnswers(s.questions, raw ?? {});
  if (!checked.ok) {
    if (via === 'form') return checked.errors;
    await respond.replyPrivately(message(`Not saved yet: ${Object.values(checked.errors).join(' ')} Fill it in on the card and send again.`));
    return undefined;
  }
  const outcome = recordAnswer(services.db, s.id, actor.member.id, checked.values, ref.key, services.clock());
  if (!outcome.ok) {
    await respond.replyPrivately(refusal(caller, outcome));
    return undefined;
  }
  const card = answeredCard(s, readerOf(caller), outcome.key, outcome.changed);
  if (via === 'card') {
    await replace(caller, card);
    return undefined;
  }
  if (!(await redrawBallots(services, s.id, actor.member.id, card))) {
    // No card of theirs to redraw (or the platform refused): the answer card goes to them as a message.
    const say = turn.scope === 'personal' || turn.scope === 'console' ? respond.reply : respond.replyPrivately;
    await say(card);
  }
  return undefined;
}
