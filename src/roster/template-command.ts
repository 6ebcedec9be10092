// `roster template`: the CSV layout `roster import` reads — the header and one example row — sent to the
// coordinator privately as a file to fill in. The README documents every column.
import { context, message, text, type Card } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { COLUMNS, writeCsv, type Column } from './csv.js';
import { sendFileToCaller } from './send-file.js';

/** A made-up member, in every column, so the layout is shown filled in; 555 numbers are fictional. */
const EXAMPLE: Record<Column, string> = {
  name: 'Dana Example',
  title: 'Chief of Police',
  organization: 'Example City Police Department',
  organization_kind: 'local-agency',
  sector: '',
  headquartered: 'yes',
  category: 'law-enforcement',
  executive_level: 'Agency head',
  tier: 'board',
  status: 'active',
  vetted_on: '2026-01-15',
  email: 'dana.example@example.org',
  contact_247: '+1 612 555 0142',
  slack_id: '',
  teams_id: '',
  capabilities: 'cctv;facilities',
  timezone: 'America/Chicago',
  alternate_name: 'Sam Deputy',
  alternate_phone: '+1 612 555 0143',
  alternate_email: 'sam.deputy@example.org',
};

export function templateCsv(): string {
  return writeCsv([[...COLUMNS], COLUMNS.map((c) => EXAMPLE[c])]);
}

async function handler(ctx: CommandContext): Promise<void> {
  const note: Card = {
    header: 'Roster CSV template',
    elements: [
      text('One row per member under this header; replace the example row. Only `name` is required for someone new. Send the file back with `roster import`: nothing is applied unless every row is right.'),
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
    summary: 'The CSV layout `roster import` reads: the header and one example row, sent to you privately.',
    details: `Columns: ${COLUMNS.join(', ')}. The README explains each one.`,
    args: [],
    handler,
  });
}
