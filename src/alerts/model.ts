// An alert's vocabulary as members read it: severities, states, the three answers, and the rules that
// follow from severity (who gets a direct message, who escalates, what waits for a second approver).
import type { Config } from '../config.js';
import type { alertRecipients, alerts } from '../../db/schema.js';
import { TLP, type TlpLabel } from './tlp.js';

export type AlertRow = typeof alerts.$inferSelect;
export type RecipientRow = typeof alertRecipients.$inferSelect;

export const SEVERITIES = ['info', 'advisory', 'urgent', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABEL: Record<Severity, string> = { info: 'INFO', advisory: 'ADVISORY', urgent: 'URGENT', critical: 'CRITICAL' };

/**
 * draft → sent (or → awaiting-approval → sent) → resolved; a draft may be cancelled, a request for
 * approval declined. "Updated" is a sent alert with updates.
 */
export const STATES = ['draft', 'awaiting-approval', 'sent', 'resolved', 'cancelled', 'declined'] as const;
export type AlertState = (typeof STATES)[number];

export const ANSWERS = ['acknowledged', 'safe', 'need-help'] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABEL: Record<Answer, string> = { acknowledged: 'Acknowledged', safe: 'Safe', 'need-help': 'Need help' };

export const MAX_TITLE = 150;
export const MAX_DETAILS = 2500;
export const MAX_UPDATE = 2500;

export function isSeverity(word: string): word is Severity {
  return (SEVERITIES as readonly string[]).includes(word);
}

/** Urgent and critical alerts also go by direct message, since a channel post at 3 a.m. is missed; RED only so. */
export function goesByDirectMessage(a: { severity: string; tlp: string }): boolean {
  return TLP[a.tlp as TlpLabel].namedOnly || a.severity === 'urgent' || a.severity === 'critical';
}

export function escalates(a: { severity: string }): boolean {
  return a.severity === 'urgent' || a.severity === 'critical';
}

/** The two-person rule: whether this severity waits for a second board member or coordinator. */
export function needsApproval(config: Pick<Config, 'alerts'>, severity: string): boolean {
  const policy = config.alerts.approval;
  if (policy === 'none') return false;
  if (policy === 'urgent') return severity === 'urgent' || severity === 'critical';
  return severity === 'critical';
}

export function alertName(a: Pick<AlertRow, 'id'>): string {
  return `alert #${a.id}`;
}

/** The batch of an alert's first copies (posts and direct messages); updates and notices have their own. */
export const batchOf = (id: number) => `alert-${id}`;
