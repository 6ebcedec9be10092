// `checklist export [template]`: every mark and note of the review as CSV, for coordinators and the
// opener, privately. The console writes a file under DATA_DIR; Slack and Teams get the CSV as text in
// direct messages (the Messenger port has no file upload), in parts that each fit one message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { code, message } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { askWhich } from './access.js';
import { formatIdentity } from '../core/identity.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { csvCard, csvParts, reviewRows, toCsv } from './csv.js';
import { canManage, manageRefusal, noneOpen, resolveReview, titleOf } from './resolve.js';
import { auditExport, marksOf, type Review } from './store.js';
import type { Caller } from './summary-command.js';
import { plural } from './summary.js';
import { TEMPLATE_KEYS, templateOf, type TemplateKey } from './templates.js';

/** One message's worth: four sections of whole lines, far inside Slack's 50 blocks and Teams' 80 KB. */
const PART_CHARS = 10_000;
const SECTION_CHARS = 2_600;

function writeFile(dataDir: string, review: Review, csv: string, at: Date): string {
  const dir = join(dataDir, 'exports');
  // Owner-only, like the rest of DATA_DIR: the file holds what members wrote.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `checklist-${review.id}-${at.toISOString().replace(/[:.]/g, '-')}.csv`);
  writeFileSync(path, csv, { mode: 0o600 });
  return path;
}

export async function exportIt(ctx: Caller, review: Review): Promise<void> {
  const { services, actor, respond, turn } = ctx;
  if (!canManage(actor, review)) return respond.replyPrivately(manageRefusal('export', review, turn.prefix));
  const template = templateOf(review.template)!;
  const rows = reviewRows(review, template, marksOf(services.db, review.id));
  const at = services.clock();
  const by = { memberId: actor.member!.id, identity: formatIdentity(actor.identity) };
  const count = rows.length - 1;
  if (turn.platform === 'console') {
    const path = writeFile(services.config.dataDir, review, toCsv(rows), at);
    auditExport(services.db, review.id, by, count, at);
    return respond.replyPrivately(message([`Wrote ${plural(count, 'row')} of ${titleOf(review)} to `, code(path), '.']));
  }
  const parts = csvParts(rows, PART_CHARS);
  const cards = parts.map((csv, i) => csvCard(titleOf(review), i + 1, parts.length, csv, SECTION_CHARS));
  const target = formatIdentity(actor.identity);
  // One batch per part: a batch sends one message per recipient, and each part is its own message.
  for (const [i, card] of cards.entries()) await sendBatch(services, `checklist-export-${review.id}-${at.getTime()}-${i + 1}`, [dmItem(target, card)]);
  auditExport(services.db, review.id, by, count, at);
  const how = parts.length > 1 ? `, in ${parts.length} parts (each starts with the header row)` : '';
  await respond.replyPrivately(message(`The CSV of ${titleOf(review)} (${plural(count, 'row')}) is on its way to your direct messages with PPP Bot${how}.`));
}

async function handler(ctx: CommandContext): Promise<void> {
  const template = ctx.args.template as TemplateKey | undefined;
  const found = resolveReview(ctx.services.db, ctx.turn.conversation, template, { closedToo: true });
  if (found.kind === 'none') return ctx.respond.replyPrivately(noneOpen(ctx.turn.prefix, template));
  if (found.kind === 'several') return askWhich(ctx, 'export', found.reviews);
  await exportIt(ctx, found.review);
}

export function registerChecklistExport(registry: Registry): void {
  registry.command({
    name: 'checklist export',
    permission: 'member',
    usage: '[ingredients|business-case|self-assessment]',
    summary: 'Every mark and note of the review here as CSV, sent to you privately (coordinators, or whoever opened it).',
    details:
      'One row per member per question (mark and note), or per member per step for the self-assessment. On Slack and Teams the CSV arrives as text in your direct messages with the bot, in parts that fit one message each; in the console it is written to a file under DATA_DIR. Every export is audited.',
    args: [{ name: 'template', kind: 'word', optional: true, choices: TEMPLATE_KEYS }],
    handler,
  });
}
