// The members a TLP:RED alert names: a mention the platform encoded, or a name typed on the console or
// in the form (`Dana Holt`, `@dana`), found among active members by the roster's forgiving matcher.
import type { UserRef } from '../commands/args.js';
import { parseIdentity } from '../core/identity.js';
import { findByName } from '../members/lookup.js';
import type { MemberRow } from '../members/model.js';
import { findMemberByIdentity } from '../members/store.js';
import type { Services } from '../services.js';

export type Named = { ok: true; members: MemberRow[] } | { ok: false; problem: string };

/** Names typed in the form's recipients field: commas or new lines between them, an optional `@`. */
export function refsFromText(text: string): UserRef[] {
  return text
    .split(/[,\n;]+/)
    .map((s) => s.trim().replace(/^@/, '').replace(/^"(.*)"$/, '$1').trim())
    .filter(Boolean)
    .map((name) => ({ name, label: name }));
}

export function resolveNamed(services: Services, refs: UserRef[]): Named {
  const found = new Map<number, MemberRow>();
  const problems: string[] = [];
  for (const ref of refs) {
    if (ref.identity) {
      const identity = parseIdentity(ref.identity);
      const member = identity ? findMemberByIdentity(services.db, identity) : undefined;
      if (!member) problems.push(`${ref.label} is not on the roster.`);
      else if (member.status !== 'active') problems.push(`${member.name} is ${member.status}, not an active member.`);
      else found.set(member.id, member);
      continue;
    }
    // Found as the roster finds people: without a title, by part of the name, one typo forgiven.
    const found1 = findByName(services.db, ref.name ?? ref.label, (m) => m.status === 'active');
    if (found1.ok) found.set(found1.member.id, found1.member);
    else problems.push(found1.problem);
  }
  if (problems.length > 0) return { ok: false, problem: `I cannot tell who the alert is for. ${problems.join(' ')}` };
  if (found.size === 0) return { ok: false, problem: 'A TLP:RED alert needs at least one named member.' };
  return { ok: true, members: [...found.values()] };
}
