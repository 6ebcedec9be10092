// What a member sees: the survey card in their direct messages (buttons for one short question, the
// questions inline for up to three, an Answer button opening a form for more), the form, the card once
// answered ("Answered — Change"), and the words that state plainly what anonymity means here.
import { bold, context, literal, text, type Button, type Card, type CardElement, type Form } from '../cards/card.js';
import { describeForReader } from '../core/when.js';
import { inputsOf, optionsOf } from './answers.js';
import type { Question } from './definition.js';
import { ANSWER_FORM, encodeRef, SURVEY_ANSWER, SURVEY_CHANGE, SURVEY_CHOOSE, SURVEY_OPEN_FORM, type Ref } from './refs.js';
import type { AnswerValues, SurveyRow } from './store.js';

/** Exactly what an anonymous survey does, said on its card, its form and its preview. */
export const ANONYMOUS_NOTE =
  'Anonymous: your answers are stored with no name or member id. Who has answered is kept apart, only to remind those who have not, and deleted at the close. Results are shown only if at least 3 people answer, and a question’s written answers only if at least 3 people wrote one. So that you can change your answer, this card holds the only key to it; the key is erased at the close. The bot sees who is answering at the moment you send, and keeps no record of it.';

export const NAMED_NOTE = 'Named: coordinators see your name beside your answers.';

export const noteOf = (s: Pick<SurveyRow, 'anonymous'>) => (s.anonymous ? ANONYMOUS_NOTE : NAMED_NOTE);

/** Up to three questions fit in the card itself; one question of one choice is a row of buttons. */
export const INLINE_QUESTIONS = 3;

export type BallotStyle = 'buttons' | 'inline' | 'form';

export function styleOf(questions: readonly Question[]): BallotStyle {
  const only = questions[0];
  if (questions.length === 1 && only && (only.kind === 'single' || only.kind === 'scale')) return 'buttons';
  return questions.length <= INLINE_QUESTIONS ? 'inline' : 'form';
}

export interface Reader {
  partnership: string;
  zone: string;
  readerZone?: string | null;
}

// The close in words, per reader's zone: worked out once, since luxon's zone arithmetic is slow and a
// survey's cards and answers all say the same few sentences.
const described = new Map<string, string>();

function closing(s: SurveyRow, r: Reader): string {
  if (!s.closesAt) return 'when a coordinator closes it';
  const key = `${s.closesAt.getTime()}|${r.zone}|${r.readerZone ?? ''}`;
  let words = described.get(key);
  if (words === undefined) {
    if (described.size > 1000) described.clear();
    words = describeForReader(s.closesAt, r.zone, r.readerZone);
    described.set(key, words);
  }
  return words;
}

function head(s: SurveyRow, r: Reader, reminder: boolean): CardElement[] {
  const elements: CardElement[] = [];
  if (reminder) elements.push(text([bold('Reminder: '), 'you have not answered this survey yet.']));
  if (s.intro) elements.push(text(literal(s.intro)));
  const n = s.questions.length;
  elements.push(context(`${n} question${n === 1 ? '' : 's'} from ${r.partnership} · closes ${closing(s, r)}`));
  elements.push(context(noteOf(s)));
  return elements;
}

function buttonsOf(s: SurveyRow, ref: Ref): CardElement[] {
  const q = s.questions[0]!;
  const buttons: Button[] = optionsOf(q).map((o) => ({ type: 'button', actionId: SURVEY_CHOOSE, label: o.label, value: encodeRef({ ...ref, choice: Number(o.value) }) }));
  return [text(literal(q.text)), { type: 'actions', elements: buttons }];
}

/**
 * The card a member answers from. `key`: the key to their anonymous answer, when they are changing it;
 * `current`: their answers so far, shown in the inputs.
 */
export function ballotCard(s: SurveyRow, r: Reader, options: { reminder?: boolean; key?: string; current?: AnswerValues } = {}): Card {
  const ref: Ref = options.key ? { survey: s.id, key: options.key } : { survey: s.id };
  const elements = head(s, r, options.reminder ?? false);
  const style = styleOf(s.questions);
  if (style === 'buttons') {
    elements.push(...buttonsOf(s, ref));
  } else if (style === 'inline') {
    for (const input of inputsOf(s.questions, options.current)) elements.push({ type: 'input', input });
    elements.push({ type: 'actions', elements: [{ type: 'button', actionId: SURVEY_ANSWER, label: options.current ? 'Save my changes' : 'Send my answers', value: encodeRef(ref), style: 'primary' }] });
  } else {
    elements.push(text(s.questions.map((q, i) => `${i + 1}. ${q.text}`).join('\n')));
    elements.push({ type: 'actions', elements: [{ type: 'button', actionId: SURVEY_OPEN_FORM, label: options.current ? 'Change my answers' : 'Answer', value: encodeRef(ref), style: 'primary' }] });
  }
  return { header: `${options.reminder ? 'Reminder — ' : ''}Survey: ${s.title}`, elements, fallback: `${options.reminder ? 'Reminder: ' : ''}survey from ${r.partnership}: ${s.title}` };
}

/** The form for a survey of more questions (and for the console, where a card has no inputs to fill). */
export function answerForm(s: SurveyRow, r: Reader, options: { key?: string; current?: AnswerValues } = {}): Form {
  const ref: Ref = options.key ? { survey: s.id, key: options.key } : { survey: s.id };
  return {
    id: ANSWER_FORM,
    title: s.title,
    submitLabel: options.current ? 'Save my changes' : 'Send my answers',
    intro: `${s.intro ? `${s.intro}\n\n` : ''}${noteOf(s)} It closes ${closing(s, r)}.`,
    inputs: inputsOf(s.questions, options.current),
    state: encodeRef(ref),
  };
}

/** The card once answered: "Answered — Change", with the key to an anonymous answer in the button only. */
export function answeredCard(s: SurveyRow, r: Reader, key: string | undefined, changed: boolean): Card {
  const ref: Ref = key ? { survey: s.id, key } : { survey: s.id };
  return {
    header: `Survey: ${s.title}`,
    elements: [
      text([bold(changed ? 'Answered — your change is saved. ' : 'Answered — thank you. '), `You can change your answer until ${closing(s, r)}.`]),
      context(noteOf(s)),
      { type: 'actions', elements: [{ type: 'button', actionId: SURVEY_CHANGE, label: 'Change', value: encodeRef(ref) }] },
    ],
    fallback: `Answered: ${s.title}`,
  };
}
