// Surveys in SQLite, the one writer of the survey tables. An anonymous answer is stored with no member
// id and found again only by the hash of a random key that lives in the member's own survey card;
// "who has answered" is a separate list, used for reminders and emptied at the close, when the keys'
// hashes are erased too. Nothing here, open or closed, leads from a person to an anonymous answer.
import { and, count, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { surveyAnswers, surveyRecipients, surveyResponders, surveys } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import type { Audience, Definition, Question, Repeat } from './definition.js';
import { hashAnswerKey, newAnswerKey, randomRowId } from './keys.js';
import { answerStatements, type AnswerStatements } from './statements.js';

type Reader = Db | Tx;

export type SurveyRow = Omit<typeof surveys.$inferSelect, 'questions' | 'audience' | 'repeat'> & {
  questions: Question[];
  audience: Audience;
  repeat: Repeat;
};

export interface ActedBy {
  memberId: number;
  identity: string;
}

/** Answers by question number (`"1"`…): a choice's index, several indexes, a scale point, or text. */
export type AnswerValues = Record<string, number | number[] | string>;

const row = (r: typeof surveys.$inferSelect): SurveyRow => r as SurveyRow;

export function definitionOf(s: SurveyRow): Definition {
  const d: Definition = {
    title: s.title,
    intro: s.intro,
    questions: s.questions,
    audience: s.audience,
    anonymous: s.anonymous,
    closesAfterMs: s.closesAfterMs,
    reminders: s.reminders,
    repeat: s.repeat,
  };
  if (s.resultsTo) d.resultsTo = s.resultsTo;
  return d;
}

export function createDraft(db: Reader, d: Definition, by: ActedBy, at: Date, template?: string): SurveyRow {
  const inserted = db
    .insert(surveys)
    .values({
      title: d.title,
      intro: d.intro,
      questions: d.questions,
      audience: d.audience as unknown as Record<string, unknown>,
      anonymous: d.anonymous,
      closesAfterMs: d.closesAfterMs,
      reminders: d.reminders,
      resultsTo: d.resultsTo ?? null,
      repeat: d.repeat,
      template: template ?? null,
      createdBy: by.memberId,
      createdAt: at,
    })
    .returning()
    .get();
  return row(inserted);
}

export function getSurvey(db: Reader, id: number): SurveyRow | undefined {
  const r = '$client' in db ? answerStatements(db).survey.get({ id }) : db.select().from(surveys).where(eq(surveys.id, id)).get();
  return r ? row(r) : undefined;
}

/** Every survey, newest first. */
export function listSurveys(db: Reader): SurveyRow[] {
  return db.select().from(surveys).orderBy(desc(surveys.id)).all().map(row);
}

/** Adds a question to a draft being written question by question (`survey new`). */
export function appendQuestion(db: Reader, id: number, question: Question): SurveyRow | undefined {
  const s = getSurvey(db, id);
  if (!s || s.status !== 'draft') return undefined;
  const updated = db.update(surveys).set({ questions: [...s.questions, question] }).where(and(eq(surveys.id, id), eq(surveys.status, 'draft'))).returning().get();
  return updated ? row(updated) : undefined;
}

export function cancelDraft(db: Reader, id: number): boolean {
  return db.update(surveys).set({ status: 'cancelled' }).where(and(eq(surveys.id, id), eq(surveys.status, 'draft'))).run().changes > 0;
}

export interface Recipient {
  memberId: number;
  target: string;
}

/**
 * draft → open exactly once, with its recipients, audited; undefined when it was already sent or
 * cancelled (a double click). Called inside the transaction that also records the deliveries.
 */
export function openSurvey(tx: Tx, id: number, by: ActedBy | 'system', recipients: readonly Recipient[], closesAt: Date, at: Date): SurveyRow | undefined {
  const opened = tx
    .update(surveys)
    .set({ status: 'open', openedAt: at, openedBy: by === 'system' ? null : by.memberId, closesAt, sentTo: recipients.length })
    .where(and(eq(surveys.id, id), eq(surveys.status, 'draft')))
    .returning()
    .get();
  if (!opened) return undefined;
  for (const r of recipients) tx.insert(surveyRecipients).values({ surveyId: id, memberId: r.memberId, target: r.target }).onConflictDoNothing().run();
  writeAudit(tx, {
    at,
    actor: by === 'system' ? 'system' : by.identity,
    actorMemberId: by === 'system' ? null : by.memberId,
    action: 'survey.send',
    subject: `survey-${id}`,
    details: { recipients: recipients.length, closesAt: closesAt.toISOString(), anonymous: opened.anonymous },
  });
  return row(opened);
}

export function recipientsOf(db: Reader, id: number): Recipient[] {
  return db.select({ memberId: surveyRecipients.memberId, target: surveyRecipients.target }).from(surveyRecipients).where(eq(surveyRecipients.surveyId, id)).all();
}

/** The surveys sent to a member, newest first. */
export function surveysSentTo(db: Reader, memberId: number): SurveyRow[] {
  return db
    .select({ survey: surveys })
    .from(surveyRecipients)
    .innerJoin(surveys, eq(surveys.id, surveyRecipients.surveyId))
    .where(eq(surveyRecipients.memberId, memberId))
    .orderBy(desc(surveys.id))
    .all()
    .map((r) => row(r.survey));
}

/** Whether the member has answered an open survey: for their own eyes only (`survey list`). */
export function hasAnswered(db: Reader, id: number, memberId: number): boolean {
  return !!db.select({ m: surveyResponders.memberId }).from(surveyResponders).where(and(eq(surveyResponders.surveyId, id), eq(surveyResponders.memberId, memberId))).get();
}

/** Recipients who have not answered: who a reminder goes to. */
export function nonResponders(db: Reader, id: number): Recipient[] {
  const answered = new Set(db.select({ m: surveyResponders.memberId }).from(surveyResponders).where(eq(surveyResponders.surveyId, id)).all().map((r) => r.m));
  return recipientsOf(db, id).filter((r) => !answered.has(r.memberId));
}

export function answerCount(db: Reader, id: number): number {
  return db.select({ n: count() }).from(surveyAnswers).where(eq(surveyAnswers.surveyId, id)).get()!.n;
}

export function recipientCount(db: Reader, id: number): number {
  return db.select({ n: count() }).from(surveyRecipients).where(eq(surveyRecipients.surveyId, id)).get()!.n;
}

/** Every answer, in the order of their random ids (which is no order at all); member ids only for a named survey. */
export function answersOf(db: Reader, id: number): { memberId: number | null; answers: AnswerValues }[] {
  return db
    .select({ memberId: surveyAnswers.memberId, answers: surveyAnswers.answers })
    .from(surveyAnswers)
    .where(eq(surveyAnswers.surveyId, id))
    .orderBy(surveyAnswers.id)
    .all()
    .map((r) => ({ memberId: r.memberId, answers: r.answers as AnswerValues }));
}

/** One answer, found by the member (named) or by the key their card carries (anonymous). */
export function answerFor(db: Reader, s: SurveyRow, who: { memberId: number; key?: string }): AnswerValues | undefined {
  const where = s.anonymous
    ? who.key
      ? and(eq(surveyAnswers.surveyId, s.id), eq(surveyAnswers.keyHash, hashAnswerKey(who.key)))
      : undefined
    : and(eq(surveyAnswers.surveyId, s.id), eq(surveyAnswers.memberId, who.memberId));
  if (!where) return undefined;
  return db.select({ answers: surveyAnswers.answers }).from(surveyAnswers).where(where).get()?.answers as AnswerValues | undefined;
}

export type AnswerOutcome =
  | { ok: true; changed: boolean; key?: string }
  | { ok: false; why: 'missing' | 'closed' | 'not-sent' | 'answered' | 'unknown-key'; survey?: SurveyRow };

/**
 * Records or changes one member's answers, in one transaction that also checks the survey is open
 * (so nothing lands after the close). Named: one row per member. Anonymous: the first answer adds the
 * member to "who has answered" and, apart from it, an answer row under a new random key's hash; the
 * key is returned once, for the member's card, and never stored. A change must bring that key.
 */
export function recordAnswer(db: Db, surveyId: number, memberId: number, values: AnswerValues, key: string | undefined, at: Date): AnswerOutcome {
  const q = answerStatements(db);
  const json = JSON.stringify(values);
  return db.$client.transaction((): AnswerOutcome => {
    const s = getSurvey(db, surveyId);
    if (!s) return { ok: false, why: 'missing' };
    if (s.status !== 'open' || !s.closesAt || at.getTime() >= s.closesAt.getTime()) return { ok: false, why: 'closed', survey: s };
    if (!q.sentTo.get(surveyId, memberId)) return { ok: false, why: 'not-sent', survey: s };

    if (!s.anonymous) {
      const existing = q.answerOfMember.get(surveyId, memberId);
      if (existing) q.updateById.run(json, existing.id);
      else insertAnswer(q, surveyId, memberId, null, json);
      q.markAnswered.run(surveyId, memberId);
      return { ok: true, changed: !!existing };
    }

    if (key) {
      const changed = q.updateByKey.run(json, surveyId, hashAnswerKey(key)).changes;
      return changed > 0 ? { ok: true, changed: true, key } : { ok: false, why: 'unknown-key', survey: s };
    }
    if (q.answered.get(surveyId, memberId)) return { ok: false, why: 'answered', survey: s };
    q.markAnswered.run(surveyId, memberId);
    const fresh = newAnswerKey();
    insertAnswer(q, surveyId, null, hashAnswerKey(fresh), json);
    return { ok: true, changed: false, key: fresh };
  })();
}

function insertAnswer(q: AnswerStatements, surveyId: number, memberId: number | null, keyHash: string | null, json: string): void {
  // A random 47-bit id clashes about never; if it does, draw again (a few times, never forever).
  for (let tries = 0; tries < 5; tries++) if (q.insertAnswer.run(randomRowId(), surveyId, memberId, keyHash, json).changes > 0) return;
  throw new Error(`could not store an answer to survey ${surveyId}`);
}

/**
 * open → closed once, audited: the list of who answered is deleted and every key's hash erased, so
 * from now on not even a member's own card leads to their anonymous answer. Undefined when it was
 * not open (closed already: a timer and a command at once).
 */
export function closeSurvey(tx: Tx, id: number, by: ActedBy | 'system', at: Date): SurveyRow | undefined {
  const answered = answerCount(tx, id);
  const sentTo = recipientCount(tx, id);
  const closed = tx
    .update(surveys)
    .set({ status: 'closed', closedAt: at, answered, sentTo })
    .where(and(eq(surveys.id, id), eq(surveys.status, 'open')))
    .returning()
    .get();
  if (!closed) return undefined;
  tx.delete(surveyResponders).where(eq(surveyResponders.surveyId, id)).run();
  tx.update(surveyAnswers).set({ keyHash: null }).where(eq(surveyAnswers.surveyId, id)).run();
  writeAudit(tx, {
    at,
    actor: by === 'system' ? 'system' : by.identity,
    actorMemberId: by === 'system' ? null : by.memberId,
    action: 'survey.close',
    subject: `survey-${id}`,
    details: { answered, sentTo },
  });
  return row(closed);
}

export function setRepeat(db: Reader, id: number, repeat: Repeat, by: ActedBy, at: Date): SurveyRow | undefined {
  return db.transaction((tx) => {
    const updated = tx.update(surveys).set({ repeat }).where(eq(surveys.id, id)).returning().get();
    if (!updated) return undefined;
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'survey.repeat', subject: `survey-${id}`, details: { repeat } });
    return row(updated);
  });
}

/** The next occurrence of a repeating survey: a draft copy, made once however often this is asked. */
export function draftOccurrence(tx: Tx, previous: SurveyRow, at: Date): SurveyRow {
  const existing = tx.select().from(surveys).where(eq(surveys.repeatOf, previous.id)).get();
  if (existing) return row(existing);
  const draft = createDraft(tx, definitionOf(previous), { memberId: previous.createdBy, identity: 'system' }, at, previous.template ?? undefined);
  tx.update(surveys).set({ repeatOf: previous.id }).where(eq(surveys.id, draft.id)).run();
  return { ...draft, repeatOf: previous.id };
}

/** Audits an export (who took the answers away, and how many). */
export function auditExport(db: Db, id: number, by: ActedBy, rows: number, at: Date): void {
  db.transaction((tx) => writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'survey.export', subject: `survey-${id}`, details: { rows } }));
}

