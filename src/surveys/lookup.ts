// Finding the survey a command names: `12` or `#12`; for `survey send` and `survey export-definition`
// also a template's key (`pulse`), which makes a new draft from it. Every miss says what to type.
import type { MemberActor } from '../auth/actor.js';
import { message } from '../cards/card.js';
import type { Caller } from '../commands/context.js';
import { formatIdentity } from '../core/identity.js';
import { createDraft, getSurvey, type ActedBy, type SurveyRow } from './store.js';
import { templateOf, TEMPLATES } from './templates.js';

export const SURVEY_ARG = { name: 'survey', kind: 'word' } as const;

export const byOf = (actor: MemberActor): ActedBy => ({ memberId: actor.member.id, identity: formatIdentity(actor.identity) });

export const TEMPLATE_WORDS = TEMPLATES.map((t) => `\`${t.key}\``).join(', ');

function idOf(word: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(word.trim());
  return match ? Number(match[1]) : undefined;
}

/** The survey numbered `word`, or undefined after telling the caller there is none. */
export async function findSurvey(caller: Caller<MemberActor>, word: string): Promise<SurveyRow | undefined> {
  const id = idOf(word);
  const found = id === undefined ? undefined : getSurvey(caller.services.db, id);
  if (!found) {
    const what = id === undefined ? `\`${word.slice(0, 40)}\` is not a survey number` : `There is no survey #${id}`;
    await caller.respond.replyPrivately(message(`${what}. \`${caller.turn.prefix}survey list\` shows the surveys and their numbers.`));
  }
  return found;
}

/** A survey by number, or a new draft from the template `word` names. */
export async function surveyOrTemplate(caller: Caller<MemberActor>, word: string): Promise<SurveyRow | undefined> {
  const template = idOf(word) === undefined ? templateOf(word) : undefined;
  if (template) return createDraft(caller.services.db, template.definition, byOf(caller.actor), caller.services.clock(), template.key);
  if (idOf(word) === undefined) {
    await caller.respond.replyPrivately(message(`\`${word.slice(0, 40)}\` is neither a survey number nor a template (${TEMPLATE_WORDS}). \`${caller.turn.prefix}survey list\` shows both.`));
    return undefined;
  }
  return findSurvey(caller, word);
}
