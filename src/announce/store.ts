// Announcements in SQLite: a draft with its preview, sent once, its deliveries a batch. Sending owes the
// preview a redraw (it shows how delivery goes), recorded in the same transaction.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { announcements, members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';
import { NOTHING_TO_REDRAW, oweRedraws, type Redraw } from '../delivery/redraw.js';

export type AnnouncementRow = typeof announcements.$inferSelect;

export const batchOfAnnouncement = (id: number) => `announce-${id}`;

/** The renderer that redraws a preview as its deliveries settle; its subject is the batch. */
export const ANNOUNCE_STATUS_RENDERER = 'announce-status';

export function createAnnouncement(db: Db, text: string, authorId: number, at: Date): AnnouncementRow {
  return db.insert(announcements).values({ text, authorId, createdAt: at }).returning().get();
}

export function getAnnouncement(db: Db, id: number): (AnnouncementRow & { authorName: string }) | undefined {
  const row = db.select({ a: announcements, authorName: members.name }).from(announcements).innerJoin(members, eq(members.id, announcements.authorId)).where(eq(announcements.id, id)).get();
  return row ? { ...row.a, authorName: row.authorName } : undefined;
}

export function setPreview(db: Db, id: number, address: string, messageId: string): void {
  db.update(announcements).set({ previewAddress: address, previewMessageId: messageId }).where(eq(announcements.id, id)).run();
}

/**
 * draft → sent exactly once, audited, with the preview's redraw owed; undefined when it was already sent
 * or cancelled (a double click). Called inside the transaction that also records the deliveries, so
 * "sent" never stands without them.
 */
export function markAnnouncementSent(db: Db | Tx, id: number, by: { identity: string; memberId: number }, audience: number, at: Date): Redraw | undefined {
  return db.transaction((tx) => {
    const row = tx
      .update(announcements)
      .set({ status: 'sent', sentAt: at, sentBy: by.memberId })
      .where(and(eq(announcements.id, id), eq(announcements.status, 'draft')))
      .returning()
      .get();
    if (!row) return undefined;
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'announce.send', subject: batchOfAnnouncement(id), details: { audience } });
    if (!row.previewAddress || !row.previewMessageId) return NOTHING_TO_REDRAW;
    return oweRedraws(tx, [{ address: row.previewAddress, messageId: row.previewMessageId, renderer: ANNOUNCE_STATUS_RENDERER, subject: batchOfAnnouncement(id) }], at);
  });
}

export function cancelAnnouncement(db: Db, id: number): boolean {
  return db.update(announcements).set({ status: 'cancelled' }).where(and(eq(announcements.id, id), eq(announcements.status, 'draft'))).run().changes > 0;
}
