// `alert list`: recent alerts, newest first, paged — open ones first in mind, each with its state and how
// many answered. A TLP:RED alert's title shows only to its sender and the members it names.
import { context, literal, pageOf, PAGE_SIZE, type Card, type ListItem } from '../cards/card.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { mayRead } from './access.js';
import { tallyOf } from './answers.js';
import { headline } from './cards.js';
import { recentAlerts } from './store.js';
import { timeOf } from './view.js';

const LIST_LIMIT = 200;

async function handler(ctx: ContextFor<readonly [], 'issuer'>): Promise<void> {
  const { services, actor, turn } = ctx;
  const zone = services.config.timezone;
  const visible = recentAlerts(services.db, LIST_LIMIT).filter((a) => a.status !== 'draft' || a.composerId === actor.member.id);
  const items: ListItem[] = visible.map((a) => {
    const readable = mayRead(actor.member, a);
    const state =
      a.status === 'sent' ? 'OPEN' : a.status === 'resolved' ? 'resolved' : a.status === 'awaiting-approval' ? 'waiting for approval' : a.status;
    const tally = a.status === 'sent' || a.status === 'resolved' ? tallyOf(services.db, a.id) : undefined;
    const when = a.sentAt ? `sent ${timeOf(a.sentAt, zone)}` : `drafted ${timeOf(a.createdAt, zone)}`;
    return {
      title: [`${headline(a)} · ${state} — `, readable ? literal(a.title) : '(title for its named recipients only)'],
      detail: `${when}${tally ? ` · ${tally.answered} of ${tally.total} answered${tally.needHelp ? `, ${tally.needHelp} need help` : ''}` : ''}`,
    };
  });
  const page = pageOf(items, ctx.page, PAGE_SIZE);
  const card: Card = {
    header: 'Incident alerts',
    elements: [
      { type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: 'alert list', empty: `No alerts yet. \`${turn.prefix}alert\` composes one.` } },
      context(`\`${turn.prefix}alert status <id>\` shows who answered; \`${turn.prefix}alert update <id> <text>\` and \`${turn.prefix}alert resolve <id>\` follow one up.`),
    ],
  };
  await ctx.respond.replyPrivately(card);
}

export function registerListCommand(registry: Registry): void {
  registry.command({
    name: 'alert list',
    permission: 'issuer',
    usage: '',
    summary: 'Recent incident alerts, open ones marked, with how many answered (privately).',
    args: [],
    handler,
  });
}
