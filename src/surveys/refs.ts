// What a survey card's buttons and forms carry back: the survey, a chosen option (one-question cards),
// and, on an anonymous survey already answered, the key to that answer. Action ids are shared by the
// cards that show them and the handlers that read them.
import { isAnswerKey } from './keys.js';

export const SURVEY_ANSWER = 'survey.answer';
export const SURVEY_CHOOSE = 'survey.choose';
export const SURVEY_OPEN_FORM = 'survey.open-form';
export const SURVEY_CHANGE = 'survey.change';
export const ANSWER_FORM = 'survey.answer-form';

export const SURVEY_SEND = 'survey.send';
export const SURVEY_CANCEL = 'survey.cancel';

export interface Ref {
  survey: number;
  choice?: number;
  key?: string;
}

export function encodeRef(ref: Ref): string {
  return `${ref.survey}${ref.choice === undefined ? '' : `~c${ref.choice}`}${ref.key ? `~k${ref.key}` : ''}`;
}

/** Undefined for anything this bot did not write (a forged or truncated value). */
export function decodeRef(value: string | undefined): Ref | undefined {
  const match = /^(\d{1,9})(?:~c(\d{1,2}))?(?:~k([A-Za-z0-9_-]+))?$/.exec(value ?? '');
  if (!match) return undefined;
  const ref: Ref = { survey: Number(match[1]) };
  if (match[2] !== undefined) ref.choice = Number(match[2]);
  if (match[3] !== undefined) {
    if (!isAnswerKey(match[3])) return undefined;
    ref.key = match[3];
  }
  return ref;
}

/** The Send button of a preview: the survey and, when `closes <when>` named one, its close. */
export function encodeSend(survey: number, closesAt?: Date): string {
  return closesAt ? `${survey}@${closesAt.getTime()}` : String(survey);
}

export function decodeSend(value: string | undefined): { survey: number; closesAt?: Date } | undefined {
  const match = /^(\d{1,9})(?:@(\d{10,15}))?$/.exec(value ?? '');
  if (!match) return undefined;
  return match[2] ? { survey: Number(match[1]), closesAt: new Date(Number(match[2])) } : { survey: Number(match[1]) };
}
