// The one-line alert, for speed in a crisis: `alert <severity> <tlp> [@named…] <title> [-- details]`,
// e.g. `alert urgent amber Suspicious package at 5th & Main -- units on scene`. Severity and label may
// come in either order; named members (TLP:RED only) are mentions right after them.
import type { UserRef } from '../commands/args.js';
import { showLine, tokenize } from '../commands/tokenize.js';
import { isSeverity, MAX_DETAILS, MAX_TITLE, SEVERITIES, type Severity } from './model.js';
import { parseTlp, TLP, TLP_LABELS, type TlpLabel } from './tlp.js';

export interface ParsedAlert {
  severity: Severity;
  tlp: TlpLabel;
  title: string;
  details: string | null;
  named: UserRef[];
}

export type ParseResult = { ok: true; alert: ParsedAlert } | { ok: false; problem: string };

const SEVERITY_LIST = SEVERITIES.join(', ');
const TLP_LIST = TLP_LABELS.map((l) => l.toLowerCase()).join(', ');

/** Checks a title and details as typed (the form's too): present, and within the limits. */
export function checkText(title: string, details: string | null): string | undefined {
  if (!title) return 'The alert needs a title: what happened, and where.';
  if (title.length > MAX_TITLE) return `The title is ${title.length} characters; keep it to ${MAX_TITLE} (put the rest after \` -- \` as details).`;
  if (details && details.length > MAX_DETAILS) return `The details are ${details.length.toLocaleString('en-US')} characters; keep them to ${MAX_DETAILS.toLocaleString('en-US')}, or link to a document.`;
  return undefined;
}

export function parseAlertLine(line: string, prefix: string): ParseResult {
  const tokens = tokenize(line);
  const usage = `Type \`${prefix}alert <severity> <tlp> <title> [-- details]\`, e.g. \`${prefix}alert urgent amber Suspicious package at 5th & Main -- units on scene\`, or \`${prefix}alert\` alone for the form.`;
  const [a, b] = tokens;
  const word = (t: (typeof tokens)[number] | undefined) => (t?.kind === 'word' ? t.text : t ? `@${t.label}` : '');
  let severity: Severity | undefined;
  let tlp: TlpLabel | undefined;
  for (const t of [a, b]) {
    const w = word(t).toLowerCase();
    if (!severity && isSeverity(w)) severity = w;
    else if (!tlp && parseTlp(w)) tlp = parseTlp(w);
  }
  if (!severity) return { ok: false, problem: `Start with the severity — ${SEVERITY_LIST} — then the TLP label (${TLP_LIST}). ${usage}` };
  if (!tlp) return { ok: false, problem: `Give the TLP label after the severity — ${TLP_LIST} — which decides where the alert may go. ${usage}` };

  let i = 2;
  const named: UserRef[] = [];
  while (tokens[i]?.kind === 'user') {
    const t = tokens[i] as Extract<(typeof tokens)[number], { kind: 'user' }>;
    named.push(t.identity ? { identity: t.identity, label: t.label } : { name: t.name ?? t.label, label: t.label });
    i++;
  }
  if (named.length > 0 && !TLP[tlp].namedOnly) {
    return { ok: false, problem: `Only a TLP:RED alert names its recipients; a TLP:${tlp} alert goes to the vetted conversations its label allows. Put the names in the title's words instead, or use red.` };
  }
  if (TLP[tlp].namedOnly && named.length === 0) {
    return { ok: false, problem: `TLP:RED goes only by direct message to the members you name: put their @names right after the label, e.g. \`${prefix}alert urgent red @"Dana Holt" @"Tom Brandt" <title>\`.` };
  }
  const rest = tokens[i] ? line.slice(tokens[i]!.start) : '';
  const split = /(^|\s)--(\s|$)/.exec(rest);
  const title = showLine(split ? rest.slice(0, split.index) : rest).replace(/\s+/g, ' ').trim();
  const details = split ? showLine(rest.slice(split.index + split[0].length)).trim() || null : null;
  const problem = checkText(title, details);
  if (problem) return { ok: false, problem: `${problem} ${title ? '' : usage}`.trim() };
  return { ok: true, alert: { severity, tlp, title, details, named } };
}
