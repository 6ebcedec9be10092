// Attaching a platform account to a member, and taking one away: by code, by a confirmed email match,
// or by a coordinator. Each change is written with its audit row in one synchronous transaction.
// Rights belong to the member, so an attached account has exactly the member's rights.
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { identities, members } from '../../db/schema.js';
import { writeAudit, type By } from '../core/audit.js';
import { formatIdentity, type Identity, type Platform } from '../core/identity.js';
import { PLATFORM_SHORT_NAME } from '../core/platform-names.js';
import type { MemberRow } from './model.js';
import { findMemberById, findMemberByIdentity, identitiesOf } from './store.js';
import { checkCode, getRequest, markUsed, type LinkRequest } from './link-codes.js';

/** Slack and Teams accounts are what members link; the console user is the machine's operator. */
export const LINKABLE: readonly Platform[] = ['slack', 'teams'];

export type LinkProblem =
  | { why: 'malformed' | 'wrong' | 'unknown' | 'used' | 'replaced' | 'expired' | 'locked' }
  /** Too many wrong codes from this account lately. */
  | { why: 'throttled'; retryAt: Date }
  /** The account entering the code already is this member's. */
  | { why: 'already-yours'; member: MemberRow }
  /** The account belongs to someone else on the roster: never merged silently. */
  | { why: 'taken'; member: MemberRow; other: MemberRow }
  /** The member already has an account on this platform. */
  | { why: 'platform-taken'; member: MemberRow; existing: Identity }
  | { why: 'member-gone' | 'not-linkable' | 'not-yours' };

export type LinkResult = { ok: true; member: MemberRow; previous: Identity[] } | ({ ok: false } & LinkProblem);

/** Why `identity` cannot be attached to `member`, or undefined when it can. */
function obstacle(tx: Tx, member: MemberRow | undefined, identity: Identity): LinkProblem | undefined {
  if (!LINKABLE.includes(identity.platform)) return { why: 'not-linkable' };
  if (!member || member.status === 'departed') return { why: 'member-gone' };
  const owner = findMemberByIdentity(tx, identity);
  if (owner?.id === member.id) return { why: 'already-yours', member };
  if (owner) return { why: 'taken', member, other: owner };
  const existing = identitiesOf(tx, member.id).find((i) => i.platform === identity.platform);
  if (existing) return { why: 'platform-taken', member, existing };
  return undefined;
}

/** Inserts the identity and its audit row; call inside the transaction that checked it is free. */
export function attach(tx: Tx, member: MemberRow, identity: Identity, by: By, at: Date, via: 'code' | 'email' | 'import'): void {
  tx.insert(identities).values({ memberId: member.id, platform: identity.platform, externalId: identity.id, createdAt: at }).run();
  writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'identity.link', subjectMemberId: member.id, subject: member.name, details: { identity: formatIdentity(identity), via } });
}

/** `link <code>` typed from `entering`: checks the code and, when it is right, attaches the account. */
export function linkByCode(db: Db, typed: string, entering: Identity, now: Date): LinkResult {
  // Immediate: the account's count of wrong codes is read and written by one process at a time.
  return db.transaction(
    (tx): LinkResult => {
      const checked = checkCode(tx, typed, formatIdentity(entering), now);
      if (!checked.ok) return checked;
      return complete(tx, checked.request, entering, now, 'code');
    },
    { behavior: 'immediate' },
  );
}

/** Confirm on an email-match proposal, pressed by `entering`: only the account it was proposed to may. */
export function confirmProposal(db: Db, requestId: number, entering: Identity, now: Date): LinkResult {
  return db.transaction((tx): LinkResult => {
    const request = getRequest(tx, requestId);
    if (!request || request.kind !== 'email') return { ok: false, why: 'unknown' };
    if (request.identity !== formatIdentity(entering)) return { ok: false, why: 'not-yours' };
    if (request.usedAt) return { ok: false, why: 'used' };
    if (request.expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired' };
    return complete(tx, request, entering, now, 'email');
  });
}

function complete(tx: Tx, request: LinkRequest, entering: Identity, now: Date, via: 'code' | 'email'): LinkResult {
  const member = findMemberById(tx, request.memberId);
  const problem = obstacle(tx, member, entering);
  if (problem) {
    // Used up when it can never work again from this account; otherwise it stays for a fix and a retry.
    if (problem.why === 'already-yours' || problem.why === 'member-gone') markUsed(tx, request.id, formatIdentity(entering), now);
    return { ok: false, ...problem };
  }
  const previous = identitiesOf(tx, member!.id);
  attach(tx, member!, entering, { identity: formatIdentity(entering), memberId: member!.id }, now, via);
  // Two profiles would take turns renaming the member on every command: the name stays as it is now.
  if (!member!.nameEdited) tx.update(members).set({ nameEdited: true }).where(eq(members.id, member!.id)).run();
  markUsed(tx, request.id, formatIdentity(entering), now);
  return { ok: true, member: member!, previous };
}

/** Turns down an email proposal (Not me): it can no longer be confirmed. */
export function declineProposal(db: Db, requestId: number, entering: Identity, now: Date): boolean {
  return db.transaction((tx) => {
    const request = getRequest(tx, requestId);
    if (!request || request.kind !== 'email' || request.usedAt || request.identity !== formatIdentity(entering)) return false;
    markUsed(tx, request.id, 'declined', now);
    return true;
  });
}

export type UnlinkResult = { ok: true; removed: Identity; left: Identity[] } | { ok: false; problem: string };

/**
 * Removes the member's account on `platform`. Never the last one of a current member: without an
 * account they could neither act nor be reached. `protectedIds` are accounts PPP_ADMINS names, which a restart would recreate.
 */
export function unlink(db: Db, by: By, memberId: number, platform: Platform, at: Date, protectedIds: ReadonlySet<string>): UnlinkResult {
  return db.transaction((tx): UnlinkResult => {
    const member = findMemberById(tx, memberId);
    if (!member) return { ok: false, problem: 'That member is no longer on the roster.' };
    const ids = identitiesOf(tx, memberId);
    const target = ids.find((i) => i.platform === platform);
    if (!target) return { ok: false, problem: `${member.name} has no ${PLATFORM_SHORT_NAME[platform]} account linked.` };
    // A departed member's last account may go (a duplicate record being cleared); anyone else keeps one.
    if (ids.length === 1 && member.status !== 'departed') {
      return { ok: false, problem: `That is ${member.name}'s only account: without it the bot could neither recognise nor reach them. Link another account first (\`link\`).` };
    }
    if (protectedIds.has(formatIdentity(target))) {
      return { ok: false, problem: `${formatIdentity(target)} is listed in PPP_ADMINS, which would put it back as a coordinator of its own at the next start. Remove it from PPP_ADMINS first.` };
    }
    tx.delete(identities).where(and(eq(identities.memberId, memberId), eq(identities.platform, platform))).run();
    writeAudit(tx, { at, actor: by.identity, actorMemberId: by.memberId, action: 'identity.unlink', subjectMemberId: member.id, subject: member.name, details: { identity: formatIdentity(target) } });
    return { ok: true, removed: target, left: ids.filter((i) => i.platform !== platform) };
  });
}
