// `survey export-definition <id or template>`: a survey's definition as the YAML file `survey import`
// reads, sent only to the caller — to edit a survey, keep it, or start a new one from a template.
import { message, text, type Card } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { sendFileToCaller } from '../files.js';
import { definitionToYaml } from './definition.js';
import { findSurvey, SURVEY_ARG, TEMPLATE_WORDS } from './lookup.js';
import { definitionOf } from './store.js';
import { templateOf } from './templates.js';

const ARGS = [SURVEY_ARG] as const satisfies readonly ArgSpec[];

const HELP = 'PPP Bot survey definition. Edit it and send it back with `survey import`.\nkind: single | multiple | scale (1-5, low/high name the ends) | text (up to 500 characters)\naudience: all | board | {organization_kinds: [...]} | {categories: [...]} | {event: <id>}';

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { respond } = ctx;
  const template = /^#?\d+$/.test(ctx.args.survey) ? undefined : templateOf(ctx.args.survey);
  let name: string;
  let yaml: string;
  if (template) {
    name = `survey-${template.key}.yaml`;
    yaml = definitionToYaml(template.definition, `${template.name}. ${template.source}\n${HELP}`);
  } else {
    if (!/^#?\d+$/.test(ctx.args.survey)) return respond.replyPrivately(message(`Give a survey number or a template (${TEMPLATE_WORDS}).`));
    const s = await findSurvey(ctx, ctx.args.survey);
    if (!s) return;
    name = `survey-${s.id}.yaml`;
    yaml = definitionToYaml(definitionOf(s), `Survey #${s.id}: ${s.title.replace(/\n/g, ' ')}\n${HELP}`);
  }
  const note: Card = { header: `Survey definition: ${name}`, elements: [text('Edit it in any text editor, then `survey import` it: a new draft you preview before sending.')], fallback: name };
  const sent = await sendFileToCaller(ctx, { name, mime: 'text/yaml', content: Buffer.from(yaml, 'utf8') }, note);
  await respond.replyPrivately(sent.ok ? message(`${name} ${sent.said}.`) : message(sent.problem, 'error'));
}

export function registerSurveyExportDefinition(registry: Registry): void {
  registry.command({
    name: 'survey export-definition',
    permission: 'coordinator',
    usage: '<id or template>',
    summary: 'A survey’s definition as a YAML file (what `survey import` reads), sent only to you.',
    args: ARGS,
    handler,
  });
}
