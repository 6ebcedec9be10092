// Finds the member a command names: a mention's platform identity, or a name typed on the console
// (`@jane`, `@"Jane Doe"`) matched on the roster case-insensitively — exact first, then a unique prefix.
import type { Db, Tx } from '../../db/client.js';
import { members } from '../../db/schema.js';
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

export function resolveMember(db: Db | Tx, ref: PersonRef): MemberLookup {
  if (ref.identity) {
    const identity = parseIdentity(ref.identity);
    if (!identity) return { ok: false, why: 'unreadable', problem: `I could not read the mention of ${ref.label}; mention them again from the member list.` };
    const member = findMemberByIdentity(db, identity);
    if (member) return { ok: true, member };
    return { ok: false, why: 'stranger', identity, label: ref.label, problem: `${ref.label} is not on the roster.` };
  }
  return findByName(db, ref.name ?? ref.label);
}

export function findByName(db: Db | Tx, typed: string, filter: (m: MemberRow) => boolean = () => true): MemberLookup {
  const name = typed.trim().toLowerCase();
  if (!name) return { ok: false, why: 'unknown', problem: 'Name someone: mention them, like @name.' };
  const all = db.select().from(members).all().filter(filter);
  const pick = (found: MemberRow[]): MemberLookup | undefined => {
    if (found.length === 1) return { ok: true, member: found[0]! };
    // Someone who left and someone current with one name: the current one is meant.
    const current = found.filter((m) => m.status !== 'departed');
    if (current.length === 1) return { ok: true, member: current[0]! };
    if (found.length > 1) {
      const shown = found.slice(0, MAX_SHOWN).map((m) => `${m.name} (${m.status})`).join(', ');
      return {
        ok: false,
        why: 'ambiguous',
        problem: `“${typed.trim()}” matches ${found.length} people on the roster: ${shown}${found.length > MAX_SHOWN ? ', …' : ''}. Mention them, or type more of the name in quotes: @"Jane Doe".`,
      };
    }
    return undefined;
  };
  return (
    pick(all.filter((m) => m.name.toLowerCase() === name)) ??
    pick(all.filter((m) => m.name.toLowerCase().startsWith(name))) ?? {
      ok: false,
      why: 'unknown',
      problem: `I cannot find “${typed.trim().slice(0, 60)}” on the roster. Check the spelling, or quote the full name: @"Jane Doe". \`roster\` lists the members.`,
    }
  );
}
