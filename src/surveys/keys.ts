// The key to an anonymous answer: random, carried only in the member's own survey card, and stored
// only as a hash beside the answer, so the database alone can never lead from a person to an answer.
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** 128 random bits, URL-safe: 22 characters, short enough for a button's value on every platform. */
export function newAnswerKey(): string {
  return randomBytes(16).toString('base64url');
}

/** What is stored: the key's SHA-256. A random 128-bit key needs no salt or slow hash to resist guessing. */
export function hashAnswerKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function isAnswerKey(text: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(text);
}

/** An answer row's id: random, so the order of rows says nothing about the order of answers. */
export function randomRowId(): number {
  return randomInt(1, 2 ** 47);
}
