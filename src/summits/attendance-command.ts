// `summit attendance <id>`: a coordinator records who came, alternates included, in a form with the
// roster (src/summits/use-cases/attendance.ts); the day-after card's button opens the same form.
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { ATTENDANCE_FORM, openAttendanceForm, saveAttendance } from './use-cases/attendance.js';

const ARGS = [
  { name: 'id', kind: 'number', min: 1, ask: (p: string) => `Which event? Give its number from \`${p}summit list\`, e.g. \`${p}summit attendance 3\`.` },
] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  await openAttendanceForm(ctx, ctx.args.id);
}

export function registerAttendance(registry: Registry): void {
  registry.command({
    name: 'summit attendance',
    permission: 'coordinator',
    usage: '<id>',
    summary: 'Record who came to a summit or meeting, alternates included.',
    details: 'A form with the roster: those who said they were going, and the alternates they sent, are preselected. It feeds the attendance rates in `cadence` and the rule that each member attends at least one summit a year.',
    args: ARGS,
    handler,
  });
  registry.form({ formId: ATTENDANCE_FORM, permission: 'coordinator', handler: saveAttendance });
}
