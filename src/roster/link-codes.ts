// One-time link codes and email-match proposals for `link`. A code is bound to the member who asked for
// it: single use, valid ten minutes, locked after five wrong tries. Only a salted SHA-256 of its secret
// part is stored, and a guess is compared in constant time.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { linkRequests } from '../../db/schema.js';

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_TRIES = 5;
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
  | { ok: false; why: 'malformed' | 'unknown' | 'used' | 'expired' | 'locked' }
  | { ok: false; why: 'wrong'; triesLeft: number; request: LinkRequest };

/**
 * Checks a typed code inside the caller's transaction. A wrong secret counts a try (and the fifth
 * locks the code); the caller returns rather than throws, so the count is kept. The right code is not
 * consumed here: the caller marks it used in the same transaction as the link it makes.
 */
export function checkCode(tx: Tx, typed: string, now: Date): CodeCheck {
  const code = normalizeCode(typed);
  if (!code) return { ok: false, why: 'malformed' };
  const request = tx
    .select()
    .from(linkRequests)
    .where(and(eq(linkRequests.kind, 'code'), eq(linkRequests.locator, code.slice(0, LOCATOR_LENGTH))))
    .orderBy(sql`${linkRequests.id} desc`)
    .get();
  if (!request || !request.codeHash || !request.salt || request.usedBy === 'replaced') return { ok: false, why: 'unknown' };
  if (request.usedAt) return { ok: false, why: 'used' };
  if (request.lockedAt) return { ok: false, why: 'locked' };
  if (request.expiresAt.getTime() <= now.getTime()) return { ok: false, why: 'expired' };
  if (!sameHash(hashOf(code.slice(LOCATOR_LENGTH), request.salt), request.codeHash)) {
    const attempts = request.attempts + 1;
    const locked = attempts >= MAX_TRIES;
    tx.update(linkRequests).set({ attempts, ...(locked ? { lockedAt: now } : {}) }).where(eq(linkRequests.id, request.id)).run();
    if (locked) return { ok: false, why: 'locked' };
    return { ok: false, why: 'wrong', triesLeft: MAX_TRIES - attempts, request };
  }
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
