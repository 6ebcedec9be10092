// loadConfig: defaults, the rules across variables, and errors that name the variable.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configProblems } from './helpers/config.js';

const problems = configProblems;

describe('loadConfig', () => {
  it('has defaults for everything', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.timezone).toBe('America/Chicago');
    expect(c.retentionDays).toBe(90);
    expect(c.databasePath).toMatch(/data\/ppp\.sqlite$/);
    expect(c.slack).toBeUndefined();
    expect(c.teams).toBeUndefined();
  });

  it('reads the console user’s name, tidied, and refuses a name of spaces or of 121 characters', () => {
    expect(loadConfig({ PPP_CONSOLE_NAME: '  Maya   Chen ' }).consoleName).toBe('Maya Chen');
    expect(loadConfig({ PPP_CONSOLE_NAME: '' }).consoleName).toBeUndefined();
    expect(problems({ PPP_CONSOLE_NAME: 'x'.repeat(121) })).toMatch(/PPP_CONSOLE_NAME/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', SLACK_BOT_TOKEN: '' }).port).toBe(3000);
  });

  it('enables Slack with both token and secret, Socket Mode with the app token', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdef0123456789', SLACK_APP_TOKEN: 'xapp-1' });
    expect(c.slack).toEqual({ botToken: 'xoxb-1', signingSecret: 'abcdef0123456789', appToken: 'xapp-1' });
  });

  it('allows an app id without a password only for a managed identity', () => {
    expect(problems({ MICROSOFT_APP_ID: 'id' })).toContain('MICROSOFT_APP_PASSWORD');
    expect(problems({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' })).toBe('');
    expect(problems({ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' })).toContain(
      'MICROSOFT_APP_TENANT_ID',
    );
  });

  it('allows TEAMS_ENABLED without credentials only outside production', () => {
    expect(loadConfig({ TEAMS_ENABLED: 'true' }).teams?.anonymous).toBe(true);
    expect(problems({ TEAMS_ENABLED: 'true', NODE_ENV: 'production' })).toContain('MICROSOFT_APP_ID');
  });

  it('parses PPP_ADMINS into identities', () => {
    expect(loadConfig({ PPP_ADMINS: 'slack:U0123ABCD, teams:6f1c2b0e-1111-2222-3333-444455556666' }).admins).toEqual([
      { platform: 'slack', id: 'U0123ABCD' },
      { platform: 'teams', id: '6f1c2b0e-1111-2222-3333-444455556666' },
    ]);
    expect(problems({ PPP_ADMINS: 'slack:alice' })).toContain('PPP_ADMINS');
    expect(problems({ PPP_ADMINS: 'console:root' })).toContain('PPP_ADMINS');
  });

  it('never repeats a secret in an error', () => {
    const text = problems({ SLACK_BOT_TOKEN: 'sekrit-token-value', SLACK_SIGNING_SECRET: 'abcdef0123456789' });
    expect(text).toContain('SLACK_BOT_TOKEN');
    expect(text).not.toContain('sekrit');
  });

  it('names every bad variable', () => {
    const text = problems({ PORT: '0', LOG_LEVEL: 'loud', PPP_RETENTION_DAYS: 'x' });
    expect(text).toContain('PORT');
    expect(text).toContain('LOG_LEVEL');
    expect(text).toContain('PPP_RETENTION_DAYS');
  });
});
