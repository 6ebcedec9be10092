// `survey new [template]`: a new survey — from a template straight to its preview, or written in forms,
// question by question (the console asks one prompt at a time).
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { surveyOrTemplate, TEMPLATE_WORDS } from './lookup.js';
import { detailsForm } from './new-forms.js';
import { showPreview } from './use-cases/preview-survey.js';

const ARGS = [{ name: 'template', kind: 'word', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  if (ctx.args.template === undefined) return ctx.respond.openForm(detailsForm(ctx.services.db));
  const draft = await surveyOrTemplate(ctx, ctx.args.template);
  if (draft) await showPreview(ctx, draft);
}

export function registerSurveyNew(registry: Registry): void {
  registry.command({
    name: 'survey new',
    permission: 'coordinator',
    usage: '[template]',
    summary: 'Write a new survey in forms, question by question; or start from a template.',
    details: `Up to 10 questions, each answered with one choice, several choices, a scale from 1 to 5 with named ends, or short text (500 characters), required or optional. Templates: ${TEMPLATE_WORDS}. The survey is kept as a draft and previewed before anything is sent.`,
    args: ARGS,
    handler,
  });
}
