// The refresh processor: redraws a posted message from SQLite and edits it, paced like posts.
// Requests that arrive while it runs bump the version, and one follow-up edit shows them.
import { DelayedError, type Job } from 'bullmq';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Services } from '../src/services.js';
import { conversationOf, platformOf } from '../src/core/address.js';
import { claimRefresh, finishRefresh, getRefresh, releaseRefresh, type RefreshTicket } from '../src/delivery/refresh-store.js';
import { SendError, type Messenger } from '../src/messenger.js';
import { NOT_HERE_RETRY_MS } from './deliver.js';
import { PACE_RULES, type Pacer } from './pacer.js';
import { backoffMs } from './send-outcome.js';

export const RefreshJob = z.object({ id: z.number().int().positive(), slot: z.number().optional() });

export interface RefreshDeps {
  db: Db;
  services: Services;
  messenger: Messenger;
  pacer: Pacer;
  leaseMs: number;
  /** Queues a follow-up job for the message (bounded: if the queue is down, reconcile queues it). */
  requeue(ticket: RefreshTicket): Promise<unknown>;
}

export function createRefreshProcessor(deps: RefreshDeps) {
  const { db, services, pacer } = deps;
  return async (job: Job, token?: string): Promise<string> => {
    const data = RefreshJob.parse(job.data);
    let now = services.clock().getTime();
    const claim0 = getRefresh(db, data.id);
    if (!claim0) return 'missing';
    if (claim0.claimedUntil && claim0.claimedUntil.getTime() > now) {
      // Another worker is editing this message: come back after it, never edit in parallel.
      await job.moveToDelayed(now + 500, token);
      throw new DelayedError();
    }
    const conversation = conversationOf(claim0.address);
    if (!deps.messenger.platforms().includes(platformOf(claim0.address))) {
      await job.moveToDelayed(now + NOT_HERE_RETRY_MS, token);
      throw new DelayedError();
    }
    // A slot is reserved once; when it comes, the edit still waits if what was sent leaves no room.
    const [pace] = await pacer.pace([{ conversation, rules: PACE_RULES[platformOf(claim0.address)], reserved: data.slot !== undefined }], now);
    if (!pace!.go) {
      await job.updateData({ id: data.id, slot: pace!.at });
      await job.moveToDelayed(pace!.at, token);
      throw new DelayedError();
    }
    now = services.clock().getTime();
    const claim = claimRefresh(db, data.id, new Date(now), deps.leaseMs);
    if (!claim.ok) return claim.why;
    const row = claim.row;
    const render = services.registry.getRenderer(row.renderer);
    const card = render?.(services, row.subject);
    if (!card) {
      finishRefresh(db, row.id, row.version, { error: `nothing to render (${row.renderer})` }, services.clock());
      return 'nothing';
    }
    try {
      await deps.messenger.update(row.address, row.messageId, card);
      await pacer.sentAt([{ conversation, member: pace!.member, at: services.clock().getTime() }]);
    } catch (err) {
      const failure = err instanceof SendError ? err : new SendError('unknown', err instanceof Error ? err.message : String(err));
      const at = services.clock().getTime();
      if (failure.refused) {
        finishRefresh(db, row.id, row.version, { error: failure.reason }, services.clock());
        services.log.warn({ refresh: row.id, reason: failure.reason }, 'message edit rejected');
        return 'failed';
      }
      // Edits are idempotent: whatever the failure, drawing the latest state again is safe.
      const wait = failure.kind === 'rate-limited' ? (failure.retryAfterMs ?? 1000) : backoffMs(job.attemptsMade + 1);
      if (failure.kind === 'rate-limited') await pacer.block(conversation, at + wait, at);
      releaseRefresh(db, row.id, failure.reason, services.clock());
      await job.updateData({ id: row.id });
      await job.moveToDelayed(at + wait, token);
      throw new DelayedError();
    }
    const followUp = finishRefresh(db, row.id, row.version, {}, services.clock());
    if (followUp) await deps.requeue(followUp);
    return 'edited';
  };
}
