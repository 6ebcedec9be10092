// `roster template`: the CSV layout `roster import` reads — a comment, the header and one example row —
// sent to the coordinator privately as a file to fill in. The README documents every column.
import { context, message, text, type Card } from '../../cards/card.js';
import type { CommandContext } from '../../commands/context.js';
import type { Registry } from '../../commands/registry.js';
import { sendFileToCaller } from '../../files.js';
import { COLUMNS, EXAMPLE_ROW, TEMPLATE_COMMENT, writeCsv } from './layout.js';

export function templateCsv(): string {
  return writeCsv([[TEMPLATE_COMMENT], [...COLUMNS], COLUMNS.map((c) => EXAMPLE_ROW[c])]);
}

async function handler(ctx: CommandContext): Promise<void> {
  const note: Card = {
    header: 'Roster CSV template',
    elements: [
      text(`One row per member under the header. Delete the example row (${EXAMPLE_ROW.name}) first: an import that still has it is refused. Only \`name\` is required for someone new. Send the file back with \`roster import\`: nothing is applied unless every row is right.`),
      context('status: active or nominated (active rows record you as the vetter, on vetted_on or today). slack_id is the U… id in a Slack profile; teams_id the Entra object id. capabilities: keys separated by ;. The README lists every column.'),
    ],
    fallback: 'Roster CSV template',
  };
  const sent = await sendFileToCaller(ctx, { name: 'roster-template.csv', mime: 'text/csv', content: Buffer.from(templateCsv(), 'utf8') }, note);
  await ctx.respond.replyPrivately(message(sent.ok ? `The roster template ${sent.said}.` : sent.problem, sent.ok ? undefined : 'error'));
}

export function registerRosterTemplate(registry: Registry): void {
  registry.command({
    name: 'roster template',
    permission: 'coordinator',
    usage: '',
    summary: 'The CSV layout `roster import` reads: the header and an example row to delete, sent to you privately.',
    details: `Columns: ${COLUMNS.join(', ')}. The README explains each one.`,
    args: [],
    handler,
  });
}
