// `alert status [id]`: the ledger of an alert, privately to its sender, the board and coordinators —
// who answered what and when per organization, who has not, where each copy stands, how fast it went.
import { bold, context, literal, message, pageOf, PAGE_SIZE, text, type Card, type CardElement, type ListItem, type Span } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { leadingId, pickAlert } from './access.js';
import { headline, tallyLine } from './cards.js';
import { unnamed, type Copy } from './copies.js';
import { ledgerOf, targetNames, type Ledger, type LedgerMember } from './ledger.js';
import { ANSWER_LABEL, type AlertRow } from './model.js';
import { loadView, durationOf, timeOf } from './view.js';

const ARGS = [{ name: 'id', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

function memberLine(m: LedgerMember, zone: string): string {
  if (!m.answer) return `${m.name}: not answered${m.escalated ? ' (escalated)' : ''}`;
  return `${m.name}: ${ANSWER_LABEL[m.answer].toLowerCase()} ${m.answeredAt ? timeOf(m.answeredAt, zone).split(',')[0] : ''}${m.via ? ` (on ${m.via})` : ''}`;
}

function copiesLine(what: string, copies: Copy[], names: Map<string, string>): (string | Span)[] {
  const name = (c: Copy) => names.get(c.target) ?? unnamed(c);
  const of = (s: Copy['status']) => copies.filter((c) => c.status === s);
  const out: (string | Span)[] = [bold(`${what} (${copies.length}): `), `delivered ${of('sent').length}`];
  const delivered = of('sent').map(name);
  if (delivered.length > 0 && what === 'Conversations') out.push(' — ', literal(delivered.slice(0, 30).join(', ') + (delivered.length > 30 ? ` and ${delivered.length - 30} more` : '')));
  for (const c of of('failed').slice(0, 15)) out.push('\n• failed: ', literal(name(c)), ` — ${c.error ?? 'refused'}`);
  if (of('failed').length > 15) out.push(`\n• …and ${of('failed').length - 15} more failed`);
  for (const c of of('unconfirmed').slice(0, 15)) out.push('\n• unconfirmed (may have arrived): ', literal(name(c)));
  const pending = of('pending');
  if (pending.length) out.push(`\n• pending: ${pending.length}`, ...(pending.length <= 15 ? [' — ', literal(pending.map(name).join(', '))] : []));
  const repeated = copies.filter((c) => c.repeated);
  if (repeated.length) out.push('\n• sent again after no answer, so may show twice: ', literal(repeated.slice(0, 15).map(name).join(', ')));
  return out;
}

export function ledgerCard(alert: AlertRow, ledger: Ledger, options: { zone: string; names: Map<string, string>; page: number; tally: string }): Card {
  const { zone } = options;
  const elements: CardElement[] = [text({ text: alert.title, bold: true })];
  const state = alert.status === 'resolved' && alert.resolvedAt ? `resolved ${timeOf(alert.resolvedAt, zone)}` : alert.status === 'sent' ? 'open' : alert.status;
  elements.push(context(`${alert.sentAt ? `Sent ${timeOf(alert.sentAt, zone)} · ` : ''}${state}`));
  elements.push(text([bold('Answers: '), options.tally, ledger.notAnswered ? ` · ${ledger.notAnswered} not answered` : '']));
  const timing: string[] = [];
  if (ledger.firstCopyMs !== undefined) timing.push(`Send to first copy ${durationOf(ledger.firstCopyMs)}`);
  if (ledger.lastCopyMs !== undefined) timing.push(ledger.settled ? `to last copy ${durationOf(ledger.lastCopyMs)}` : 'copies still on their way');
  timing.push(ledger.medianAnswerMs !== undefined ? `median time to answer ${durationOf(ledger.medianAnswerMs)}` : 'nobody has answered yet');
  elements.push(text([bold('Timing: '), timing.join(' · ')]));
  if (ledger.needHelp.length > 0) {
    const lines: (string | Span)[] = [bold(`Need help (${ledger.needHelp.length}):`)];
    for (const m of ledger.needHelp.slice(0, 20)) lines.push('\n• ', literal(m.name), ...(m.organization ? [' (', literal(m.organization), ')'] : []), ': ', m.contact247 ? literal(m.contact247) : 'no 24/7 line on file');
    elements.push(text(lines));
  }
  if (ledger.posts.length > 0) elements.push(text(copiesLine('Conversations', ledger.posts, options.names)));
  if (ledger.dms.length > 0) elements.push(text(copiesLine('Direct messages', ledger.dms, options.names)));
  if (ledger.calls.length > 0) {
    const lines: (string | Span)[] = [bold(`Call list (${ledger.calls.length}):`)];
    for (const c of ledger.calls.slice(0, 30)) {
      lines.push('\n• ', literal(c.name), ...(c.organization ? [' (', literal(c.organization), ')'] : []), ': ');
      lines.push(c.contact247 ? literal(c.contact247) : c.forMember ? 'no phone on file' : 'no 24/7 line on file', ...(c.forMember ? [' — alternate of ', literal(c.forMember)] : []));
    }
    if (ledger.calls.length > 30) lines.push(`\n…and ${ledger.calls.length - 30} more`);
    elements.push(text(lines));
  }
  const items: ListItem[] = ledger.organizations.map((o) => {
    const answered = o.members.filter((m) => m.answer).length;
    const detail = o.members.map((m) => memberLine(m, zone)).join('; ');
    return { title: [literal(o.name), ` — ${answered} of ${o.members.length} answered`], detail: literal(detail.length > 900 ? `${detail.slice(0, 899)}…` : detail) };
  });
  const page = pageOf(items, options.page, PAGE_SIZE);
  elements.push(text(bold('By organization')));
  elements.push({ type: 'list', list: { ...page, pageSize: PAGE_SIZE, command: `alert status ${alert.id}`, empty: 'Nobody was meant to answer it.' } });
  return { header: `Status — ${headline(alert)}`, elements };
}

async function handler(ctx: ContextFor<typeof ARGS, 'issuer'>): Promise<void> {
  const { id, rest } = leadingId(ctx.args.id ?? '');
  if (rest) return ctx.respond.replyPrivately(message(`\`${ctx.turn.prefix}alert status\` takes an alert's number, like \`${ctx.turn.prefix}alert status 12\`, or nothing for the latest open alert.`, 'refusal'));
  const picked = pickAlert(ctx, id, 'see the status of');
  if (!picked.ok) return ctx.respond.replyPrivately(picked.card);
  const { services } = ctx;
  const view = loadView(services.db, picked.alert.id)!;
  const ledger = ledgerOf(services, picked.alert);
  const card = ledgerCard(picked.alert, ledger, { zone: services.config.timezone, names: targetNames(services.db, picked.alert.id), page: ctx.page, tally: view.tally ? tallyLine(view.tally) : 'not sent yet' });
  await ctx.respond.replyPrivately(card);
}

export function registerStatusCommand(registry: Registry): void {
  registry.command({
    name: 'alert status',
    permission: 'issuer',
    usage: '[id]',
    summary: 'The ledger of an alert: who answered what and when, where each copy stands, how fast it went (privately).',
    details:
      'Per organization who answered what and when and who has not; per conversation delivered / failed (with the reason) / unconfirmed / pending; direct messages likewise; time from Send to the first and last copy; the median time to answer; the call list. Only to its sender, board members and coordinators (a TLP:RED alert: its sender and those it names).',
    args: ARGS,
    handler,
  });
}
