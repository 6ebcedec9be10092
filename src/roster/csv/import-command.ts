// `roster import`: a coordinator loads members from a CSV — on Slack through a modal with a file input,
// on Teams by attaching the file in the 1:1 chat with the bot, on the console by giving its path.
// Nothing is applied unless every row is right; the answer names each bad row and why.
import { byOf } from '../../auth/by.js';
import { readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import type { MemberActor } from '../../auth/actor.js';
import { admit } from '../../auth/permissions.js';
import { context, message, text, type Card, type Form } from '../../cards/card.js';
import type { Caller, FormContext, FormResult } from '../../commands/context.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { decodeFileValue, FILE_FORM, MAX_INCOMING_FILE_BYTES, type FileContent } from '../../files.js';
import { decodeUtf8, readCsv } from './layout.js';
import { applyImport, type ImportCounts } from '../../members/import.js';
import { planImport, type Problem } from './import-rows.js';

export const IMPORT_FORM = 'roster.import';
/** Problems listed in one answer; the rest are counted. */
export const MAX_PROBLEMS_SHOWN = 50;
const SECTION_CHARS = 2400;

/** Whoever imports: a coordinator, with the member record the import is audited under. */
type Importer = Caller<MemberActor>;

export function importForm(): Form {
  return {
    id: IMPORT_FORM,
    title: 'Import members',
    submitLabel: 'Import',
    intro: 'Choose a CSV in the layout `roster template` sends (UTF-8). The whole file is checked first: if any row is wrong, nothing is imported and you get the row numbers and reasons.',
    inputs: [{ id: 'file', label: 'CSV file', kind: 'file', required: true, accept: ['csv'] }],
  };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The problems as a few text sections of whole lines, within every platform's limits. */
function problemCard(name: string, problems: Problem[]): Card {
  const rows = new Set(problems.map((p) => p.row));
  const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
  const lines = shown.map((p) => `Row ${p.row}: ${p.message}.`);
  const rest = problems.length - shown.length;
  if (rest > 0) {
    const restRows = new Set(problems.slice(MAX_PROBLEMS_SHOWN).map((p) => p.row).filter((r) => !shown.some((s) => s.row === r)));
    lines.push(`…and ${plural(rest, 'more problem')}${restRows.size ? ` (in ${plural(restRows.size, 'more row')})` : ''}.`);
  }
  const sections: string[] = [''];
  for (const line of lines) {
    if (sections[sections.length - 1]!.length + line.length > SECTION_CHARS) sections.push('');
    sections[sections.length - 1] += `${sections[sections.length - 1] ? '\n' : ''}${line}`;
  }
  return {
    header: 'Nothing was imported',
    elements: [
      text(`${name}: ${plural(rows.size, 'row')} ${rows.size === 1 ? 'has' : 'have'} problems, so no row was applied. Fix ${rows.size === 1 ? 'it' : 'them'} and send the whole file again.`),
      ...sections.map((s) => text(s)),
      context('Rows are numbered as in a spreadsheet, counting the header and any comment rows.'),
    ],
    tone: 'error',
    fallback: `Nothing was imported from ${name}`,
  };
}

function doneCard(name: string, r: ImportCounts): Card {
  const nominated = r.added - r.addedActive;
  const added = r.added ? `${plural(r.added, 'member')} added (${r.addedActive} active, ${nominated} nominated)` : 'nobody added';
  return {
    header: 'Roster imported',
    elements: [
      text(`${name}: ${plural(r.rows, 'row')} — ${added}, ${r.updated} updated, ${r.unchanged} unchanged. All in one go, with an audit row per member changed.`),
      context('Active rows record you as the vetter, on the file’s vetted_on date or today, for 12 months. Nobody was messaged; `roster` lists them and `audit` shows the import.'),
    ],
    fallback: `Roster imported from ${name}`,
  };
}

/** Reads, checks and applies one file; answers the caller privately either way. */
export async function importFile(ctx: Importer, file: FileContent): Promise<void> {
  const { services, actor, respond } = ctx;
  const answer = (card: Card) => respond.replyPrivately(card);
  if (file.content.length > MAX_INCOMING_FILE_BYTES) {
    return answer(message(`${file.name} is ${Math.ceil(file.content.length / 1024 / 1024)} MB; an import takes at most ${MAX_INCOMING_FILE_BYTES / 1024 / 1024} MB. Split it.`, 'error'));
  }
  // A workbook is a zip ("PK"); saved as CSV it becomes text the import can read.
  if (file.content.subarray(0, 2).toString('latin1') === 'PK') {
    return answer(message(`${file.name} is a spreadsheet workbook, not CSV. Save it as “CSV UTF-8 (Comma delimited)” and send that.`, 'error'));
  }
  const decoded = decodeUtf8(file.content);
  if (!decoded.ok) return answer(message(`${file.name}: ${decoded.problem}`, 'error'));
  const parsed = readCsv(decoded.text);
  if (!parsed.ok) return answer(message(`${file.name}: ${parsed.problem} Nothing was imported.`, 'error'));
  const at = services.clock();
  const result = applyImport(services.db, byOf(ctx), (tx) => planImport(tx, parsed.csv, actor.member, at, services.config.timezone), file.name, at);
  await answer(result.ok ? doneCard(file.name, result) : problemCard(file.name, result.problems));
}

/** A path as typed at a shell: quotes around it dropped, `~` the home directory. */
export function expandPath(typed: string): string {
  const bare = typed.trim().replace(/^(["'“])(.*)(["'”])$/, '$2');
  return resolve(bare.replace(/^~(?=$|[\\/])/, homedir()));
}

async function fromPath(ctx: Importer, typed: string): Promise<void> {
  const path = expandPath(typed);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch {
    await ctx.respond.replyPrivately(message(`I cannot read a file at ${path}. Give the path of a CSV file, like \`/ppp roster import ./members.csv\`.`));
    return;
  }
  if (size > MAX_INCOMING_FILE_BYTES) {
    await ctx.respond.replyPrivately(message(`${path} is ${Math.ceil(size / 1024 / 1024)} MB; an import takes at most ${MAX_INCOMING_FILE_BYTES / 1024 / 1024} MB. Split it.`, 'error'));
    return;
  }
  await importFile(ctx, { name: path, mime: 'text/csv', content: await readFile(path) });
}

const ARGS = [{ name: 'path', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { turn, respond } = ctx;
  const path = ctx.args.path?.trim() ?? '';
  if (turn.platform === 'console') {
    // Whoever holds the terminal holds the machine: a path is how a file reaches the console.
    if (!path) return respond.replyPrivately(message('On the console, give the CSV file’s path: `/ppp roster import ./members.csv`. `roster template` writes the layout to fill in.'));
    return fromPath(ctx, path);
  }
  if (turn.platform === 'teams') {
    return respond.replyPrivately(
      message('Attach the CSV file to a message in your 1:1 chat with me (the paperclip under the message box) and send it; I import it when it arrives. `roster template` sends the layout.'),
    );
  }
  await respond.openForm(importForm());
}

async function onForm(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const file = decodeFileValue(ctx.values.file);
  if (!file) return { file: 'Choose the CSV file to import.' };
  await importFile(ctx, file);
  return undefined;
}

/** A file sent to the bot on its own (Teams): read as a roster import, which only coordinators may run. */
async function onFile(ctx: FormContext): Promise<FormResult> {
  const file = decodeFileValue(ctx.values.file);
  if (!file) return undefined;
  const coordinator = admit(ctx.actor, 'coordinator');
  if (!coordinator) {
    await ctx.respond.replyPrivately(message('I read a file sent to me only as a `roster import`, which is for coordinators, so I have not opened it. A coordinator can load the roster for you.', 'refusal'));
    return undefined;
  }
  await importFile({ ...ctx, actor: coordinator }, file);
  return undefined;
}

export function registerRosterImport(registry: Registry): void {
  registry.command({
    name: 'roster import',
    permission: 'coordinator',
    usage: '[path, on the console]',
    summary: 'Load or update members from a CSV (the layout of `roster template`): all rows or none.',
    details:
      'On Slack a form asks for the file; on Teams, attach the file in your 1:1 chat with PPP Bot; on the console, give its path. The whole file is checked first — if any row is wrong nothing changes and you get the row numbers and reasons. Otherwise every row is applied at once and audited: new people come in nominated or active as the file says (active rows record you as the vetter, on vetted_on or today), and existing members, matched by their Slack or Teams id or their email, are updated (a blank cell changes nothing).',
    args: ARGS,
    handler,
  });
  registry.form({ formId: IMPORT_FORM, permission: 'coordinator', handler: onForm });
  registry.form({ formId: FILE_FORM, permission: 'anyone', handler: onFile });
}
