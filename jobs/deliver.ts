// The deliver processor: paces, claims the row's lease, sends through the Messenger port and settles
// the row by the platform's answer. Idempotent: a rerun after a crash finds the row settled or leased.
import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Card } from '../src/cards/card.js';
import { conversationOf, platformOf } from '../src/core/address.js';
import type { Clock } from '../src/core/clock.js';
import { parseIdentity } from '../src/core/identity.js';
import type { Log } from '../src/core/log.js';
import {
  claimDelivery,
  getDelivery,
  markSent,
  markSettled,
  MAX_UNKNOWN_ATTEMPTS,
  releaseForRetry,
  setNotBefore,
  type DeliveryRow,
} from '../src/delivery/store.js';
import { SendError, type Messenger } from '../src/messenger.js';
import { PACE_RULES, type Pacer } from './pacer.js';
import { backoffMs, MAX_ATTEMPTS, UNKNOWN_RETRY_MS } from './send-outcome.js';

/** How long a row for a platform this process does not serve waits before it is looked at again. */
export const NOT_HERE_RETRY_MS = 60_000;

export const DeliverJob = z.object({ id: z.number().int().positive(), slot: z.number().optional() });
export type DeliverJob = z.infer<typeof DeliverJob>;

export interface DeliverDeps {
  db: Db;
  messenger: Messenger;
  pacer: Pacer;
  clock: Clock;
  log: Log;
  leaseMs: number;
  /** Called after a row settles (sent, failed, unconfirmed): batch status messages are redrawn. */
  onSettled(row: DeliveryRow): Promise<void>;
}

/** What a send is paced by: the conversation, or the recipient for a direct message. */
export function paceKeyOf(row: Pick<DeliveryRow, 'kind' | 'target'>): { key: string; platform: 'slack' | 'teams' | 'console' } {
  if (row.kind === 'post') return { key: conversationOf(row.target), platform: platformOf(row.target) };
  const identity = parseIdentity(row.target);
  return { key: `dm-${row.target}`, platform: identity?.platform ?? 'console' };
}

async function later(job: Job, token: string | undefined, at: number, data: DeliverJob): Promise<never> {
  await job.updateData(data);
  await job.moveToDelayed(at, token);
  throw new DelayedError();
}

export function createDeliverProcessor(deps: DeliverDeps) {
  const { db, messenger, pacer, clock, log } = deps;
  return async (job: Job, token?: string): Promise<string> => {
    const data = DeliverJob.parse(job.data);
    const first = getDelivery(db, data.id);
    if (!first || first.status !== 'pending') return 'settled';
    let now = clock().getTime();
    if (first.claimedUntil && first.claimedUntil.getTime() > now) return 'leased';

    const pace = paceKeyOf(first);
    if (!messenger.platforms().includes(pace.platform)) {
      // This process cannot reach that platform (a console run on a deployment's database): leave
      // the row to a process that can, and look again later.
      await later(job, token, now + NOT_HERE_RETRY_MS, { id: data.id });
    }
    // Reserve a slot once; wait for it among the delayed jobs rather than holding a worker.
    if (data.slot === undefined) {
      const slot = await pacer.reserve(pace.key, PACE_RULES[pace.platform], now);
      if (slot > now + 5) {
        setNotBefore(db, data.id, new Date(slot));
        await later(job, token, slot, { id: data.id, slot });
      }
    }

    now = clock().getTime();
    const claim = claimDelivery(db, data.id, new Date(now), deps.leaseMs);
    if (!claim.ok) {
      if (claim.why === 'unconfirmed') await deps.onSettled(getDelivery(db, data.id)!);
      return claim.why;
    }
    const row = claim.row;
    const card = row.card as unknown as Card;
    try {
      let sent;
      if (row.kind === 'post') {
        sent = await messenger.post(row.target, card);
      } else {
        const identity = parseIdentity(row.target);
        if (!identity) throw new SendError('rejected', `not a platform identity: ${row.target}`);
        sent = await messenger.dm(identity, card);
      }
      markSent(db, row.id, sent, clock());
      await deps.onSettled({ ...row, status: 'sent' });
      return 'sent';
    } catch (err) {
      const failure = err instanceof SendError ? err : new SendError('unknown', err instanceof Error ? err.message : String(err));
      const at = clock();
      switch (failure.kind) {
        case 'rejected':
        case 'not-in-conversation':
          markSettled(db, row.id, 'failed', failure.reason, at);
          await deps.onSettled({ ...row, status: 'failed' });
          log.warn({ delivery: row.id, target: row.target, reason: failure.reason }, 'delivery rejected');
          return 'failed';
        case 'unknown': {
          const released = releaseForRetry(db, row.id, { notBefore: new Date(at.getTime() + UNKNOWN_RETRY_MS), reason: failure.reason, unknown: true, now: at });
          if (!released || released.unknownAttempts >= MAX_UNKNOWN_ATTEMPTS) {
            markSettled(db, row.id, 'unconfirmed', `no confirmation: ${failure.reason}`, at);
            await deps.onSettled({ ...row, status: 'unconfirmed' });
            log.warn({ delivery: row.id, target: row.target }, 'delivery unconfirmed');
            return 'unconfirmed';
          }
          return later(job, token, at.getTime() + UNKNOWN_RETRY_MS, { id: row.id });
        }
        case 'rate-limited': {
          const wait = failure.retryAfterMs ?? 1000;
          await pacer.block(pace.key, at.getTime() + wait, at.getTime());
          releaseForRetry(db, row.id, { notBefore: new Date(at.getTime() + wait), reason: failure.reason, unknown: false, now: at });
          return later(job, token, at.getTime() + wait, { id: row.id });
        }
        case 'transient': {
          if (row.attempts >= MAX_ATTEMPTS) {
            markSettled(db, row.id, 'failed', `gave up after ${row.attempts} attempts: ${failure.reason}`, at);
            await deps.onSettled({ ...row, status: 'failed' });
            return 'failed';
          }
          const wait = backoffMs(row.attempts);
          releaseForRetry(db, row.id, { notBefore: new Date(at.getTime() + wait), reason: failure.reason, unknown: false, now: at });
          return later(job, token, at.getTime() + wait, { id: row.id });
        }
      }
    }
  };
}
