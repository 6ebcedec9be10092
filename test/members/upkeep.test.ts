// Retention and vetting lapses as pure functions of (db, now): a departed member's contact details go
// after PPP_RETENTION_DAYS, the record and audit keep that they were a member; a lapsed vetting suspends.
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema.js';
import { eraseExpiredContacts, suspendLapsedVettings } from '../../src/members/upkeep.js';
import { depart } from '../../src/members/status-changes.js';
import { memoryDb } from '../helpers/db.js';
import { memberNamed, seed } from '../helpers/db.js';

const CONTACTS = { contact247: '+1 612 555 0900', email: 'gone@example.org', alternateName: 'Val Alt', alternatePhone: '+1 612 555 0901', alternateEmail: 'val@example.org' };
const system = { identity: 'system', memberId: null };

describe('eraseExpiredContacts', () => {
  it('erases a departed member’s contacts only once the period has passed, once, and audits it', () => {
    const db = memoryDb();
    seed(db, { name: 'Gwen Gone', set: CONTACTS });
    seed(db, { name: 'Stay Active', set: CONTACTS });
    const leftAt = DateTime.fromISO('2026-03-01T10:00:00Z');
    const gwen = memberNamed(db, 'Gwen Gone')!;
    expect(depart(db, system, gwen.id, undefined, leftAt.toJSDate()).ok).toBe(true);

    const clock = (days: number) => leftAt.plus({ days }).toJSDate();
    expect(eraseExpiredContacts(db, clock(89), 90)).toEqual([]);
    expect(memberNamed(db, 'Gwen Gone')).toMatchObject(CONTACTS);

    expect(eraseExpiredContacts(db, clock(90), 90)).toEqual([{ id: gwen.id, name: 'Gwen Gone' }]);
    const erased = memberNamed(db, 'Gwen Gone')!;
    expect(erased).toMatchObject({ contact247: null, email: null, alternateName: null, alternatePhone: null, alternateEmail: null, status: 'departed', name: 'Gwen Gone' });
    expect(erased.contactsErasedAt).toEqual(clock(90));
    expect(memberNamed(db, 'Stay Active')).toMatchObject(CONTACTS);

    const rows = db.select().from(auditLog).where(eq(auditLog.action, 'member.contacts-erased')).all();
    expect(rows).toEqual([expect.objectContaining({ actor: 'system', subjectMemberId: gwen.id, subject: 'Gwen Gone' })]);
    // The audit keeps that they were a member and when they left, never the erased details.
    expect(db.select().from(auditLog).where(eq(auditLog.subjectMemberId, gwen.id)).all().map((r) => r.action)).toEqual(['member.depart', 'member.contacts-erased']);
    expect(JSON.stringify(db.select().from(auditLog).all())).not.toMatch(/555|example\.org/);

    expect(eraseExpiredContacts(db, clock(400), 90)).toEqual([]);
  });

  it('follows the configured number of days', () => {
    const db = memoryDb();
    const m = seed(db, { name: 'Short Stay', set: CONTACTS });
    const leftAt = new Date('2026-05-01T00:00:00Z');
    depart(db, system, m.id, undefined, leftAt);
    expect(eraseExpiredContacts(db, new Date('2026-05-07T23:59:59Z'), 7)).toEqual([]);
    expect(eraseExpiredContacts(db, new Date('2026-05-08T00:00:00Z'), 7)).toHaveLength(1);
  });
});

describe('suspendLapsedVettings', () => {
  it('suspends an active member whose twelve months ran out, audited; a coordinator is only reported', () => {
    const db = memoryDb();
    const expires = new Date('2026-06-01T00:00:00Z');
    seed(db, { name: 'Lapsed Lee', set: { vettingExpiresAt: expires } });
    seed(db, { name: 'Current Cal', set: { vettingExpiresAt: new Date('2027-06-01T00:00:00Z') } });
    seed(db, { name: 'Coord Col', set: { vettingExpiresAt: expires, isCoordinator: true } });
    expect(suspendLapsedVettings(db, new Date('2026-05-31T23:59:59Z')).suspended).toEqual([]);
    const result = suspendLapsedVettings(db, expires);
    expect(result.suspended.map((m) => m.name)).toEqual(['Lapsed Lee']);
    expect(result.overdueCoordinators.map((m) => m.name)).toEqual(['Coord Col']);
    expect(memberNamed(db, 'Lapsed Lee')).toMatchObject({ status: 'suspended', statusReason: 'vetting lapsed' });
    expect(memberNamed(db, 'Current Cal')!.status).toBe('active');
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'member.vetting-lapsed')).all()).toHaveLength(1);
  });
});
