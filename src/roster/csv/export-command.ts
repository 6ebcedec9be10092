// `roster export`: the whole roster as CSV — the columns `roster import` reads, plus when each vetting
// runs out — sent privately to the coordinator who asked, never to a channel. Audited.
import { DateTime } from 'luxon';
import type { Db } from '../../../db/client.js';
import { identities } from '../../../db/schema.js';
import { context, message, text, type Card } from '../../cards/card.js';
import type { CommandContext } from '../../commands/context.js';
import type { Registry } from '../../commands/registry.js';
import { writeAudit } from '../../core/audit.js';
import { formatDate } from '../../core/dates.js';
import { formatIdentity } from '../../core/identity.js';
import { sendFileToCaller } from '../../files.js';
import { COLUMNS, EXPORT_ONLY, writeCsv, type Column } from './layout.js';
import { listMembers } from '../../members/listing.js';

/** Every member (departed ones too: their records stay until retention erases the contacts), by name. */
export function rosterRows(db: Db, zone: string): string[][] {
  const ids = new Map<number, Record<string, string>>();
  for (const i of db.select().from(identities).all()) ids.set(i.memberId, { ...ids.get(i.memberId), [i.platform]: i.externalId });
  const day = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd') : '');
  const rows = listMembers(db).map(({ member: m, org }) => {
    const cells: Record<Column | (typeof EXPORT_ONLY)[number], string> = {
      name: m.name,
      title: m.title ?? '',
      organization: org?.name ?? '',
      organization_kind: org?.kind ?? '',
      sector: org?.sector ?? '',
      headquartered: org?.headquarteredInJurisdiction == null ? '' : org.headquarteredInJurisdiction ? 'yes' : 'no',
      category: m.category ?? '',
      executive_level: m.executiveLevel ?? '',
      tier: m.tier,
      status: m.status,
      vetted_on: day(m.vettedAt),
      email: m.email ?? '',
      contact_247: m.contact247 ?? '',
      slack_id: ids.get(m.id)?.slack ?? '',
      teams_id: ids.get(m.id)?.teams ?? '',
      capabilities: m.capabilities.join(';'),
      timezone: m.timezone ?? '',
      alternate_name: m.alternateName ?? '',
      alternate_phone: m.alternatePhone ?? '',
      alternate_email: m.alternateEmail ?? '',
      vetting_expires: m.status === 'active' ? day(m.vettingExpiresAt) : '',
    };
    return [...COLUMNS, ...EXPORT_ONLY].map((c) => cells[c]);
  });
  return [[...COLUMNS, ...EXPORT_ONLY], ...rows];
}

async function handler(ctx: CommandContext): Promise<void> {
  const { services, actor, respond } = ctx;
  const at = services.clock();
  const zone = services.config.timezone;
  const rows = rosterRows(services.db, zone);
  const count = rows.length - 1;
  const day = DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM-dd');
  const note: Card = {
    header: `Roster of ${services.config.name}`,
    elements: [
      text(`${count} member${count === 1 ? '' : 's'} as of ${formatDate(at, zone)}, every status, in the columns \`roster import\` reads (vetting_expires is for reading only).`),
      context('It holds 24/7 lines and contact details: keep it to yourself, and delete it when done.'),
    ],
    fallback: `Roster export (${count} members)`,
  };
  const file = { name: `roster-${day}.csv`, mime: 'text/csv', content: Buffer.from(writeCsv(rows), 'utf8') };
  const sent = await sendFileToCaller(ctx, file, note);
  if (!sent.ok) {
    await respond.replyPrivately(message(sent.problem, 'error'));
    return;
  }
  services.db.transaction((tx) =>
    writeAudit(tx, { at, actor: formatIdentity(actor.identity), actorMemberId: actor.member?.id ?? null, action: 'roster.export', subject: file.name, details: { rows: count, platform: ctx.turn.platform } }),
  );
  await respond.replyPrivately(message(`The roster (${count} member${count === 1 ? '' : 's'}) ${sent.said}. The export is recorded in the audit.`));
}

export function registerRosterExport(registry: Registry): void {
  registry.command({
    name: 'roster export',
    permission: 'coordinator',
    usage: '',
    summary: 'The whole roster as a CSV file, contact details included, sent only to you. Audited.',
    details:
      'On Slack the file arrives in your direct messages with PPP Bot; on Teams as a file card in your 1:1 chat (Allow saves it to your OneDrive); on the console it is written under DATA_DIR/exports, readable by you only. The columns are those `roster import` reads, so an edited export can be imported again. Cells a spreadsheet would run as a formula start with an apostrophe.',
    args: [],
    handler,
  });
}
