// Real-shaped Slack request bodies, as Slack sends them: a slash command, a block_actions and a
// view_submission (as `payload=`), the events this app subscribes to, url_verification. The fuzz
// corpus breaks them one defect at a time; unbroken, they are the control that must pass.
// @see https://docs.slack.dev/reference/interaction-payloads  @see https://docs.slack.dev/apis/events-api
import { FORM_CALLBACK_ID } from '../../../adapters/slack/ids.js';
import { FORM, TEAM_ID } from '../../helpers/fake-slack.js';

/** A body to send signed: what it is (or what is wrong with it), the bytes and their content type. */
export interface Malformed {
  what: string;
  body: string;
  contentType: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Obj = { [key: string]: Json };

export const JSON_TYPE = 'application/json';

const user = (): Obj => ({ id: 'U0FUZZ01', username: 'fuzz', name: 'fuzz', team_id: TEAM_ID });

export function blockActions(): Obj {
  return {
    type: 'block_actions',
    user: user(),
    api_app_id: 'A111',
    token: 'legacy-verification-token',
    team: { id: TEAM_ID, domain: 'test' },
    enterprise: null,
    channel: { id: 'C0CHANNEL', name: 'security-chiefs' },
    container: { type: 'message', channel_id: 'C0CHANNEL', message_ts: '1790000000.000001', is_ephemeral: false },
    message: { ts: '1790000000.000001', text: 'x' },
    trigger_id: '1234.5678.abcdef',
    response_url: 'http://127.0.0.1:9/response/fuzz',
    state: { values: {} },
    actions: [{ type: 'button', action_id: 'test.mark', block_id: 'ppp~1~item-7', value: 'yes', action_ts: '1790000000.1' }],
  };
}

export function viewSubmission(): Obj {
  return {
    type: 'view_submission',
    user: user(),
    api_app_id: 'A111',
    token: 'legacy-verification-token',
    team: { id: TEAM_ID, domain: 'test' },
    trigger_id: '1234.5678.abcdef',
    view: {
      id: 'V0FUZZ',
      type: 'modal',
      callback_id: FORM_CALLBACK_ID,
      private_metadata: JSON.stringify({ v: 1, f: 'test.incident', a: `slack:${TEAM_ID}:C0CHANNEL`, sc: 'channel', p: '/ppp ' }),
      state: { values: { 'in~title': { value: { type: 'plain_text_input', value: 'A fuzzed incident' } } } },
      blocks: [{ type: 'input', block_id: 'in~title' }],
    },
  };
}

export const EVENTS: Record<string, () => Obj> = {
  member_joined_channel: () => ({ type: 'member_joined_channel', user: 'U0FUZZ01', channel: 'C0CHANNEL', channel_type: 'C', team: TEAM_ID }),
  channel_left: () => ({ type: 'channel_left', channel: 'C0CHANNEL', actor_id: 'U0FUZZ01' }),
  member_left_channel: () => ({ type: 'member_left_channel', user: 'UBOT0001', channel: 'C0CHANNEL', team: TEAM_ID }),
  channel_archive: () => ({ type: 'channel_archive', channel: 'C0CHANNEL', user: 'U0FUZZ01' }),
  tokens_revoked: () => ({ type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOT0001'] } }),
  app_uninstalled: () => ({ type: 'app_uninstalled' }),
};

export function eventCallback(event: Obj): Obj {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A111',
    type: 'event_callback',
    event_id: 'Ev0FUZZ',
    event_time: 1790000000,
    authorizations: [{ enterprise_id: null, team_id: TEAM_ID, user_id: 'UBOT0001', is_bot: true, is_enterprise_install: false }],
    event,
  };
}

export const commandFields = (): Record<string, string> => ({
  token: 'legacy-verification-token',
  team_id: TEAM_ID,
  team_domain: 'test',
  channel_id: 'C0CHANNEL',
  channel_name: 'security-chiefs',
  user_id: 'U0FUZZ01',
  user_name: 'fuzz',
  command: '/ppp',
  text: 'help',
  api_app_id: 'A111',
  response_url: 'http://127.0.0.1:9/response/fuzz',
  trigger_id: '1234.5678.abcdef',
});

export const form = (fields: Record<string, string | string[]>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  return params.toString();
};

export const asPayload = (payload: Json, what: string): Malformed => ({ what, body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, contentType: FORM });

/**
 * The templates themselves, unbroken, in the envelopes Slack uses: the control that shows the gate lets
 * real requests through (events that would mark the app uninstalled are left out).
 */
export function wellFormed(responseUrl: string): Malformed[] {
  const withUrl = (o: Obj): Obj => ({ ...o, response_url: responseUrl });
  return [
    { what: 'a slash command', body: form({ ...commandFields(), response_url: responseUrl }), contentType: FORM },
    asPayload(withUrl(blockActions()), 'block_actions'),
    asPayload(viewSubmission(), 'view_submission'),
    ...['member_joined_channel', 'channel_left', 'member_left_channel', 'channel_archive'].map((name) => ({
      what: `event_callback/${name}`,
      body: JSON.stringify(eventCallback(EVENTS[name]!())),
      contentType: JSON_TYPE,
    })),
    { what: 'url_verification', body: JSON.stringify({ token: 'legacy-verification-token', challenge: 'c0ffee', type: 'url_verification' }), contentType: JSON_TYPE },
  ];
}
