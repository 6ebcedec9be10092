// The matching behind `who`: organizations by name — exact, prefix, every word, then fuzzy (Levenshtein)
// — and capabilities from the menu. A suspended or departed member brings their stand-in: the successor
// of someone who left, or the alternate of someone suspended.
import { distance } from 'fastest-levenshtein';
import type { Db } from '../../../db/client.js';
import type { MemberRow } from '../../members/model.js';
import { matchCapabilities, type Capability } from '../../members/capabilities.js';
import { listMembers, type Listed } from '../../members/listing.js';
import type { OrganizationRow } from '../../members/organizations.js';

export interface StandIn extends Listed {
  why: 'alternate' | 'successor';
}

export interface WhoEntry extends Listed {
  /** Why they are listed: the organization matched, or what they offer. */
  because: { kind: 'organization' } | { kind: 'capability'; capabilities: Capability[] };
  standIn?: StandIn;
}

export interface WhoResult {
  organizations: { org: OrganizationRow; score: number }[];
  capabilities: Capability[];
  entries: WhoEntry[];
}

const normalize = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();

/** How far a word may be mistyped and still match: none for short words, more for long ones. */
const slack = (word: string) => (word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0);

/** Lower is better; undefined: no match. */
export function organizationScore(query: string, name: string): number | undefined {
  const q = normalize(query);
  const n = normalize(name);
  if (!q || !n) return undefined;
  if (q === n) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  // Every word typed matches a word of the name, allowing a typo or two in long words ("Hennepin sherif").
  const nameWords = n.split(' ');
  let typos = 0;
  const everyWord = q.split(' ').every((w) => {
    const best = Math.min(...nameWords.map((nw) => (nw.startsWith(w) && w.length >= 3 ? 0 : distance(w, nw))));
    typos += best;
    return best <= slack(w);
  });
  if (everyWord) return 3 + typos / 10;
  const d = distance(q, n);
  if (d <= Math.max(2, Math.floor(n.length * 0.25))) return 4 + d / 10;
  return undefined;
}

function standInFor(m: MemberRow, byId: Map<number, Listed>): StandIn | undefined {
  const active = (id: number | null) => {
    const l = id === null ? undefined : byId.get(id);
    return l && l.member.status === 'active' ? l : undefined;
  };
  if (m.status === 'departed') {
    const successor = active(m.successorId);
    if (successor) return { ...successor, why: 'successor' };
  }
  const alternate = active(m.alternateMemberId);
  return alternate ? { ...alternate, why: 'alternate' } : undefined;
}

const STATUS_ORDER: Record<string, number> = { active: 0, suspended: 1, departed: 2 };

export function findWho(db: Db, query: string): WhoResult {
  const all = listMembers(db);
  const byId = new Map(all.map((l) => [l.member.id, l]));
  const orgs = new Map<number, OrganizationRow>();
  for (const l of all) if (l.org) orgs.set(l.org.id, l.org);

  const organizations = [...orgs.values()]
    .map((org) => ({ org, score: organizationScore(query, org.name) }))
    .filter((o): o is { org: OrganizationRow; score: number } => o.score !== undefined)
    .sort((a, b) => a.score - b.score || a.org.name.localeCompare(b.org.name));
  const capabilities = matchCapabilities(query);

  const entries: WhoEntry[] = [];
  const listed = new Set<number>();
  for (const { org } of organizations) {
    const people = all
      .filter((l) => l.member.organizationId === org.id && l.member.status in STATUS_ORDER)
      .sort((a, b) => STATUS_ORDER[a.member.status]! - STATUS_ORDER[b.member.status]! || Number(b.member.tier === 'board') - Number(a.member.tier === 'board') || a.member.name.localeCompare(b.member.name));
    for (const l of people) {
      const standIn = l.member.status === 'active' ? undefined : standInFor(l.member, byId);
      // Someone who left with nobody named in their place is history, not a number to call.
      if (l.member.status === 'departed' && !standIn) continue;
      entries.push({ ...l, because: { kind: 'organization' }, ...(standIn ? { standIn } : {}) });
      listed.add(l.member.id);
    }
  }
  if (capabilities.length) {
    const keys = new Set(capabilities.map((c) => c.key));
    for (const l of all) {
      if (l.member.status !== 'active' || listed.has(l.member.id)) continue;
      const offers = capabilities.filter((c) => l.member.capabilities.includes(c.key));
      if (offers.length && offers.every((c) => keys.has(c.key))) entries.push({ ...l, because: { kind: 'capability', capabilities: offers } });
    }
  }
  return { organizations, capabilities, entries };
}
