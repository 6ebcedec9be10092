// Finds the member a command names: a mention's platform identity, `@me`, or a name as people type it
// (`@jane`, `@"Tom Brandt"`) matched forgivingly — titles dropped, case and accents folded, one typo
// allowed — with "did you mean" when several fit, and every refusal showing the form that works.
import { distance } from 'fastest-levenshtein';
import type { Db, Tx } from '../../db/client.js';
import { members } from '../../db/schema.js';
import { atName } from '../core/words.js';
import { parseIdentity, type Identity } from '../core/identity.js';
import type { MemberRow } from './model.js';
import { findMemberByIdentity } from './store.js';

/** Someone named in a command: a `user` argument (src/commands/args.ts) has this shape. */
export interface PersonRef {
  /** A platform identity string (`slack:U…`) when the platform itself encoded the mention. */
  identity?: string;
  /** A name to look up on the roster. */
  name?: string;
  /** What the mention showed. */
  label: string;
}

export type MemberLookup =
  | { ok: true; member: MemberRow }
  /** A mention of someone the platform knows but the roster does not. */
  | { ok: false; why: 'stranger'; identity: Identity; label: string; problem: string }
  | { ok: false; why: 'unknown' | 'ambiguous' | 'unreadable'; problem: string };

const MAX_SHOWN = 5;

/**
 * `@me` is the caller (when the command knows who that is); a mention is found by its account; a typed
 * name by findByName.
 */
export function resolveMember(db: Db | Tx, ref: PersonRef, caller?: MemberRow): MemberLookup {
  if (ref.identity) {
    const identity = parseIdentity(ref.identity);
    if (!identity) return { ok: false, why: 'unreadable', problem: `I could not read the mention of ${ref.label}; mention them again from the member list.` };
    const member = findMemberByIdentity(db, identity);
    if (member) return { ok: true, member };
    return { ok: false, why: 'stranger', identity, label: ref.label, problem: `${ref.label} is not on the roster.` };
  }
  const typed = ref.name ?? ref.label;
  if (caller && /^(me|myself)$/i.test(typed.trim())) return { ok: true, member: caller };
  return findByName(db, typed);
}

/**
 * Titles people put before a name, as normalized words; "Sheriff Tom Brandt" is found as "Tom Brandt",
 * and "Chief Karen Wu" finds Karen Wu. Longer phrases first, so "special agent in charge" goes whole.
 */
const TITLES = [
  'assistant special agent in charge', 'special agent in charge', 'agent in charge', 'chief of police', 'chief executive',
  'chief', 'sheriff', 'undersheriff', 'director', 'deputy', 'assistant', 'associate', 'acting', 'interim', 'executive',
  'special agent', 'agent', 'sac', 'asac', 'captain', 'capt', 'lieutenant', 'lt', 'sergeant', 'sgt', 'commander', 'cmdr',
  'major', 'maj', 'colonel', 'col', 'inspector', 'superintendent', 'commissioner', 'marshal', 'officer', 'detective', 'det',
  'dr', 'doctor', 'mr', 'mrs', 'ms', 'mx', 'miss', 'prof', 'professor', 'hon', 'honorable', 'judge', 'president', 'vp',
] as const;

/** Lower case, accents off, punctuation as spaces: "José Álvarez-Ruiz" → "jose alvarez ruiz". */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded name without the titles in front of it (a name that is all title keeps its words). */
export function bareName(s: string): string {
  let words = foldName(s).split(' ').filter(Boolean);
  for (let again = true; again; ) {
    again = false;
    for (const title of TITLES) {
      const t = title.split(' ');
      if (words.length > t.length && t.every((w, i) => words[i] === w)) {
        words = words.slice(t.length);
        again = true;
        break;
      }
    }
  }
  return words.join(' ');
}

/** Every typed word is a word of the name (the last may be its start), each a different word; `typos` allowed in all. */
function wordsFit(typed: string[], name: string[], typos: number): boolean {
  const left = [...name];
  let spent = 0;
  for (const [i, w] of typed.entries()) {
    const last = i === typed.length - 1;
    let at = left.findIndex((n) => n === w || (last && w.length >= 2 && n.startsWith(w)));
    if (at < 0 && spent < typos && w.length >= 4) {
      at = left.findIndex((n) => distance(n, w) <= 1);
      if (at >= 0) spent++;
    }
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

interface Folded {
  row: MemberRow;
  raw: string;
  bare: string;
  words: string[];
}

export function findByName(db: Db | Tx, typed: string, filter: (m: MemberRow) => boolean = () => true): MemberLookup {
  const shownTyped = typed.trim().slice(0, 60);
  const raw = typed.trim().toLowerCase();
  if (!raw) return { ok: false, why: 'unknown', problem: 'Name someone: mention them, like @jane or @"Jane Doe".' };
  const all: Folded[] = db
    .select()
    .from(members)
    .all()
    .filter(filter)
    .map((row) => {
      const bare = bareName(row.name);
      return { row, raw: row.name.toLowerCase(), bare, words: bare.split(' ') };
    });
  const bare = bareName(typed);
  const words = bare.split(' ').filter(Boolean);

  const pick = (found: Folded[]): MemberLookup | undefined => {
    if (found.length === 1) return { ok: true, member: found[0]!.row };
    // Someone who left and someone current with one name: the current one is meant.
    const current = found.filter((m) => m.row.status !== 'departed');
    if (current.length === 1) return { ok: true, member: current[0]!.row };
    if (found.length > 1) {
      const sorted = [...found].sort((a, b) => a.row.name.localeCompare(b.row.name));
      const shown = sorted.slice(0, MAX_SHOWN).map((m) => `${atName(m.row.name)}${m.row.status === 'active' ? '' : ` (${m.row.status})`}`);
      const list = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}` : shown[0];
      return {
        ok: false,
        why: 'ambiguous',
        problem: `“${shownTyped}” matches ${found.length} people on the roster. Did you mean ${list}?${found.length > MAX_SHOWN ? ' (Type more of the name to see the others.)' : ''}`,
      };
    }
    return undefined;
  };
  // As typed first (so "Jane Doe-" still means Jane Doe-Smith), then ever more forgiving.
  return (
    pick(all.filter((m) => m.raw === raw)) ??
    pick(all.filter((m) => m.raw.startsWith(raw))) ??
    (bare ? pick(all.filter((m) => m.bare === bare)) : undefined) ??
    (bare ? pick(all.filter((m) => m.bare.startsWith(bare))) : undefined) ??
    (words.length ? pick(all.filter((m) => wordsFit(words, m.words, 0))) : undefined) ??
    (bare.length >= 4 ? pick(all.filter((m) => distance(m.bare, bare) <= 1 || wordsFit(words, m.words, 1))) : undefined) ?? {
      ok: false,
      why: 'unknown',
      problem: `I cannot find “${shownTyped}” on the roster. Check the spelling, or give the full name in quotes: @"Full Name". \`roster\` lists the members.`,
    }
  );
}
