// `alert update [id] <text>` and `alert resolve [id] [text]`: posted under every copy of the alert (the
// latest open one when no id is given), by its sender, a board member or a coordinator.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { QUEUE_DOWN_NOTE } from '../delivery/outbox.js';
import { leadingId, pickAlert } from './access.js';
import { alertName, MAX_UPDATE } from './model.js';
import { postUpdate, resolveAlert } from './use-cases/follow-up.js';

const UPDATE_ARGS = [{ name: 'text', kind: 'text' }] as const satisfies readonly ArgSpec[];
const RESOLVE_ARGS = [{ name: 'text', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

function closed(status: string | undefined, id: number, prefix: string): string {
  if (status === 'resolved') return `Alert #${id} is already resolved: its ALL CLEAR went out, and nothing more is posted under it. Send a new alert with \`${prefix}alert\` if needed.`;
  return `Alert #${id} is ${status ?? 'gone'}, not open: nothing was posted. If the number was part of your text, start with the alert's number: \`${prefix}alert update <number> <text>\`.`;
}

function posted(what: string, done: { copies: number; waiting: boolean; alert: { id: number } }): string {
  const copies = `${done.copies} cop${done.copies === 1 ? 'y' : 'ies'} of ${alertName(done.alert)}`;
  return done.waiting ? `${what} recorded: it goes under the ${copies} as soon as they are all posted (some are still on their way)` : `${what} posted under ${copies}`;
}

async function update(ctx: ContextFor<typeof UPDATE_ARGS, 'issuer'>): Promise<void> {
  const { id, rest } = leadingId(ctx.args.text);
  const text = rest.trim();
  if (!text) return ctx.respond.replyPrivately(message(`What is the update? \`${ctx.turn.prefix}alert update ${id ?? ''}${id ? ' ' : ''}<text>\``, 'refusal'));
  if (text.length > MAX_UPDATE) return ctx.respond.replyPrivately(message(`That update is ${text.length.toLocaleString('en-US')} characters; keep it to ${MAX_UPDATE.toLocaleString('en-US')}.`, 'refusal'));
  const picked = pickAlert(ctx, id, 'update');
  if (!picked.ok) return ctx.respond.replyPrivately(picked.card);
  if (picked.alert.status !== 'sent') return ctx.respond.replyPrivately(message(closed(picked.alert.status, picked.alert.id, ctx.turn.prefix), 'refusal'));
  const done = await postUpdate(ctx.services, picked.alert.id, text, { memberId: ctx.actor.member.id, identity: formatIdentity(ctx.actor.identity) });
  if (!done.ok) return ctx.respond.replyPrivately(message(closed(done.alert?.status, picked.alert.id, ctx.turn.prefix), 'refusal'));
  await ctx.respond.replyPrivately(message(`${posted('Update', done)}; its channel copies now show it.${done.queued ? '' : ` ${QUEUE_DOWN_NOTE}`}`));
}

async function resolve(ctx: ContextFor<typeof RESOLVE_ARGS, 'issuer'>): Promise<void> {
  const { id, rest } = leadingId(ctx.args.text ?? '');
  if (rest.length > MAX_UPDATE) return ctx.respond.replyPrivately(message(`Keep the ALL CLEAR to ${MAX_UPDATE.toLocaleString('en-US')} characters.`, 'refusal'));
  const picked = pickAlert(ctx, id, 'resolve');
  if (!picked.ok) return ctx.respond.replyPrivately(picked.card);
  if (picked.alert.status !== 'sent') return ctx.respond.replyPrivately(message(closed(picked.alert.status, picked.alert.id, ctx.turn.prefix), 'refusal'));
  const done = await resolveAlert(ctx.services, picked.alert.id, rest || null, { memberId: ctx.actor.member.id, identity: formatIdentity(ctx.actor.identity) });
  if (!done.ok) return ctx.respond.replyPrivately(message(closed(done.alert?.status, picked.alert.id, ctx.turn.prefix), 'refusal'));
  await ctx.respond.replyPrivately(
    message(`${posted('ALL CLEAR', done)}. Answers are closed and reminders stopped.${done.queued ? '' : ` ${QUEUE_DOWN_NOTE}`}`),
  );
}

export function registerFollowUpCommands(registry: Registry): void {
  registry.command({
    name: 'alert update',
    permission: 'issuer',
    usage: '[id] <text>',
    summary: 'Post an update under every copy of an alert (the latest open one without an id).',
    details: 'Threads under every channel copy (a Slack thread, a Teams reply) and every direct message, and the original copies show the latest update. Its sender, board members and coordinators may update it.',
    args: UPDATE_ARGS,
    handler: update,
  });
  registry.command({
    name: 'alert resolve',
    permission: 'issuer',
    usage: '[id] [text]',
    summary: 'Send the ALL CLEAR: posted like an update; answers close and escalation stops.',
    details: 'Posts ALL CLEAR under every copy of the alert (the latest open one without an id), with your text if you give one, redraws the copies as resolved, stops the reminders to non-answering members, and freezes the answers.',
    args: RESOLVE_ARGS,
    handler: resolve,
  });
}
