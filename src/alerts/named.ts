// The members a TLP:RED alert names: a mention the platform encoded, or a name typed on the console or
// in the form (`Dana Holt`, `@dana`), matched against active members — exact first, then a unique prefix.
import type { UserRef } from '../commands/args.js';
import { parseIdentity } from '../core/identity.js';
import { activeMembers } from '../members/audience.js';
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
  const active = activeMembers(services);
  const found = new Map<number, MemberRow>();
  const problems: string[] = [];
  for (const ref of refs) {
    if (ref.identity) {
      const identity = parseIdentity(ref.identity);
      const member = identity ? findMemberByIdentity(services.db, identity) : undefined;
      if (!member) problems.push(`${ref.label} is not on the roster`);
      else if (member.status !== 'active') problems.push(`${member.name} is ${member.status}, not an active member`);
      else found.set(member.id, member);
      continue;
    }
    const typed = (ref.name ?? ref.label).trim().toLowerCase();
    const exact = active.filter((m) => m.name.toLowerCase() === typed);
    const prefix = exact.length > 0 ? exact : active.filter((m) => m.name.toLowerCase().startsWith(typed));
    if (prefix.length === 1) found.set(prefix[0]!.id, prefix[0]!);
    else if (prefix.length === 0) problems.push(`no active member is called “${(ref.name ?? ref.label).slice(0, 60)}”`);
    else problems.push(`“${(ref.name ?? ref.label).slice(0, 60)}” could be ${prefix.slice(0, 4).map((m) => m.name).join(', ')}${prefix.length > 4 ? ', …' : ''}: type more of the name`);
  }
  if (problems.length > 0) return { ok: false, problem: `I cannot tell who the alert is for: ${problems.join('; ')}.` };
  if (found.size === 0) return { ok: false, problem: 'A TLP:RED alert needs at least one named member.' };
  return { ok: true, members: [...found.values()] };
}
