// Where an alert's copies landed, read from the delivery ledger (src/delivery/ writes it): which
// conversations and direct messages show it, under which message id, so updates can thread under them
// and redraws find them; and when each copy was sent, for the ledger's timings.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { deliveries } from '../../db/schema.js';
import { problemRows, statusCounts, type DeliveryStatus } from '../delivery/store.js';

/** A copy whose conversation or member is no longer on file, said without its platform id. */
export function unnamed(c: Pick<Copy, 'kind'>): string {
  return c.kind === 'post' ? 'a conversation (name unknown)' : 'a member (name unknown)';
}

export interface Copy {
  kind: 'post' | 'dm';
  /** A conversation address (post) or an identity (dm). */
  target: string;
  status: DeliveryStatus;
  messageId: string | null;
  /** Where it landed: the conversation, or the DM's conversation. */
  messageAddress: string | null;
  error: string | null;
  settledAt: Date | null;
  /** Sent after an attempt whose fate was unknown: it may show twice. */
  repeated: boolean;
}

export function copiesOf(db: Db | Tx, batch: string): Copy[] {
  return db
    .select({
      kind: deliveries.kind,
      target: deliveries.target,
      status: deliveries.status,
      messageId: deliveries.messageId,
      messageAddress: deliveries.messageAddress,
      error: deliveries.error,
      settledAt: deliveries.settledAt,
      unknownAttempts: deliveries.unknownAttempts,
    })
    .from(deliveries)
    .where(eq(deliveries.batch, batch))
    .orderBy(deliveries.id)
    .all()
    .map(({ unknownAttempts, ...r }) => ({ ...r, kind: r.kind as Copy['kind'], status: r.status as DeliveryStatus, repeated: r.status === 'sent' && unknownAttempts > 0 }));
}

/** The posted channel copies, where a redraw can reach them. */
export function postedCopies(db: Db | Tx, batch: string): { address: string; messageId: string }[] {
  return db
    .select({ address: deliveries.messageAddress, target: deliveries.target, messageId: deliveries.messageId })
    .from(deliveries)
    .where(and(eq(deliveries.batch, batch), eq(deliveries.kind, 'post'), eq(deliveries.status, 'sent')))
    .all()
    .filter((r): r is { address: string | null; target: string; messageId: string } => r.messageId !== null && r.messageId !== '')
    .map((r) => ({ address: r.address ?? r.target, messageId: r.messageId }));
}

export interface CopyCounts {
  total: number;
  sent: number;
  pending: number;
  /** The copies that did not arrive, or may not have: few, so listed by name. */
  failed: Copy[];
  unconfirmed: Copy[];
}

/** How the copies of one kind stand, counted in SQL: the sender's status card asks every couple of seconds. */
export function copyCounts(db: Db | Tx, batch: string, kind: Copy['kind']): CopyCounts {
  const problems = problemRows(db, batch, kind)
    .filter((r) => r.status !== 'sent')
    .slice(0, 50)
    .map((r): Copy => ({ kind, target: r.target, status: r.status, messageId: null, messageAddress: null, error: r.error, settledAt: null, repeated: false }));
  return {
    ...statusCounts(db, batch, kind),
    failed: problems.filter((p) => p.status === 'failed'),
    unconfirmed: problems.filter((p) => p.status === 'unconfirmed'),
  };
}
