// `survey send <id|template> [closes <when>]`: the preview first — the audience per platform and who
// cannot be reached by direct message — then Send. A template's key makes a new survey from it, so the
// quarterly pulse goes out with one command and one press.
import { message } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { parseWhen } from '../core/when.js';
import { SURVEY_ARG, surveyOrTemplate, TEMPLATE_WORDS } from './lookup.js';
import { showPreview } from './use-cases/preview-survey.js';

const ARGS = [SURVEY_ARG, { name: 'close', kind: 'text', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, respond, turn } = ctx;
  let closesAt: Date | undefined;
  const close = ctx.args.close?.trim();
  if (close) {
    const phrase = /^clos(?:es|e|ing)\s+(.+)$/i.exec(close)?.[1];
    if (!phrase) return respond.replyPrivately(message(`Say when it closes after the survey, like \`${turn.prefix}survey send 12 closes Friday 5pm\`.`));
    const when = parseWhen(phrase, { zone: services.config.timezone, now: services.clock(), needTime: true, future: true });
    if (!when.ok) return respond.replyPrivately(message(`${when.problem} Nothing was sent.`));
    closesAt = when.at;
  }
  const survey = await surveyOrTemplate(ctx, ctx.args.survey);
  if (!survey) return;
  if (survey.status !== 'draft') {
    return respond.replyPrivately(message(`Survey #${survey.id} was already ${survey.status === 'cancelled' ? 'cancelled' : 'sent'}. To send it again, \`${turn.prefix}survey export-definition ${survey.id}\` and import the file, or send a template by its name.`));
  }
  if (survey.questions.length === 0) return respond.replyPrivately(message(`Survey #${survey.id} has no questions yet. Finish it with \`${turn.prefix}survey new\`, or import a file.`));
  await showPreview(ctx, survey, closesAt);
}

export function registerSurveySend(registry: Registry): void {
  registry.command({
    name: 'survey send',
    permission: 'coordinator',
    usage: '<id or template> [closes <when>]',
    summary: 'Preview a survey’s audience (and who cannot be reached), then Send it by direct message.',
    details: `Give a survey's number, or a template to send a fresh copy of it: ${TEMPLATE_WORDS}. \`closes Friday 5pm\` sets the close (read in the partnership's time zone unless you name one); otherwise it closes after the survey's own span from when you press Send. The preview, shown only to you, lists the questions, the audience by platform, the members who cannot be reached by direct message with their 24/7 lines, the reminders and where the results go.`,
    args: ARGS,
    handler,
  });
}
