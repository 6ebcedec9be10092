// ALERT_APPROVAL and ALERT_ESCALATE_AFTER: their defaults, and one line naming the variable when wrong.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { configProblems } from '../helpers/config.js';

const problems = configProblems;

describe('alert settings', () => {
  it('default to a second approver for critical alerts and escalation after 15 minutes', () => {
    const c = loadConfig({});
    expect(c.alerts).toEqual({ approval: 'critical', escalateAfterMs: 15 * 60_000 });
  });

  it('accept none, urgent and critical, and minutes from 1 to 1440', () => {
    expect(loadConfig({ ALERT_APPROVAL: 'none' }).alerts.approval).toBe('none');
    expect(loadConfig({ ALERT_APPROVAL: 'urgent' }).alerts.approval).toBe('urgent');
    expect(loadConfig({ ALERT_ESCALATE_AFTER: '5' }).alerts.escalateAfterMs).toBe(5 * 60_000);
  });

  it('refuse anything else with one line naming the variable', () => {
    const approval = problems({ ALERT_APPROVAL: 'always' });
    expect(approval).toMatch(/^ALERT_APPROVAL must be one of critical, urgent, none/);
    expect(approval.split('\n')).toHaveLength(1);
    expect(problems({ ALERT_ESCALATE_AFTER: '0' })).toMatch(/^ALERT_ESCALATE_AFTER must be/);
    expect(problems({ ALERT_ESCALATE_AFTER: '15m' })).toMatch(/^ALERT_ESCALATE_AFTER must be a whole number of minutes/);
  });
});
