// The worker's lease on ledger rows: a claim hands each row its own card (rows of one batch share a
// text, which SQLite passes over once), and a stale read never takes a row to a third try.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveries } from '../../db/schema.js';
import { message } from '../../src/cards/card.js';
import { dmItem, postItem } from '../../src/delivery/outbox.js';
import { CardMemo, claimDeliveries, MAX_UNKNOWN_ATTEMPTS, recordDeliveries, waitingRows } from '../../src/delivery/store.js';
import { memoryDb } from '../helpers/db.js';

const NOW = new Date('2026-12-02T09:00:00Z');

describe('claiming ledger rows', () => {
  it('gives every row its own card when a chunk mixes cards, across claims that share one memo', () => {
    const db = memoryDb();
    const shared = message('Shelter in place until 14:00');
    const own = message('Your call list: 3 members');
    const ids = recordDeliveries(db, 'mixed', [postItem('slack:T1:C1', shared), dmItem('slack:T1:U1', own), postItem('slack:T1:C2', shared), postItem('slack:T1:C3', shared)], NOW);
    const memo = new CardMemo();
    const first = claimDeliveries(db, waitingRows(db, ids.slice(0, 2)), NOW, 15_000, 'me', memo);
    const second = claimDeliveries(db, waitingRows(db, ids.slice(2)), NOW, 15_000, 'me', memo);
    const cardOf = new Map([...first.claimed, ...second.claimed].map((r) => [r.target, r.card]));
    expect(cardOf.get('slack:T1:C1')).toEqual(shared);
    expect(cardOf.get('slack:T1:U1')).toEqual(own);
    expect(cardOf.get('slack:T1:C2')).toEqual(shared);
    expect(cardOf.get('slack:T1:C3')).toEqual(shared);
    expect([...first.claimed, ...second.claimed].every((r) => r.attempts === 1 && r.unknownAttempts === 0)).toBe(true);
  });

  it('a row whose lease ran out after its one repeat is not claimed from a stale read; the next look reports it unconfirmed', () => {
    const db = memoryDb();
    const [id] = recordDeliveries(db, 'stale', [postItem('slack:T1:C9', message('Road closed at 5th St'))], NOW);
    const stale = waitingRows(db, [id!]);
    expect(stale[0]!.claimedUntil).toBeNull();
    // Meanwhile another worker leased it for its repeat and died: the lease ran out, the fate is unknown.
    db.update(deliveries)
      .set({ claimedUntil: new Date(NOW.getTime() - 1), unknownAttempts: MAX_UNKNOWN_ATTEMPTS - 1, attempts: 2 })
      .where(eq(deliveries.id, id!))
      .run();
    const fromStale = claimDeliveries(db, stale, NOW, 15_000, 'me', new CardMemo());
    expect(fromStale.claimed).toEqual([]);
    const fresh = claimDeliveries(db, waitingRows(db, [id!]), NOW, 15_000, 'me', new CardMemo());
    expect(fresh.claimed).toEqual([]);
    expect(fresh.unconfirmed).toEqual([{ id, batch: 'stale' }]);
    expect(db.select().from(deliveries).where(eq(deliveries.id, id!)).get()?.status).toBe('unconfirmed');
  });
});
