// `summit move <id> <when>` and `summit cancel <id> [reason]`: each shows what would change and asks
// before anyone is told (src/summits/use-cases/move.ts, cancel.ts).
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { MAX_REASON, proposeCancel } from './use-cases/cancel.js';
import { proposeMove } from './use-cases/move.js';

const WHICH = (verb: string) => (p: string) => `Which event do you want to ${verb}? Give its number from \`${p}summit list\`, e.g. \`${p}summit ${verb} 3${verb === 'move' ? ' next Thursday 9am' : ''}\`.`;
const MOVE_ARGS = [
  { name: 'id', kind: 'number', min: 1, ask: WHICH('move') },
  { name: 'when', kind: 'text', ask: (p: string) => `To when? e.g. \`${p}summit move 3 next Thursday 9am\` or \`${p}summit move 3 2027-03-12 14:00\`.` },
] as const satisfies readonly ArgSpec[];
const CANCEL_ARGS = [
  { name: 'id', kind: 'number', min: 1, ask: WHICH('cancel') },
  { name: 'reason', kind: 'text', optional: true },
] as const satisfies readonly ArgSpec[];

async function move(ctx: ContextFor<typeof MOVE_ARGS, 'coordinator'>): Promise<void> {
  await proposeMove(ctx, ctx.args.id, ctx.args.when);
}

async function cancel(ctx: ContextFor<typeof CANCEL_ARGS, 'coordinator'>): Promise<void> {
  await proposeCancel(ctx, ctx.args.id, ctx.args.reason);
}

export function registerChangeCommands(registry: Registry): void {
  registry.command({
    name: 'summit move',
    permission: 'coordinator',
    usage: '<id> <when> [for <length>]',
    summary: 'Move a summit or meeting: reminders move with it, invites are re-sent, everyone who answered is told.',
    details: 'The new date is read in the event’s own time zone unless you name one, and shown back with Move / Keep. Answers stand; reminders whose time is past for the new date are dropped, the others move; calendar invites are sent again with a higher SEQUENCE.',
    args: MOVE_ARGS,
    handler: move,
  });
  registry.command({
    name: 'summit cancel',
    permission: 'coordinator',
    usage: '<id> [reason]',
    summary: 'Cancel a summit or meeting: no reminder fires, everyone who answered is told, calendar copies are withdrawn.',
    details: `Shows what would be cancelled with Cancel it / Keep it. The reason (up to ${MAX_REASON} characters) is shown to members.`,
    args: CANCEL_ARGS,
    handler: cancel,
  });
}
