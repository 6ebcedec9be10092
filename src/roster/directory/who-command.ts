// `who <organization or capability>`: the people to call at an organization (fuzzy on its name) or who
// offers a capability, each with their 24/7 line and their alternate — best match first, only to the caller.
import { context, literal, pageOf, PAGE_SIZE, text, type Card, type ListItem } from '../../cards/card.js';
import { atName } from '../../core/words.js';
import type { Services } from '../../services.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import type { Platform } from '../../core/identity.js';
import { PLATFORM_SHORT_NAME } from '../../core/platform-names.js';
import type { MemberRow } from '../../members/model.js';
import { dmTargetOf } from '../../members/reach.js';
import { findMemberById } from '../../members/store.js';
import { CAPABILITIES } from '../../members/capabilities.js';
import { describeMember, listMembers } from '../../members/listing.js';
import { findWho, type WhoEntry } from './who.js';

/** How to reach a member: their 24/7 line, email, and whether the bot can message them. */
export function reachOf(services: Services, m: MemberRow): string {
  const target = dmTargetOf(services, m.id);
  const parts = [m.contact247 ? `24/7 ${m.contact247}` : 'no 24/7 line on file'];
  if (m.email) parts.push(m.email);
  if (target) parts.push(`on ${PLATFORM_SHORT_NAME[target.split(':')[0] as Platform] ?? 'chat'}`);
  return parts.join(', ');
}

function alternateOf(services: Services, m: MemberRow): string {
  if (m.alternateMemberId) {
    const alt = findMemberById(services.db, m.alternateMemberId);
    if (alt && alt.status === 'active') return `alternate ${alt.name} (${reachOf(services, alt)})`;
  }
  if (m.alternateName) {
    const how = [m.alternatePhone, m.alternateEmail].filter(Boolean).join(', ');
    return `alternate ${m.alternateName}${how ? ` (${how})` : ''}`;
  }
  return 'no alternate on file';
}

/** An entry's lines are mostly what people typed (names, titles, organizations, numbers): shown as typed. */
function itemOf(services: Services, e: WhoEntry): ListItem {
  const { title, detail } = linesOf(services, e);
  return { title: literal(title), detail: literal(detail) };
}

function linesOf(services: Services, e: WhoEntry): { title: string; detail: string } {
  const m = e.member;
  const offers = e.because.kind === 'capability' ? ` — offers ${e.because.capabilities.map((c) => c.label).join(', ')}` : '';
  if (m.status === 'active') {
    return { title: `${describeMember(m, e.org)}${offers}`, detail: `${reachOf(services, m)}; ${alternateOf(services, m)}` };
  }
  const standing = m.status === 'departed' ? 'has left' : 'is suspended';
  if (!e.standIn) {
    return { title: `${describeMember(m, e.org)} (${m.status})`, detail: `${m.name} ${standing} and has no active alternate on file${m.alternateName ? `; their contact card: ${alternateOf(services, m)}` : ''}. Ask a coordinator who stands in.` };
  }
  const s = e.standIn;
  return {
    title: `Call ${describeMember(s.member, s.org)} — ${s.why} for ${m.name}, who ${standing}`,
    detail: `${reachOf(services, s.member)}; ${alternateOf(services, s.member)}`,
  };
}

/** Members waiting to be vetted at these organizations. */
function nominatedAt(services: Services, orgIds: number[]): MemberRow[] {
  const ids = new Set(orgIds);
  return listMembers(services.db)
    .map((l) => l.member)
    .filter((m) => m.status === 'nominated' && m.organizationId !== null && ids.has(m.organizationId));
}

const ARGS = [
  { name: 'query', kind: 'text', ask: (p: string) => `Who are you looking for? Name an organization or what they can offer, e.g. \`${p}who FedEx\` or \`${p}who cctv\`.` },
] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, turn } = ctx;
  const query = ctx.args.query.trim().slice(0, 120);
  const result = findWho(services.db, query);
  const items = result.entries.map((e) => itemOf(services, e));
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const matched = [
    ...result.organizations.slice(0, 5).map((o) => o.org.name),
    ...result.capabilities.map((c) => c.label),
  ];
  const examples = CAPABILITIES.slice(0, 4).map((c) => c.label.split(' ')[0]!.toLowerCase()).join(', ');
  const card: Card = {
    header: `Who: ${query}`,
    elements: [
      {
        type: 'list',
        list: {
          ...page,
          pageSize: PAGE_SIZE,
          command: `who ${query}`,
          empty: matched.length
            ? `${matched.join(', ')} matched, but nobody active is on file for it.${ctx.actor.member.isCoordinator ? '' : ' Ask a coordinator.'}`
            : `No organization or capability matches “${query}”. Try part of an organization's name, or a capability such as ${examples}. \`${turn.prefix}roster\` lists everyone.`,
        },
      },
    ],
  };
  if (matched.length && items.length) card.elements.push(context(`Matched: ${matched.join('; ')}. Shown only to you.`));
  // Nobody active to call, but someone there is waiting to be vetted: a coordinator can change that.
  const nominated = ctx.actor.member.isCoordinator && items.length === 0 ? nominatedAt(services, result.organizations.map((o) => o.org.id)) : [];
  if (nominated.length) {
    card.elements.push(
      text([
        'Nominated, not yet vetted: ',
        literal(nominated.map((m) => m.name).join(', ')),
        `. Vet them with \`${turn.prefix}vet ${atName(nominated[0]!.name)}\`, or see \`${turn.prefix}roster pending\`.`,
      ]),
    );
  }
  await ctx.respond.replyPrivately(card);
}

export function registerWho(registry: Registry): void {
  registry.command({
    name: 'who',
    permission: 'member',
    usage: '<organization or capability>',
    summary: 'Who to call at an organization, or who can offer a capability — with 24/7 lines and alternates.',
    details:
      'Organizations match on part of the name and forgive typos (`who hennepin sherif`); capabilities come from the menu of options (`who cctv`, `who staging`, `who logistics`). Someone suspended or gone is replaced by their alternate or successor. Shown only to you.',
    args: ARGS,
    handler,
  });
}
