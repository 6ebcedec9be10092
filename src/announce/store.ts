// Announcements in SQLite: a draft with its preview, sent once, its deliveries a batch.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { announcements, members } from '../../db/schema.js';
import { writeAudit } from '../core/audit.js';

export type AnnouncementRow = typeof announcements.$inferSelect;

export const batchOfAnnouncement = (id: number) => `announce-${id}`;

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
 * draft → sent exactly once, audited; false when it was already sent or cancelled (a double click).
 * Called inside the transaction that also records the deliveries, so "sent" never stands without them.
 */
export function markAnnouncementSent(db: Db | Tx, id: number, by: { identity: string; memberId: number }, audience: number, at: Date): boolean {
  return db.transaction((tx) => {
    const changed = tx
      .update(announcements)
      .set({ status: 'sent', sentAt: at, sentBy: by.memberId })
      .where(and(eq(announcements.id, id), eq(announcements.status, 'draft')))
      .run().changes;
    if (changed === 0) return false;
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'announce.send', subject: batchOfAnnouncement(id), details: { audience } });
    return true;
  });
}

export function cancelAnnouncement(db: Db, id: number): boolean {
  return db.update(announcements).set({ status: 'cancelled' }).where(and(eq(announcements.id, id), eq(announcements.status, 'draft'))).run().changes > 0;
}
