// `survey import`: a survey from a YAML or JSON file (the layout `survey export-definition` writes) — on
// the console by its path, on Slack chosen or pasted in a form, on Teams pasted in a form. Checked whole;
// every problem names the question and the field, and nothing is saved until all is right.
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { MemberActor } from '../auth/actor.js';
import { context, message, text, type Card, type Form } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { Caller, FormContext, FormResult } from '../commands/context.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { decodeFileValue } from '../files.js';
import { readDefinition, type Parsed } from './definition.js';
import { byOf } from './lookup.js';
import { createDraft } from './store.js';
import { showPreview } from './use-cases/preview-survey.js';

export const IMPORT_FORM = 'survey.import';
const MAX_BYTES = 256 * 1024;
const PROBLEMS_SHOWN = 20;

/** YAML or JSON (JSON is YAML), then the definition's own checks. */
export function parseDefinitionText(source: string): Parsed {
  let raw: unknown;
  try {
    raw = parse(source, { uniqueKeys: true, maxAliasCount: 50 });
  } catch (err) {
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);
    return { ok: false, problems: [`the file is not readable YAML or JSON: ${first}`] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: ['the file must hold one survey: title, questions and the rest as `key: value` lines'] };
  return readDefinition(raw);
}

function problemsCard(name: string, problems: string[]): Card {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `• ${p}`);
  if (problems.length > PROBLEMS_SHOWN) shown.push(`…and ${problems.length - PROBLEMS_SHOWN} more.`);
  return {
    header: 'Nothing was imported',
    elements: [text(`${name}: ${problems.length} problem${problems.length === 1 ? '' : 's'}. Fix ${problems.length === 1 ? 'it' : 'them'} and import the file again.`), text(shown.join('\n')), context('`survey export-definition pulse` sends a correct file to start from.')],
    tone: 'error',
    fallback: `Nothing was imported from ${name}`,
  };
}

async function importText(caller: Caller<MemberActor>, name: string, source: string): Promise<void> {
  const parsed = parseDefinitionText(source);
  if (!parsed.ok) return caller.respond.replyPrivately(problemsCard(name, parsed.problems));
  const draft = createDraft(caller.services.db, parsed.definition, byOf(caller.actor), caller.services.clock());
  await showPreview(caller, draft);
}

function importForm(platform: string): Form {
  const paste = { id: 'text', label: 'Or paste the YAML or JSON here', kind: 'multiline' as const, required: false };
  return {
    id: IMPORT_FORM,
    title: 'Import a survey',
    submitLabel: 'Import',
    intro: 'A survey in the layout `survey export-definition` writes. It is checked whole and becomes a draft you preview before sending.',
    inputs: platform === 'slack' ? [{ id: 'file', label: 'YAML or JSON file', kind: 'file', required: false, accept: ['yaml', 'yml', 'json'] }, { ...paste, maxLength: 3000 }] : [{ ...paste, label: 'Paste the YAML or JSON here', required: true }],
  };
}

async function fromPath(ctx: Caller<MemberActor>, typed: string): Promise<void> {
  const path = resolve(typed);
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    if (info.size > MAX_BYTES) return ctx.respond.replyPrivately(message(`${path} is larger than ${MAX_BYTES / 1024} KB; a survey file is a few KB.`, 'error'));
  } catch {
    return ctx.respond.replyPrivately(message(`I cannot read a file at ${path}. Give the path of a YAML or JSON file, like \`/ppp survey import ./pulse.yaml\`.`));
  }
  await importText(ctx, path, await readFile(path, 'utf8'));
}

const ARGS = [{ name: 'path', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const path = ctx.args.path?.trim() ?? '';
  if (ctx.turn.platform === 'console') {
    if (!path) return ctx.respond.replyPrivately(message('On the console, give the file’s path: `/ppp survey import ./pulse.yaml`. `survey export-definition pulse` writes one to start from.'));
    return fromPath(ctx, path);
  }
  await ctx.respond.openForm(importForm(ctx.turn.platform));
}

async function onForm(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const file = decodeFileValue(ctx.values.file);
  const pasted = typeof ctx.values.text === 'string' ? ctx.values.text : '';
  if (file) {
    if (file.content.length > MAX_BYTES) return { file: `That file is larger than ${MAX_BYTES / 1024} KB; a survey file is a few KB.` };
    await importText(ctx, file.name, file.content.toString('utf8').replace(/^\uFEFF/, ''));
    return undefined;
  }
  if (!pasted.trim()) return { [ctx.turn.platform === 'slack' ? 'file' : 'text']: 'Choose a file or paste the survey.' };
  await importText(ctx, 'The pasted survey', pasted);
  return undefined;
}

export function registerSurveyImport(registry: Registry): void {
  registry.command({
    name: 'survey import',
    permission: 'coordinator',
    usage: '[path, on the console]',
    summary: 'A survey from a YAML or JSON file: checked whole, then previewed before sending.',
    details:
      'On Slack a form takes the file (or the text pasted); on Teams paste the text in the form; on the console give the path. Every problem names the question and the field (`question 3, field choices: at least 2 choices`). `survey export-definition <id or template>` writes a file to start from.',
    args: ARGS,
    handler,
  });
  registry.form({ formId: IMPORT_FORM, permission: 'coordinator', handler: onForm });
}
