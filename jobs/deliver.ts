// The deliver processor: one job carries a chunk of delivery rows. It reserves the pace slots of the
// chunk in one call, leases the rows that may go now in one transaction, sends them side by side and
// settles them as they answer; rows that must wait stay in the job, which comes back when the first of
// them may go. Idempotent: a rerun after a crash finds each row settled or leased.
import { hostname } from 'node:os';
import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { conversationOf, platformOf } from '../src/core/address.js';
import type { Clock } from '../src/core/clock.js';
import { parseIdentity, type Platform } from '../src/core/identity.js';
import type { Log } from '../src/core/log.js';
import { CardMemo, claimDeliveries, dropSlots, MAX_UNKNOWN_ATTEMPTS, recordSlots, waitingRows, type ClaimedRow, type Settlement, type WaitingRow } from '../src/delivery/store.js';
import { SendError, type Messenger, type Sent } from '../src/messenger.js';
import { EARLY_MS, PACE_RULES, type Pacer } from './pacer.js';
import { backoffMs, MAX_ATTEMPTS, UNKNOWN_RETRY_MS } from './send-outcome.js';
import type { Settler } from './settler.js';

/** How long a row for a platform this process does not serve waits before it is looked at again. */
export const NOT_HERE_RETRY_MS = 60_000;
/** 5xx answers this prompt (not after a struggle) are tried again within the claim, after these short pauses. */
const QUICK_FAILURE_MS = 500;
const QUICK_RETRY_MS = [10, 50, 200];

const Id = z.number().int().positive();
export const DeliverJob = z.union([
  z.object({ ids: z.array(Id).min(1) }),
  // A job queued by an earlier version carried one row (and perhaps a slot, reserved again now).
  z.object({ id: Id }).transform((j) => ({ ids: [j.id] })),
]);
export type DeliverJob = { ids: number[] };

/** This process, as the ledger names the holder of a lease. */
export const PROCESS_ID = `${hostname()}:${process.pid}`;

export interface DeliverDeps {
  db: Db;
  messenger: Messenger;
  pacer: Pacer;
  clock: Clock;
  log: Log;
  leaseMs: number;
  settler: Settler;
  /** Rows settled outside a send (a crashed worker's repeat, now unconfirmed): their batches are redrawn. */
  onSettled(batches: Set<string>): void;
}

/** What a send is paced by: the conversation, or the recipient for a direct message. */
export function paceKeyOf(row: Pick<WaitingRow, 'kind' | 'target'>): { key: string; platform: Platform } {
  if (row.kind === 'post') return { key: conversationOf(row.target), platform: platformOf(row.target) };
  const identity = parseIdentity(row.target);
  return { key: `dm-${row.target}`, platform: identity?.platform ?? 'console' };
}

async function attempt(messenger: Messenger, row: ClaimedRow): Promise<Sent> {
  if (row.kind === 'post') return messenger.post(row.target, row.card);
  const identity = parseIdentity(row.target);
  if (!identity) throw new SendError('rejected', `not a platform identity: ${row.target}`);
  return messenger.dm(identity, row.card);
}

const asSendError = (err: unknown) => (err instanceof SendError ? err : new SendError('unknown', err instanceof Error ? err.message : String(err)));

/** Sends one leased row; the outcome, as the ledger records it, and the 429's wait when there was one. */
async function sendOne(deps: DeliverDeps, row: ClaimedRow): Promise<{ settlement: Settlement; blockedUntil?: number }> {
  const started = deps.clock().getTime();
  let failure: SendError;
  try {
    const sent = await attempt(deps.messenger, row);
    return { settlement: { id: row.id, outcome: 'sent', messageId: sent.messageId, address: sent.address } };
  } catch (err) {
    failure = asSendError(err);
  }
  // A 5xx answered promptly turned the post away without counting it: trying again at once keeps this
  // post's place, instead of a back-off and a new slot behind the conversation's later posts. The pace
  // counts the post from its last answer, so the next one still keeps its distance. Three times at
  // most, within a quarter of a second, and only while the answers stay prompt; then the usual back-off.
  for (const pause of QUICK_RETRY_MS) {
    if (failure.kind !== 'transient' || deps.clock().getTime() - started > QUICK_FAILURE_MS) break;
    await new Promise((r) => setTimeout(r, pause * (0.5 + Math.random())));
    try {
      const sent = await attempt(deps.messenger, row);
      return { settlement: { id: row.id, outcome: 'sent', messageId: sent.messageId, address: sent.address } };
    } catch (err) {
      failure = asSendError(err);
    }
  }
  return settlementOf(deps.log, row, failure, deps.clock().getTime());
}

/** What a failed send means for its row: failed, unconfirmed, or a retry (after a 429's wait, a back-off). */
function settlementOf(log: Log, row: ClaimedRow, failure: SendError, at: number): { settlement: Settlement; blockedUntil?: number } {
  switch (failure.kind) {
    case 'rejected':
    case 'not-in-conversation':
      log.warn({ delivery: row.id, target: row.target, reason: failure.reason }, 'delivery rejected');
      return { settlement: { id: row.id, outcome: 'failed', reason: failure.reason } };
    case 'unknown':
      // One repeat of a send whose fate is unknown, never two.
      if (row.unknownAttempts + 1 >= MAX_UNKNOWN_ATTEMPTS) {
        log.warn({ delivery: row.id, target: row.target }, 'delivery unconfirmed');
        return { settlement: { id: row.id, outcome: 'unconfirmed', reason: `no confirmation: ${failure.reason}` } };
      }
      return { settlement: { id: row.id, outcome: 'retry', notBefore: new Date(at + UNKNOWN_RETRY_MS), reason: failure.reason, unknown: true } };
    case 'rate-limited': {
      const until = at + (failure.retryAfterMs ?? 1000);
      return { settlement: { id: row.id, outcome: 'retry', notBefore: new Date(until), reason: failure.reason, unknown: false }, blockedUntil: until };
    }
    case 'transient':
      if (row.attempts >= MAX_ATTEMPTS) {
        return { settlement: { id: row.id, outcome: 'failed', reason: `gave up after ${row.attempts} attempts: ${failure.reason}` } };
      }
      return { settlement: { id: row.id, outcome: 'retry', notBefore: new Date(at + backoffMs(row.attempts)), reason: failure.reason, unknown: false } };
  }
}

export function createDeliverProcessor(deps: DeliverDeps) {
  const { db, messenger, pacer, clock, settler } = deps;
  const cards = new CardMemo();
  return async (job: Job, token?: string): Promise<string> => {
    const data: DeliverJob = DeliverJob.parse(job.data);
    let now = clock().getTime();
    const platforms = messenger.platforms();
    /** Rows that stay in this job, and when to look at each again. */
    const later = new Map<number, number>();
    const due: WaitingRow[] = [];
    /** Each row's pace key, worked out once. */
    const paceOf = new Map<number, { key: string; platform: Platform }>();
    /** Each admitted row's entry among its conversation's sends. */
    const members = new Map<number, string>();
    const toPace: { row: WaitingRow; reserved: boolean }[] = [];
    const live = waitingRows(db, data.ids);
    for (const row of live) {
      // Another worker holds it; if that worker dies, the lease's expiry brings the row back.
      if (row.claimedUntil !== null && row.claimedUntil > now) continue;
      const pace = paceKeyOf(row);
      paceOf.set(row.id, pace);
      if (!platforms.includes(pace.platform)) {
        // This process cannot reach that platform (a console run on a deployment's database): the row
        // waits for a process that can, and is looked at again later.
        later.set(row.id, now + NOT_HERE_RETRY_MS);
      } else if (row.paceSlot !== null) {
        // Its slot is reserved already (by this job or another): no new reservation, only admission.
        if (row.paceSlot <= now + EARLY_MS) toPace.push({ row, reserved: true });
        else later.set(row.id, row.paceSlot);
      } else if (row.notBefore !== null && row.notBefore > now + EARLY_MS) {
        later.set(row.id, row.notBefore);
      } else {
        toPace.push({ row, reserved: false });
      }
    }
    if (toPace.length > 0) {
      // One round trip for the chunk; rows that must wait do so in this job, not in a worker.
      const answers = await pacer.pace(
        toPace.map(({ row, reserved }) => {
          const pace = paceOf.get(row.id)!;
          return { conversation: pace.key, rules: PACE_RULES[pace.platform], reserved };
        }),
        now,
      );
      const waiting: { id: number; slot: number }[] = [];
      toPace.forEach(({ row }, i) => {
        const answer = answers[i]!;
        if (answer.go) {
          due.push(row);
          members.set(row.id, answer.member);
        } else {
          waiting.push({ id: row.id, slot: answer.at });
          later.set(row.id, answer.at);
        }
      });
      recordSlots(db, waiting);
    }

    let sent = 0;
    if (due.length > 0) {
      now = clock().getTime();
      const claim = claimDeliveries(db, due, new Date(now), deps.leaseMs, PROCESS_ID, cards);
      if (claim.unconfirmed.length > 0) deps.onSettled(new Set(claim.unconfirmed.map((u) => u.batch)));
      const blocked = new Map<string, number>();
      const answered: { conversation: string; member: string; at: number }[] = [];
      await Promise.all(
        claim.claimed.map(async (row) => {
          const { settlement, blockedUntil } = await sendOne(deps, row);
          const key = paceOf.get(row.id)!.key;
          answered.push({ conversation: key, member: members.get(row.id) ?? '', at: clock().getTime() });
          if (blockedUntil !== undefined) {
            blocked.set(key, Math.max(blocked.get(key) ?? 0, blockedUntil));
            // Every process holds back from this conversation until Retry-After has passed.
            await pacer.block(key, blockedUntil, clock().getTime());
          }
          await settler.settle(settlement, row.batch);
          if (settlement.outcome === 'retry') later.set(row.id, settlement.notBefore.getTime());
          else if (settlement.outcome === 'sent') sent++;
        }),
      );
      // Not awaited: the job need not wait for it, and if Redis is slow the pace is only less exact.
      pacer.sentAt(answered).catch(() => undefined);
      if (blocked.size > 0) {
        // Slots reserved before a 429 came back are worthless: those rows ask again after the wait.
        for (const row of live) {
          const until = blocked.get(paceOf.get(row.id)?.key ?? '');
          const at = later.get(row.id);
          if (until !== undefined && at !== undefined && at < until) {
            dropSlots(db, [row.id], new Date(until));
            later.set(row.id, until);
          }
        }
      }
    }

    if (later.size === 0) return `sent ${sent}`;
    await job.updateData({ ids: [...later.keys()].sort((a, b) => a - b) });
    await job.moveToDelayed(Math.min(...later.values()), token);
    throw new DelayedError();
  };
}
