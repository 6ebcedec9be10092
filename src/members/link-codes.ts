// One-time link codes and email-match proposals for `link`. A code is bound to the member who asked for
// it: single use, valid ten minutes, locked after five wrong tries. Only a salted SHA-256 of its secret
// part is stored, and a guess is compared in constant time. Every wrong code gets the same answer, and an
// account gets five wrong codes per fifteen minutes: guessing is neither told apart nor fast.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { linkAttempts, linkRequests } from '../../db/schema.js';

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_TRIES = 5;
/** Wrong codes one account may type per window, whichever codes they were aimed at. */
export const MAX_WRONG_PER_ACCOUNT = 5;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;
/** An email proposal waits a day in the private chat it was sent to. */
export const PROPOSAL_TTL_MS = 24 * 3600_000;

// Crockford's base32: no I, L, O or U, so a code read aloud or retyped is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 8;
// The first characters name the code (so a wrong guess counts against it); the other five are the
// secret: 32^5 ≈ 33 million values against five tries.
const LOCATOR_LENGTH = 3;

export type LinkRequest = typeof linkRequests.$inferSelect;

function randomCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** How a code is shown: `K7Q4-M9XP`. */
export function showCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A typed code in canonical form (case, spaces and dashes ignored; O read as 0, I and L as 1), or undefined. */
export function normalizeCode(typed: string): string | undefined {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : undefined;
}

function hashOf(secret: string, salt: string): string {
  return createHash('sha256').update(`${salt}:${secret}`).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

const live = (now: Date) => and(isNull(linkRequests.usedAt), isNull(linkRequests.lockedAt), gt(linkRequests.expiresAt, now));

/**
 * A new code for the member, asked for from `identity`. Any code they asked for before stops working:
 * one live code per member, so an old one shown on a shared screen is worth nothing.
 */
export function issueCode(db: Db, memberId: number, identity: string, now: Date): { code: string; expiresAt: Date } {
  return db.transaction((tx) => {
    tx.update(linkRequests)
      .set({ usedAt: now, usedBy: 'replaced' })
      .where(and(eq(linkRequests.memberId, memberId), eq(linkRequests.kind, 'code'), live(now)))
      .run();
    let code = randomCode();
    // Two live codes never share a locator, so a guess is always counted against one code.
    while (tx.select({ id: linkRequests.id }).from(linkRequests).where(and(eq(linkRequests.locator, code.slice(0, LOCATOR_LENGTH)), live(now))).get()) {
      code = randomCode();
    }
    const salt = randomBytes(16).toString('hex');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    tx.insert(linkRequests)
      .values({ memberId, kind: 'code', locator: code.slice(0, LOCATOR_LENGTH), codeHash: hashOf(code.slice(LOCATOR_LENGTH), salt), salt, identity, createdAt: now, expiresAt })
      .run();
    return { code, expiresAt };
  });
}

export type CodeCheck =
  | { ok: true; request: LinkRequest }
  /** Not shaped like a code at all: says nothing about any code, so it is not counted. */
  | { ok: false; why: 'malformed' }
  /** Every wrong code, live or not, whatever its first characters: one answer, so nothing leaks. */
  | { ok: false; why: 'wrong' }
  /** This account typed too many wrong codes lately; nothing was checked. */
  | { ok: false; why: 'throttled'; retryAt: Date }
  /** The right code, but it can no longer be used: only whoever holds the code learns which. */
  | { ok: false; why: 'used' | 'replaced' | 'expired' | 'locked' };

/** When the account may try again, or undefined when it may try now. */
function throttledUntil(tx: Tx, identity: string, now: Date): Date | undefined {
  const since = new Date(now.getTime() - ATTEMPT_WINDOW_MS);
  const recent = tx
    .select({ at: linkAttempts.at })
    .from(linkAttempts)
    .where(and(eq(linkAttempts.identity, identity), gt(linkAttempts.at, since)))
    .orderBy(asc(linkAttempts.at))
    .all();
  if (recent.length < MAX_WRONG_PER_ACCOUNT) return undefined;
  // The window slides: the account may try again once enough of its wrong codes have aged out.
  return new Date(recent[recent.length - MAX_WRONG_PER_ACCOUNT]!.at.getTime() + ATTEMPT_WINDOW_MS);
}

function countWrong(tx: Tx, identity: string, now: Date): void {
  tx.delete(linkAttempts).where(lte(linkAttempts.at, new Date(now.getTime() - ATTEMPT_WINDOW_MS))).run();
  tx.insert(linkAttempts).values({ identity, at: now }).run();
}

/**
 * Checks a code typed by `entering` (an identity string) inside the caller's transaction. The secret is
 * checked before anything about the code is said, so a guess learns only "wrong". A wrong code counts
 * against the account, and against the live code its first characters name (the fifth locks it); the
 * caller returns rather than throws, so the counts are kept. The right code is not consumed here: the
 * caller marks it used in the same transaction as the link it makes.
 */
export function checkCode(tx: Tx, typed: string, entering: string, now: Date): CodeCheck {
  const code = normalizeCode(typed);
  if (!code) return { ok: false, why: 'malformed' };
  const retryAt = throttledUntil(tx, entering, now);
  if (retryAt) return { ok: false, why: 'throttled', retryAt };
  const locator = code.slice(0, LOCATOR_LENGTH);
  const secret = code.slice(LOCATOR_LENGTH);
  const requests = tx
    .select()
    .from(linkRequests)
    .where(and(eq(linkRequests.kind, 'code'), eq(linkRequests.locator, locator)))
    .orderBy(sql`${linkRequests.id} desc`)
    .all();
  const request = requests.find((r) => r.codeHash && r.salt && sameHash(hashOf(secret, r.salt), r.codeHash));
  if (!request) {
    countWrong(tx, entering, now);
    const target = requests.find((r) => !r.usedAt && !r.lockedAt && r.expiresAt.getTime() > now.getTime());
    if (target) {
      const attempts = target.attempts + 1;
      tx.update(linkRequests).set({ attempts, ...(attempts >= MAX_TRIES ? { lockedAt: now } : {}) }).where(eq(linkRequests.id, target.id)).run();
    }
    return { ok: false, why: 'wrong' };
  }
  if (request.usedBy === 'replaced') return { ok: false, why: 'replaced' };
  if (request.usedAt) return { ok: false, why: 'used' };
  if (request.lockedAt) return { ok: false, why: 'locked' };
  if (request.expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired' };
  return { ok: true, request };
}

export function markUsed(tx: Tx, requestId: number, by: string, now: Date): void {
  tx.update(linkRequests).set({ usedAt: now, usedBy: by }).where(eq(linkRequests.id, requestId)).run();
}

/** A link proposed to `identity` on an email match; an earlier proposal to that account is replaced. */
export function proposeLink(db: Db, memberId: number, identity: string, now: Date): LinkRequest {
  return db.transaction((tx) => {
    tx.update(linkRequests)
      .set({ usedAt: now, usedBy: 'replaced' })
      .where(and(eq(linkRequests.identity, identity), eq(linkRequests.kind, 'email'), live(now)))
      .run();
    return tx
      .insert(linkRequests)
      .values({ memberId, kind: 'email', identity, createdAt: now, expiresAt: new Date(now.getTime() + PROPOSAL_TTL_MS) })
      .returning()
      .get();
  });
}

export function getRequest(db: Db | Tx, id: number): LinkRequest | undefined {
  return db.select().from(linkRequests).where(eq(linkRequests.id, id)).get();
}
