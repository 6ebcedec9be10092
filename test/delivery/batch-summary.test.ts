// A status message's summary of a batch, read from counts and the rows worth naming, says what the full
// per-row report says: totals, failures with reasons, unconfirmed, repeats, still pending.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { postItem } from '../../src/delivery/outbox.js';
import { batchSummary, deliveryReport, recordDeliveries, settleDeliveries } from '../../src/delivery/store.js';
import { memoryDb } from '../helpers/db.js';

const NOW = new Date('2026-12-02T09:00:00Z');

describe('batch summary', () => {
  it('matches the full report for every outcome a batch can hold', () => {
    const db = memoryDb();
    const card = message('Summit moved to Thursday');
    const ids = recordDeliveries(db, 'mixed', ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'].map((c) => postItem(`slack:T1:${c}`, card)), NOW);
    recordDeliveries(db, 'other', [postItem('slack:T1:C9', card)], NOW);
    // C4 was sent after a first try whose fate was unknown: it may show twice.
    db.update(deliveries).set({ unknownAttempts: sql`1` }).where(eq(deliveries.id, ids[3]!)).run();
    settleDeliveries(
      db,
      [
        { id: ids[0]!, outcome: 'sent', messageId: '1.1', address: 'slack:T1:C1' },
        { id: ids[1]!, outcome: 'failed', reason: 'channel_not_found' },
        { id: ids[2]!, outcome: 'unconfirmed', reason: 'no confirmation: timeout' },
        { id: ids[3]!, outcome: 'sent', messageId: '1.4', address: 'slack:T1:C4' },
      ],
      NOW,
    );
    const { rows, ...report } = deliveryReport(db, 'mixed');
    expect(rows).toHaveLength(6);
    const summary = batchSummary(db, 'mixed');
    expect(summary).toEqual(report);
    expect(summary).toMatchObject({
      total: 6,
      sent: 2,
      pending: 2,
      failed: [{ target: 'slack:T1:C2', reason: 'channel_not_found' }],
      unconfirmed: [{ target: 'slack:T1:C3', reason: 'no confirmation: timeout' }],
      repeated: ['slack:T1:C4'],
      settled: false,
    });
    expect(batchSummary(db, 'none')).toMatchObject({ total: 0, settled: false });
  });
});
