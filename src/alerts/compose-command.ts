// `alert` opens the compose form; `alert <severity> <tlp> <title> [-- details]` drafts it in one line.
// Either way the sender then sees the preview privately, with Send.
import type { MemberActor } from '../auth/actor.js';
import { message, type Form } from '../cards/card.js';
import type { ArgSpec } from '../commands/args.js';
import type { FormContext, FormResult } from '../commands/context.js';
import type { ContextFor, Registry } from '../commands/registry.js';
import { sanitizeLine } from '../core/sanitize.js';
import { isSeverity, MAX_DETAILS, MAX_TITLE, SEVERITIES, SEVERITY_LABEL } from './model.js';
import { refsFromText } from './named.js';
import { checkText, parseAlertLine } from './parse.js';
import { parseTlp, routingInWords, TLP, TLP_LABELS, tlpName } from './tlp.js';
import { composeAlert } from './use-cases/compose.js';

export const COMPOSE_FORM = 'alert.compose';

const ARGS = [{ name: 'text', kind: 'text', optional: true, mentions: true }] as const satisfies readonly ArgSpec[];

export function composeForm(): Form {
  return {
    id: COMPOSE_FORM,
    title: 'New incident alert',
    submitLabel: 'Preview',
    intro: 'Nothing is sent yet: you see where it goes and who must be called first, then press Send.',
    inputs: [
      { id: 'severity', label: 'Severity', kind: 'select', required: true, options: SEVERITIES.map((s) => ({ label: SEVERITY_LABEL[s], value: s })), hint: 'Urgent and critical also go by direct message to every member.' },
      {
        id: 'tlp',
        label: 'TLP label',
        kind: 'select',
        required: true,
        options: TLP_LABELS.map((l) => ({ label: tlpName(l), value: l })),
        hint: `${routingInWords()} (below).`,
      },
      { id: 'title', label: 'Title', kind: 'text', required: true, maxLength: MAX_TITLE, placeholder: 'Suspicious package at 5th & Main' },
      { id: 'details', label: 'Details', kind: 'multiline', maxLength: MAX_DETAILS },
      { id: 'recipients', label: 'Named members (TLP:RED only)', kind: 'text', maxLength: 1000, hint: 'A RED alert goes only to these members, by direct message: names separated by commas.' },
    ],
  };
}

async function handler(ctx: ContextFor<typeof ARGS, 'issuer'>): Promise<void> {
  const line = ctx.args.text?.trim();
  if (!line) return ctx.respond.openForm(composeForm());
  const parsed = parseAlertLine(line, ctx.turn.prefix);
  if (!parsed.ok) return ctx.respond.replyPrivately(message(parsed.problem, 'refusal'));
  await composeAlert(ctx, parsed.alert);
}

async function submit(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const one = (id: string) => {
    const v = ctx.values[id];
    return typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '';
  };
  const severity = one('severity');
  const tlp = parseTlp(one('tlp'));
  const title = sanitizeLine(one('title'));
  const details = one('details').trim() || null;
  const errors: Record<string, string> = {};
  if (!isSeverity(severity)) errors.severity = `Pick one of ${SEVERITIES.join(', ')}.`;
  if (!tlp) errors.tlp = 'Pick a TLP label: it decides where the alert may go.';
  const problem = checkText(title, details);
  if (problem) errors[!title || title.length > MAX_TITLE ? 'title' : 'details'] = problem;
  const named = refsFromText(one('recipients'));
  if (tlp && TLP[tlp].namedOnly && named.length === 0) errors.recipients = 'A TLP:RED alert goes only to the members you name here.';
  if (tlp && !TLP[tlp].namedOnly && named.length > 0) errors.recipients = `Only a TLP:RED alert names its recipients; a TLP:${tlp} one goes to the vetted conversations its label allows. Leave this empty.`;
  if (Object.keys(errors).length > 0 || !tlp || !isSeverity(severity)) return errors;
  await composeAlert(ctx, { severity, tlp, title, details, named });
  return undefined;
}

export function registerComposeCommand(registry: Registry): void {
  registry.command({
    name: 'alert',
    permission: 'issuer',
    usage: '[<severity> <tlp> <title> [-- details]]',
    summary: 'Send an incident alert to vetted conversations on Slack and Teams (urgent and critical also by DM), after a preview.',
    details: [
      'Alone, `alert` opens a form. In one line: `alert urgent amber Suspicious package at 5th & Main -- units on scene`.',
      `Severity: ${SEVERITIES.join(', ')} (urgent and critical also go by direct message to every member; critical waits for a second board member or coordinator unless ALERT_APPROVAL says otherwise).`,
      `TLP label: ${TLP_LABELS.map((l) => l.toLowerCase()).join(', ')} — ${routingInWords()}, after the label (\`alert urgent red @Dana @Tom <title>\`).`,
      'You see the audience per platform and the members to call before anything is sent. Members answer Acknowledged, Safe or Need help; `alert status` shows who answered.',
    ].join(' '),
    args: ARGS,
    handler,
  });
  registry.form({ formId: COMPOSE_FORM, permission: 'issuer', handler: submit });
}
