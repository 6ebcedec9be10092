// Alerts in SQLite, the one writer of the alert tables (answers apart: answers.ts): a draft, its
// approval or break glass, sending it to the recipients it had then, updates and ALL CLEAR. Every
// privileged change writes its audit row in the same transaction.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { alertRecipients, alerts, alertUpdates, members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { TLP, type TlpLabel } from './tlp.js';
import type { AlertRow, RecipientRow, Severity } from './model.js';

type Reader = Db | Tx;

export interface ActedBy {
  memberId: number;
  /** The identity that acted, for the audit log. */
  identity: string;
}

export interface Draft {
  severity: Severity;
  tlp: TlpLabel;
  title: string;
  details: string | null;
  /** TLP:RED only: the members it goes to. */
  namedMemberIds: number[];
}

const subject = (id: number) => `alert-${id}`;

/** What the audit log may say of an alert: a RED alert's title stays with its named recipients. */
function described(a: Pick<AlertRow, 'severity' | 'tlp' | 'title'>): Record<string, unknown> {
  return TLP[a.tlp as TlpLabel].namedOnly ? { severity: a.severity, tlp: a.tlp } : { severity: a.severity, tlp: a.tlp, title: a.title };
}

export function createDraft(db: Db, draft: Draft, by: ActedBy, at: Date): AlertRow {
  return db.transaction((tx) => {
    const row = tx
      .insert(alerts)
      .values({ ...draft, composerId: by.memberId, createdAt: at, updatedAt: at })
      .returning()
      .get();
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.compose', subject: subject(row.id), details: { ...described(row), named: draft.namedMemberIds.length } });
    return row;
  });
}

export function getAlert(db: Reader, id: number): AlertRow | undefined {
  return db.select().from(alerts).where(eq(alerts.id, id)).get();
}

/** Alerts newest first: the open ones and the latest others, for `alert list` and "the latest open alert". */
export function recentAlerts(db: Reader, limit: number, states?: string[]): AlertRow[] {
  const q = db.select().from(alerts);
  return (states ? q.where(inArray(alerts.status, states)) : q).orderBy(desc(alerts.id)).limit(limit).all();
}

export function memberName(db: Reader, id: number | null): string | undefined {
  if (id === null) return undefined;
  return db.select({ name: members.name }).from(members).where(eq(members.id, id)).get()?.name;
}

export function setPreview(db: Db, id: number, address: string, messageId: string): void {
  db.update(alerts).set({ previewAddress: address, previewMessageId: messageId }).where(eq(alerts.id, id)).run();
}

/** draft (or awaiting approval) → cancelled, once; audited. */
export function cancelAlert(db: Db, id: number, by: ActedBy, at: Date): AlertRow | undefined {
  return db.transaction((tx) => {
    const row = tx
      .update(alerts)
      .set({ status: 'cancelled', updatedAt: at })
      .where(and(eq(alerts.id, id), inArray(alerts.status, ['draft', 'awaiting-approval'])))
      .returning()
      .get();
    if (row) writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.cancel', subject: subject(id) });
    return row;
  });
}

/** draft → awaiting approval, once; audited. Undefined when it was not a draft any more. */
export function requestApproval(db: Db | Tx, id: number, by: ActedBy, approvers: number, at: Date): AlertRow | undefined {
  return db.transaction((tx) => {
    const row = tx
      .update(alerts)
      .set({ status: 'awaiting-approval', approvalRequestedAt: at, updatedAt: at })
      .where(and(eq(alerts.id, id), eq(alerts.status, 'draft')))
      .returning()
      .get();
    if (row) writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.approval-requested', subject: subject(id), details: { ...described(row), approvers } });
    return row;
  });
}

/** awaiting approval → declined, once; audited. */
export function declineAlert(db: Db, id: number, by: ActedBy, at: Date): AlertRow | undefined {
  return db.transaction((tx) => {
    const row = tx
      .update(alerts)
      .set({ status: 'declined', declinedBy: by.memberId, declinedAt: at, updatedAt: at })
      .where(and(eq(alerts.id, id), eq(alerts.status, 'awaiting-approval')))
      .returning()
      .get();
    if (row) writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.decline', subject: subject(id) });
    return row;
  });
}

/** How an alert leaves for its recipients: its sender's Send, a second person's approval, or break glass. */
export type SendHow = { kind: 'send' } | { kind: 'approve' } | { kind: 'break-glass'; reason: string };

/**
 * draft or awaiting approval → sent, exactly once, with the audit rows of how (approval, break glass) and
 * of the send itself. Call inside the transaction that records its recipients and deliveries, so "sent"
 * never stands without them. Undefined when it was already sent, cancelled or declined (a double click).
 */
export function markSent(tx: Tx, id: number, how: SendHow, by: ActedBy, at: Date): AlertRow | undefined {
  const from = how.kind === 'send' ? ['draft'] : how.kind === 'approve' ? ['awaiting-approval'] : ['draft', 'awaiting-approval'];
  const set: Partial<typeof alerts.$inferInsert> = { status: 'sent', sentAt: at, updatedAt: at };
  if (how.kind === 'approve') Object.assign(set, { approvedBy: by.memberId, approvedAt: at });
  if (how.kind === 'break-glass') Object.assign(set, { breakGlassBy: by.memberId, breakGlassReason: how.reason });
  const row = tx
    .update(alerts)
    .set(set)
    .where(and(eq(alerts.id, id), inArray(alerts.status, from)))
    .returning()
    .get();
  if (!row) return undefined;
  const audit = { at, actor: by.identity, actorMemberId: by.memberId, subject: subject(id) };
  if (how.kind === 'approve') writeAudit(tx, { ...audit, action: 'alert.approve' });
  if (how.kind === 'break-glass') writeAudit(tx, { ...audit, action: 'alert.break-glass', details: { reason: how.reason } });
  writeAudit(tx, { ...audit, action: 'alert.send', details: described(row) });
  return row;
}

/** Everyone the alert is meant for at the moment it is sent, with the identity their direct message goes to. */
export function addRecipients(tx: Tx, alertId: number, rows: { memberId: number; dmTarget: string | null }[]): void {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    if (chunk.length > 0) tx.insert(alertRecipients).values(chunk.map((r) => ({ alertId, ...r }))).onConflictDoNothing().run();
  }
}

export type UpdateRow = typeof alertUpdates.$inferSelect;

/** An update, audited; refused (undefined) once the alert is resolved. */
export function addUpdate(tx: Tx, alertId: number, text: string, by: ActedBy, at: Date): UpdateRow | undefined {
  const open = tx.select({ id: alerts.id }).from(alerts).where(and(eq(alerts.id, alertId), eq(alerts.status, 'sent'))).get();
  if (!open) return undefined;
  tx.update(alerts).set({ updatedAt: at }).where(eq(alerts.id, alertId)).run();
  const row = tx.insert(alertUpdates).values({ alertId, kind: 'update', text, authorId: by.memberId, at }).returning().get();
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.update', subject: subject(alertId), details: { update: row.id } });
  return row;
}

/** sent → resolved exactly once, with its ALL CLEAR text; audited. Answers freeze from here on. */
export function markResolved(tx: Tx, alertId: number, text: string | null, by: ActedBy, at: Date): UpdateRow | undefined {
  const changed = tx
    .update(alerts)
    .set({ status: 'resolved', resolvedBy: by.memberId, resolvedAt: at, updatedAt: at })
    .where(and(eq(alerts.id, alertId), eq(alerts.status, 'sent')))
    .run().changes;
  if (changed === 0) return undefined;
  const row = tx.insert(alertUpdates).values({ alertId, kind: 'resolve', text, authorId: by.memberId, at }).returning().get();
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'alert.resolve', subject: subject(alertId) });
  return row;
}

export function updatesOf(db: Reader, alertId: number): (UpdateRow & { authorName: string })[] {
  return db
    .select({ u: alertUpdates, authorName: members.name })
    .from(alertUpdates)
    .innerJoin(members, eq(members.id, alertUpdates.authorId))
    .where(eq(alertUpdates.alertId, alertId))
    .orderBy(alertUpdates.id)
    .all()
    .map((r) => ({ ...r.u, authorName: r.authorName }));
}

export function recipientsOf(db: Reader, alertId: number) {
  return db.select().from(alertRecipients).where(eq(alertRecipients.alertId, alertId)).all();
}

/** Marks unanswered recipients as escalated, once; returns those it marked (the escalation's to-do list). */
export function markEscalated(tx: Tx, alertId: number, at: Date): RecipientRow[] {
  return tx
    .update(alertRecipients)
    .set({ escalatedAt: at })
    .where(and(eq(alertRecipients.alertId, alertId), isNull(alertRecipients.answer), isNull(alertRecipients.escalatedAt)))
    .returning()
    .all();
}
