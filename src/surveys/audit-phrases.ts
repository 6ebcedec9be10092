// Surveys' audited actions in words, for `audit`: sent, closed, set to repeat, exported — each naming the
// survey by its title, and never an answer (anonymous answers never reach the audit at all).
import type { AuditPhrase, AuditRow } from '../core/audit.js';
import { describeWhen } from '../core/when.js';
import { getSurvey } from './store.js';

const details = (row: AuditRow): Record<string, unknown> => row.details ?? {};
const count = (n: unknown, one: string, many: string) => (typeof n === 'number' ? `${n} ${n === 1 ? one : many}` : undefined);

/** "the survey “Quarterly partnership pulse” (#3)", or "survey #3" once it is gone. */
function surveyNamed(row: AuditRow, db: Parameters<AuditPhrase>[1]['db']): string {
  const id = Number(/^survey-(\d+)$/.exec(row.subject ?? '')?.[1]);
  const survey = Number.isInteger(id) ? getSurvey(db, id) : undefined;
  return survey ? `the survey “${survey.title}” (#${survey.id})` : `survey #${Number.isInteger(id) ? id : '?'}`;
}

export const SURVEY_AUDIT_PHRASES: Record<string, AuditPhrase> = {
  'survey.send': (row, r) => {
    const d = details(row);
    const to = count(d.recipients, 'member', 'members');
    const closes = typeof d.closesAt === 'string' && !Number.isNaN(Date.parse(d.closesAt)) ? describeWhen(new Date(d.closesAt), r.timezone) : undefined;
    return `sent ${surveyNamed(row, r.db)}${to ? ` to ${to}` : ''}${d.anonymous === true ? ', anonymous' : ''}${closes ? `, closing ${closes}` : ''}`;
  },
  'survey.close': (row, r) => {
    const d = details(row);
    return `closed ${surveyNamed(row, r.db)}${typeof d.answered === 'number' && typeof d.sentTo === 'number' ? `: ${d.answered} of ${d.sentTo} answered` : ''}`;
  },
  'survey.repeat': (row, r) => {
    const repeat = details(row).repeat;
    return repeat === 'none' ? `stopped ${surveyNamed(row, r.db)} repeating` : `set ${surveyNamed(row, r.db)} to repeat${typeof repeat === 'string' ? ` ${repeat}` : ''}`;
  },
  'survey.export': (row, r) => {
    const rows = count(details(row).rows, 'row', 'rows');
    return `exported the answers to ${surveyNamed(row, r.db)}${rows ? ` (${rows})` : ''}`;
  },
};
