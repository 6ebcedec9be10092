// Checklist reviews in SQLite: opening one per conversation and template, the conversations and posted
// cards that show it, one mark (and note) per member per item, closing, sharing; changes audited. A
// change to what the posted cards show records their redraws in its own transaction and returns them.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { checklistConversations, checklistMarks, checklistMessages, checklistPrivateViews, checklistReviews, members, organizations } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { conversationOf, type Address } from '../core/address.js';
import { andRedraw, oweRedraws, type Redraw } from '../delivery/redraw.js';
import { MOVED_RENDERER, REVIEW_RENDERER, reviewSubject } from './subjects.js';
import type { Mark, TemplateKey } from './templates.js';

type Reader = Db | Tx;

export type ReviewRow = typeof checklistReviews.$inferSelect;
export interface Review extends ReviewRow {
  openerName: string;
  closerName: string | null;
}

export interface ActedBy {
  memberId: number;
  /** The identity that acted, for the audit log. */
  identity: string;
}

/** better-sqlite3 reports a unique-index clash by code; Drizzle wraps it in a query error. */
function isUniqueClash(err: unknown): boolean {
  const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code;
  return code(err) === 'SQLITE_CONSTRAINT_UNIQUE' || code((err as { cause?: unknown }).cause) === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function getReview(db: Reader, id: number): Review | undefined {
  const row = db.select().from(checklistReviews).where(eq(checklistReviews.id, id)).get();
  if (!row) return undefined;
  const name = (memberId: number | null) =>
    memberId === null ? null : (db.select({ name: members.name }).from(members).where(eq(members.id, memberId)).get()?.name ?? 'a former member');
  return { ...row, openerName: name(row.openedBy) ?? 'a former member', closerName: name(row.closedBy) };
}

/** Open reviews shown in a conversation, oldest first. */
export function openReviewsIn(db: Reader, conversation: Address): Review[] {
  return db
    .select({ id: checklistConversations.reviewId })
    .from(checklistConversations)
    .where(and(eq(checklistConversations.conversation, conversationOf(conversation)), eq(checklistConversations.active, true)))
    .orderBy(asc(checklistConversations.reviewId))
    .all()
    .map((r) => getReview(db, r.id)!)
    .filter((r) => r.status === 'open');
}

/** The most recent review (open or closed) that was ever shown in a conversation, of a template if given. */
export function latestReviewIn(db: Reader, conversation: Address, template?: TemplateKey): Review | undefined {
  const where = template
    ? and(eq(checklistConversations.conversation, conversationOf(conversation)), eq(checklistConversations.template, template))
    : eq(checklistConversations.conversation, conversationOf(conversation));
  const row = db.select({ id: checklistConversations.reviewId }).from(checklistConversations).where(where).orderBy(desc(checklistConversations.reviewId)).get();
  return row ? getReview(db, row.id) : undefined;
}

/** Every open review, of a template if given (the candidates for `checklist share`). */
export function openReviews(db: Reader, template?: TemplateKey): Review[] {
  const where = template ? and(eq(checklistReviews.status, 'open'), eq(checklistReviews.template, template)) : eq(checklistReviews.status, 'open');
  return db.select({ id: checklistReviews.id }).from(checklistReviews).where(where).orderBy(asc(checklistReviews.id)).all().map((r) => getReview(db, r.id)!);
}

/** Every review of a template, newest first (history). */
export function reviewsOf(db: Reader, template: TemplateKey): Review[] {
  return db
    .select({ id: checklistReviews.id })
    .from(checklistReviews)
    .where(eq(checklistReviews.template, template))
    .orderBy(desc(checklistReviews.openedAt), desc(checklistReviews.id))
    .all()
    .map((r) => getReview(db, r.id)!);
}

export type OpenResult = { ok: true; review: Review } | { ok: false; existing: Review };

/** Starts a review here unless one of this template is already open here (then that one is returned). */
export function openReview(db: Db, template: TemplateKey, conversation: Address, by: ActedBy, at: Date): OpenResult {
  const here = conversationOf(conversation);
  const existing = () => openReviewsIn(db, here).find((r) => r.template === template);
  const found = existing();
  if (found) return { ok: false, existing: found };
  try {
    const id = db.transaction((tx) => {
      const review = tx.insert(checklistReviews).values({ template, openedBy: by.memberId, openedAt: at, origin: here }).returning().get();
      tx.insert(checklistConversations).values({ reviewId: review.id, conversation: here, template, addedBy: by.memberId, addedAt: at }).run();
      return review.id;
    });
    return { ok: true, review: getReview(db, id)! };
  } catch (err) {
    // Someone else (another process) opened one here in the same instant: show theirs.
    const theirs = isUniqueClash(err) ? existing() : undefined;
    if (theirs) return { ok: false, existing: theirs };
    throw err;
  }
}

/** Undoes a review whose card could not be posted: nothing was marked on it yet. */
export function abandonReview(db: Db, id: number): void {
  db.transaction((tx) => {
    tx.delete(checklistMessages).where(eq(checklistMessages.reviewId, id)).run();
    tx.delete(checklistPrivateViews).where(eq(checklistPrivateViews.reviewId, id)).run();
    tx.delete(checklistConversations).where(eq(checklistConversations.reviewId, id)).run();
    tx.delete(checklistReviews).where(and(eq(checklistReviews.id, id), eq(checklistReviews.status, 'open'))).run();
  });
}

export type MessageRow = typeof checklistMessages.$inferSelect;

/** Every live card of the review drawn again from SQLite (a mark, a note, closing). */
function redrawCards(tx: Tx, reviewId: number, at: Date): Redraw {
  const live = liveMessages(tx, reviewId);
  return oweRedraws(tx, live.map((m) => ({ address: m.address, messageId: m.messageId, renderer: REVIEW_RENDERER, subject: reviewSubject(reviewId) })), at);
}

/**
 * Records a posted card. An older card of the review in the same conversation is superseded and
 * redrawn once as a pointer to the new one: only the newest card per conversation updates. With
 * `redrawAll` (the review may already have marks from other cards: posted again, shared) every live
 * card is redrawn too, which also catches a mark landing between drawing this card and recording it.
 */
export function recordMessage(db: Db, reviewId: number, address: Address, messageId: string, at: Date, options: { redrawAll: boolean }): Redraw {
  return db.transaction((tx) => {
    const here = conversationOf(address);
    const older = liveMessages(tx, reviewId).filter((m) => conversationOf(m.address) === here);
    if (older.length > 0) {
      tx.update(checklistMessages).set({ supersededAt: at }).where(inArray(checklistMessages.id, older.map((m) => m.id))).run();
    }
    tx.insert(checklistMessages).values({ reviewId, address, messageId, postedAt: at }).onConflictDoNothing().run();
    const retired = oweRedraws(tx, older.map((m) => ({ address: m.address, messageId: m.messageId, renderer: MOVED_RENDERER, subject: reviewSubject(reviewId) })), at);
    return options.redrawAll ? andRedraw(retired, redrawCards(tx, reviewId, at)) : retired;
  });
}

export function liveMessages(db: Reader, reviewId: number): MessageRow[] {
  return db
    .select()
    .from(checklistMessages)
    .where(and(eq(checklistMessages.reviewId, reviewId), isNull(checklistMessages.supersededAt)))
    .orderBy(asc(checklistMessages.id))
    .all();
}

/** The conversations a review is (or was) shown in, in the order it reached them. */
export function conversationsOf(db: Reader, reviewId: number): string[] {
  return db
    .select({ conversation: checklistConversations.conversation })
    .from(checklistConversations)
    .where(eq(checklistConversations.reviewId, reviewId))
    .orderBy(asc(checklistConversations.id))
    .all()
    .map((r) => r.conversation);
}

/** Records that the bot showed a member a review's controls privately, so they may answer from there. */
export function recordPrivateView(db: Db, reviewId: number, memberId: number, at: Date): void {
  db.insert(checklistPrivateViews).values({ reviewId, memberId, shownAt: at }).onConflictDoNothing().run();
}

export function shownPrivatelyTo(db: Reader, reviewId: number, memberId: number): boolean {
  return !!db
    .select({ id: checklistPrivateViews.id })
    .from(checklistPrivateViews)
    .where(and(eq(checklistPrivateViews.reviewId, reviewId), eq(checklistPrivateViews.memberId, memberId)))
    .get();
}

export type ChangeResult = { ok: true; redraw: Redraw } | { ok: false; review: Review | undefined };

/** Sets one member's marks on items of an open review; a closed (or missing) review refuses. */
export function setMarks(db: Db, reviewId: number, memberId: number, marks: { itemKey: string; mark: Mark }[], at: Date): ChangeResult {
  return db.transaction((tx) => {
    const review = getReview(tx, reviewId);
    if (!review || review.status !== 'open') return { ok: false, review } as const;
    for (const { itemKey, mark } of marks) {
      tx.insert(checklistMarks)
        .values({ reviewId, itemKey, memberId, mark, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({ target: [checklistMarks.reviewId, checklistMarks.itemKey, checklistMarks.memberId], set: { mark, updatedAt: at } })
        .run();
    }
    return { ok: true, redraw: redrawCards(tx, reviewId, at) } as const;
  });
}

/** Sets (or with an empty text, clears) one member's note on an item, or answer to a step. */
export function setNote(db: Db, reviewId: number, itemKey: string, memberId: number, note: string | null, at: Date): ChangeResult {
  return db.transaction((tx) => {
    const review = getReview(tx, reviewId);
    if (!review || review.status !== 'open') return { ok: false, review } as const;
    tx.insert(checklistMarks)
      .values({ reviewId, itemKey, memberId, note, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: [checklistMarks.reviewId, checklistMarks.itemKey, checklistMarks.memberId], set: { note, updatedAt: at } })
      .run();
    return { ok: true, redraw: redrawCards(tx, reviewId, at) } as const;
  });
}

export interface MarkEntry {
  itemKey: string;
  memberId: number;
  memberName: string;
  organization: string | null;
  mark: Mark | null;
  note: string | null;
  updatedAt: Date;
}

export function marksOf(db: Reader, reviewId: number): MarkEntry[] {
  return db
    .select({
      itemKey: checklistMarks.itemKey,
      memberId: checklistMarks.memberId,
      memberName: members.name,
      organization: organizations.name,
      mark: checklistMarks.mark,
      note: checklistMarks.note,
      updatedAt: checklistMarks.updatedAt,
    })
    .from(checklistMarks)
    .innerJoin(members, eq(members.id, checklistMarks.memberId))
    .leftJoin(organizations, eq(organizations.id, members.organizationId))
    .where(eq(checklistMarks.reviewId, reviewId))
    .orderBy(asc(checklistMarks.id))
    .all()
    .map((r) => ({ ...r, mark: r.mark as Mark | null }));
}

/** The member's own note or answer on an item, to pre-fill the form that edits it. */
export function noteOf(db: Reader, reviewId: number, itemKey: string, memberId: number): string | undefined {
  const row = db
    .select({ note: checklistMarks.note })
    .from(checklistMarks)
    .where(and(eq(checklistMarks.reviewId, reviewId), eq(checklistMarks.itemKey, itemKey), eq(checklistMarks.memberId, memberId)))
    .get();
  return row?.note ?? undefined;
}

/**
 * open → closed exactly once, audited; the review stops counting as open in every conversation and
 * its cards are redrawn closed. Undefined when it was already closed.
 */
export function closeReview(db: Db, id: number, by: ActedBy, at: Date): Redraw | undefined {
  return db.transaction((tx) => {
    const changed = tx
      .update(checklistReviews)
      .set({ status: 'closed', closedBy: by.memberId, closedAt: at })
      .where(and(eq(checklistReviews.id, id), eq(checklistReviews.status, 'open')))
      .run().changes;
    if (changed === 0) return undefined;
    tx.update(checklistConversations).set({ active: false }).where(eq(checklistConversations.reviewId, id)).run();
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'checklist.close', subject: `checklist-${id}` });
    return redrawCards(tx, id, at);
  });
}

export type ReopenResult = { ok: true; redraw: Redraw } | { ok: false; why: 'open' | 'busy'; other?: Review };

/**
 * closed → open again (a coordinator's `checklist reopen`), audited; every conversation it was shown in
 * shows it open again — unless one of them has another review of its template open by now.
 */
export function reopenReview(db: Db, id: number, by: ActedBy, at: Date): ReopenResult {
  return db.transaction((tx): ReopenResult => {
    const review = getReview(tx, id);
    if (!review || review.status !== 'closed') return { ok: false, why: 'open' };
    for (const conversation of conversationsOf(tx, id)) {
      const other = openReviewsIn(tx, conversation).find((r) => r.template === review.template);
      if (other) return { ok: false, why: 'busy', other };
    }
    tx.update(checklistReviews).set({ status: 'open', closedBy: null, closedAt: null }).where(eq(checklistReviews.id, id)).run();
    tx.update(checklistConversations).set({ active: true }).where(eq(checklistConversations.reviewId, id)).run();
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'checklist.reopen', subject: reviewSubject(id) });
    return { ok: true, redraw: redrawCards(tx, id, at) };
  });
}

export type ShareResult = { ok: true } | { ok: false; why: 'closed' | 'here' | 'busy'; other?: Review };

/** Shows an open review in another conversation too, with one shared tally; audited. */
export function shareReview(db: Db, id: number, conversation: Address, by: ActedBy, at: Date): ShareResult {
  const here = conversationOf(conversation);
  try {
    return db.transaction((tx): ShareResult => {
      const review = getReview(tx, id);
      if (!review || review.status !== 'open') return { ok: false, why: 'closed' };
      const other = openReviewsIn(tx, here).find((r) => r.template === review.template);
      if (other) return other.id === id ? { ok: false, why: 'here' } : { ok: false, why: 'busy', other };
      tx.insert(checklistConversations).values({ reviewId: id, conversation: here, template: review.template, addedBy: by.memberId, addedAt: at }).run();
      writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'checklist.share', subject: `checklist-${id}`, details: { conversation: here } });
      return { ok: true };
    });
  } catch (err) {
    if (!isUniqueClash(err)) throw err;
    const other = openReviewsIn(db, here).find((r) => r.template === getReview(db, id)?.template);
    return other?.id === id ? { ok: false, why: 'here' } : other ? { ok: false, why: 'busy', other } : { ok: false, why: 'busy' };
  }
}

/** Takes a shared review out of a conversation again (its card could not be posted there). */
export function unshareReview(db: Db, id: number, conversation: Address): void {
  db.delete(checklistConversations)
    .where(and(eq(checklistConversations.reviewId, id), eq(checklistConversations.conversation, conversationOf(conversation))))
    .run();
}

/** Organizations on the roster headquartered in the jurisdiction (self-assessment step 2). */
export function headquarteredHere(db: Reader): string[] {
  return db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.headquarteredInJurisdiction, true))
    .orderBy(asc(organizations.name))
    .all()
    .map((r) => r.name);
}

/** Exports carry every member's marks and notes: who took one, and when, is audited. */
export function auditExport(db: Db, id: number, by: ActedBy, rows: number, at: Date): void {
  db.transaction((tx) => {
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'checklist.export', subject: `checklist-${id}`, details: { rows } });
  });
}
