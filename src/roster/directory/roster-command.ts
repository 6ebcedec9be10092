// `roster [filter]`: the member directory — name, title, organization, category, tier — paged, and only
// ever to the caller. Coordinators also see who is nominated or suspended; nobody sees contact details here.
import { context, literal, pageOf, PAGE_SIZE, type Card, type ListItem } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { categoryLabel, listMembers, roleLine, rolesOf, type Listed } from '../../members/listing.js';

function words(l: Listed): string {
  const m = l.member;
  return [m.name, m.title, l.org?.name, categoryLabel(m.category), m.tier === 'board' ? 'board' : 'member', m.status, ...rolesOf(m)].filter(Boolean).join(' ').toLowerCase();
}

/** What this page shows of how many: "1–20 of 66 matching “cso”", or "3 shown" when all fit on it. */
function counted(page: number, total: number, filter: string): string {
  const matching = filter ? ` matching “${filter.slice(0, 60)}”` : '';
  if (total <= PAGE_SIZE) return `${total}${matching ? ` ${matching.trim()}` : ' shown'}`;
  const from = (page - 1) * PAGE_SIZE + 1;
  return `${from}–${Math.min(total, page * PAGE_SIZE)} of ${total}${matching}`;
}

const ARGS = [{ name: 'filter', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, turn, actor } = ctx;
  // Quotes only keep a word from being read as a subcommand (`roster "ad"`): the filter is the words.
  const filter = (ctx.args.filter ?? '').replace(/["“”„]/g, ' ').replace(/\s+/g, ' ').trim();
  const coordinator = actor.member.isCoordinator;
  const visible = listMembers(services.db).filter((l) => l.member.status === 'active' || (coordinator && l.member.status !== 'departed'));
  const terms = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = terms.length ? visible.filter((l) => terms.every((t) => words(l).includes(t))) : visible;
  const items: ListItem[] = shown.map((l) => {
    const m = l.member;
    const standing = m.status === 'active' ? [] : [m.status];
    const detail = [roleLine(m, l.org), categoryLabel(m.category), ...rolesOf(m), ...standing].filter(Boolean).join(' · ');
    // What people typed shows as typed: a name or an organization never formats or links.
    return detail ? { title: literal(m.name), detail: literal(detail) } : { title: literal(m.name) };
  });
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const active = visible.filter((l) => l.member.status === 'active').length;
  const card: Card = {
    header: filter ? `Roster: “${filter.slice(0, 60)}”` : `Roster of ${services.config.name}`,
    elements: [
      {
        type: 'list',
        list: {
          ...page,
          pageSize: PAGE_SIZE,
          command: filter ? `roster ${filter}` : 'roster',
          empty: filter ? `Nobody on the roster matches “${filter.slice(0, 60)}”.` : `Nobody is on the roster yet. A coordinator adds members with \`${turn.prefix}roster add\`.`,
        },
      },
      context(
        `${counted(page.page, shown.length, filter)}; ${active} active member${active === 1 ? '' : 's'} in all${coordinator ? ' (as a coordinator you also see nominated and suspended members)' : ''}. \`${turn.prefix}who <organization or capability>\` gives the people to call, with their 24/7 lines.`,
      ),
    ],
  };
  await ctx.respond.replyPrivately(card);
}

export function registerRoster(registry: Registry): void {
  registry.command({
    name: 'roster',
    permission: 'member',
    usage: '[filter]',
    summary: 'The member directory: name, title, organization, category and tier, filtered by any of them.',
    details: 'Every word of the filter must match the name, title, organization, category, tier or role (`roster board`, `roster law-enforcement minneapolis`). Shown only to you.',
    args: ARGS,
    handler,
  });
}
