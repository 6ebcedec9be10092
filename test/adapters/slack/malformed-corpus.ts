// A seeded corpus of Slack request bodies that are each broken in a way this app must refuse: roots that
// are not objects, interactivity and events with a field Bolt or a handler reads given the wrong type
// or left out, types nobody handles, url_verification and event_callback oddities, broken JSON.
// Every body starts from a real-shaped template and gets one deliberate defect plus harmless noise.
import { FORM, TEAM_ID } from '../../helpers/fake-slack.js';
import { asPayload, blockActions, commandFields, eventCallback, EVENTS, form, JSON_TYPE, viewSubmission, type Json, type Malformed, type Obj } from './slack-bodies.js';

export type { Malformed } from './slack-bodies.js';
export { wellFormed } from './slack-bodies.js';

/** mulberry32: small and repeatable, so a failure names a body that the next run sends again. */
export function prng(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DELETE = Symbol('delete');
type Bad = Json | typeof DELETE;

// Wrong values by what the field should have been.
const NOT_STRING: Bad[] = [DELETE, null, 0, -1, 12.5, true, false, [], ['x'], {}, { id: 'U1' }];
const NOT_OPTIONAL_STRING: Bad[] = [null, 0, 3.14, true, [], ['a', 'b'], {}];
const NOT_OBJECT: Bad[] = [DELETE, null, '', 'x', 0, 7, true, [], [{}], [null]];
const NOT_OPTIONAL_OBJECT: Bad[] = [null, '', 'x', 0, false, [], [{ id: 'C1' }]];
const NOT_NULLABLE_OBJECT: Bad[] = ['', 'x', 0, true, [], [{ id: 'T1' }]];
const NOT_ACTIONS: Bad[] = [DELETE, null, 'x', '', 0, true, {}, [], [null], ['x'], [0], [[]], [{}], [{ type: 'button' }], [{ action_id: 5 }], [{ action_id: null }], [{ action_id: ['a'] }]];
const NOT_OBJECT_LIST: Bad[] = ['x', 0, true, {}, [null], ['x'], [1, 2], [[]]];

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;

function randomText(rnd: () => number, max = 24): string {
  const alphabet = ['a', 'Z', '0', ' ', '<', '>', '&', '|', '@', ':', '"', '\\', '\u202e', '\u0000', '\u00e9', '\ud83d\ude00', '\ufeff', '\u{E000}', '%', '+', '='];
  let s = '';
  const n = Math.floor(rnd() * max);
  for (let i = 0; i < n; i++) s += pick(rnd, alphabet);
  return s;
}

function randomValue(rnd: () => number, depth = 0): Json {
  const r = rnd();
  if (depth > 2 || r < 0.3) return randomText(rnd);
  if (r < 0.4) return Math.floor(rnd() * 1e6) - 5e5;
  if (r < 0.5) return rnd() < 0.5;
  if (r < 0.6) return null;
  if (r < 0.8) return Array.from({ length: Math.floor(rnd() * 3) }, () => randomValue(rnd, depth + 1));
  const o: Obj = {};
  for (let i = 0; i < Math.floor(rnd() * 3); i++) o[`zz_${randomText(rnd, 6)}`] = randomValue(rnd, depth + 1);
  return o;
}

function clone<T extends Json>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Sets (or deletes) the value at a dotted path; numeric parts index arrays. */
function setPath(root: Obj, path: string, value: Bad): void {
  const parts = path.split('.');
  let node: Json = root;
  for (const part of parts.slice(0, -1)) {
    const next: Json | undefined = (node as Obj)[part];
    if (next === null || typeof next !== 'object') return;
    node = next;
  }
  const last = parts[parts.length - 1]!;
  if (value === DELETE) delete (node as Obj)[last];
  else (node as Obj)[last] = value;
}

/** Harmless extra keys (Slack adds fields over time): they must neither rescue nor break a body. */
function addNoise(rnd: () => number, root: Obj): void {
  const objects: Obj[] = [];
  const walk = (v: Json) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      objects.push(v);
      Object.values(v).forEach(walk);
    } else if (Array.isArray(v)) v.forEach(walk);
  };
  walk(root);
  const n = Math.floor(rnd() * 4);
  for (let i = 0; i < n && objects.length; i++) pick(rnd, objects)[`zz_noise_${i}_${Math.floor(rnd() * 1e6)}`] = randomValue(rnd);
}

// ---- the defects ---------------------------------------------------------------------------------------

/** Each entry: a path in the template and the wrong values it may take. */
const BLOCK_ACTION_DEFECTS: [string, Bad[]][] = [
  ['actions', NOT_ACTIONS],
  ['actions.0.action_id', NOT_STRING],
  ['actions.0.block_id', NOT_OPTIONAL_STRING],
  ['actions.0.value', NOT_OPTIONAL_STRING],
  ['actions.0.selected_option', NOT_NULLABLE_OBJECT],
  ['actions.0', [null, 'x', 0, true, []]],
  ['user', NOT_OBJECT],
  ['user.id', NOT_STRING],
  ['user.team_id', NOT_OPTIONAL_STRING],
  ['team', NOT_NULLABLE_OBJECT],
  ['team.id', NOT_OPTIONAL_STRING],
  ['enterprise', NOT_NULLABLE_OBJECT],
  ['channel', NOT_OPTIONAL_OBJECT],
  ['channel.id', NOT_OPTIONAL_STRING],
  ['container', NOT_OPTIONAL_OBJECT],
  ['message', NOT_OPTIONAL_OBJECT],
  ['state', NOT_OPTIONAL_OBJECT],
  ['view', NOT_OPTIONAL_OBJECT],
  ['response_url', NOT_OPTIONAL_STRING],
  ['trigger_id', NOT_OPTIONAL_STRING],
  ['response_urls', [null, 'x', 0, {}, [null], ['x'], [{}]]],
  ['function_data', [{}, { execution_id: 'Fx1' }, 'x', 1, []]],
  ['type', NOT_STRING],
];

const VIEW_DEFECTS: [string, Bad[]][] = [
  ['view', NOT_OBJECT],
  ['view.callback_id', [...NOT_STRING, '', 'someone.elses.form', 'ppp.form ', 'PPP.FORM']],
  ['view.private_metadata', NOT_OPTIONAL_STRING],
  ['view.state', NOT_OPTIONAL_OBJECT],
  ['view.blocks', NOT_OBJECT_LIST],
  ['view.app_installed_team_id', NOT_OPTIONAL_STRING],
  ['user', NOT_OBJECT],
  ['user.id', NOT_STRING],
  ['team', NOT_NULLABLE_OBJECT],
  ['enterprise', NOT_NULLABLE_OBJECT],
  ['response_urls', [null, 'x', 0, {}, [null], ['x'], [{}]]],
  ['actions', [[], 'x', [{ action_id: 'a' }]]],
  ['type', NOT_STRING],
];

const EVENT_DEFECTS: [string, Bad[]][] = [
  ['event', NOT_OBJECT],
  ['event.type', [...NOT_STRING, '', 'message', 'app_mention', 'reaction_added', 'function_executed', 'MEMBER_JOINED_CHANNEL']],
  ['event.channel', [null, 0, true, [], {}, { id: 'C1' }, { id: 5 }]],
  ['event.user', [null, 0, true, [], {}, { id: 'U1' }]],
  ['event.item', [null, 'x', 0, []]],
  ['event.subteam', [null, 'x', 0]],
  ['event.tokens', [null, 'x', 0, [], { bot: 'UBOT0001' }, { bot: 5 }, { bot: [5] }, { bot: [null] }, { oauth: 'x' }]],
  ['event.team', NOT_OPTIONAL_STRING],
  ['authorizations', [null, 'x', 0, {}, [null], ['x'], [0], [[]]]],
  ['team_id', NOT_OPTIONAL_STRING],
  ['enterprise_id', [0, true, [], {}]],
  ['type', [...NOT_STRING, '', 'event', 'block_actions', 'url_verification ']],
  ['command', ['/ppp', 5]],
];

/** Event fields that are a defect only where the event carries them: a channel is read only where there is one. */
const EVENT_FIELDS: Record<string, string[]> = {
  member_joined_channel: ['channel'],
  channel_left: ['channel'],
  member_left_channel: ['channel'],
  channel_archive: ['channel'],
  tokens_revoked: ['tokens'],
  app_uninstalled: [],
};
const PER_EVENT = new Set(['event.channel', 'event.tokens']);

// ---- generators, one per family ------------------------------------------------------------------------

type Gen = (rnd: () => number) => Malformed;



function defective(rnd: () => number, template: () => Obj, defects: [string, Bad[]][]): { body: Obj; what: string } {
  const body = template();
  addNoise(rnd, body);
  const [path, values] = pick(rnd, defects);
  const bad = pick(rnd, values);
  setPath(body, path, bad === DELETE ? DELETE : clone(bad));
  return { body, what: `${path} = ${bad === DELETE ? '(missing)' : JSON.stringify(bad)}` };
}

const GENERATORS: Gen[] = [
  // block_actions with one field of the wrong type or missing
  (rnd) => {
    const { body, what } = defective(rnd, blockActions, BLOCK_ACTION_DEFECTS);
    return asPayload(body, `block_actions: ${what}`);
  },
  // view_submission with one field of the wrong type or missing (the issue's `{"type":"view_submission"}` included)
  (rnd) => {
    if (rnd() < 0.1) return asPayload({ type: 'view_submission' }, 'view_submission without a view');
    const { body, what } = defective(rnd, viewSubmission, VIEW_DEFECTS);
    return asPayload(body, `view_submission: ${what}`);
  },
  // an event_callback with a broken envelope or a broken event
  (rnd) => {
    const name = pick(rnd, Object.keys(EVENTS));
    const applicable = EVENT_DEFECTS.filter(([path]) => !PER_EVENT.has(path) || EVENT_FIELDS[name]!.includes(path.slice('event.'.length)));
    const { body, what } = defective(rnd, () => eventCallback(EVENTS[name]!()), applicable);
    return { what: `event_callback/${name}: ${what}`, body: JSON.stringify(body), contentType: JSON_TYPE };
  },
  // an event_callback without its event, or with none of the envelope
  (rnd) => {
    const shapes: Json[] = [
      { type: 'event_callback' },
      { type: 'event_callback', event: null },
      { type: 'event_callback', team_id: TEAM_ID, event: [] },
      { type: 'event_callback', event: 'member_joined_channel' },
      { event: { type: 'member_joined_channel', user: 'U0FUZZ01', channel: 'C0CHANNEL' } },
      { type: 'event_callback', event: {} },
    ];
    const body = clone(pick(rnd, shapes)) as Obj;
    if (body && typeof body === 'object') addNoise(rnd, body);
    return { what: `event envelope ${JSON.stringify(body).slice(0, 80)}`, body: JSON.stringify(body), contentType: JSON_TYPE };
  },
  // url_verification oddities: a challenge that is not text, or an envelope that is something else too
  (rnd) => {
    const challenge = pick(rnd, [DELETE, null, 0, true, [], {}, ['a'], { c: 'x' }] as Bad[]);
    const body: Obj = { token: 'legacy-verification-token', type: 'url_verification' };
    if (challenge !== DELETE) body.challenge = clone(challenge);
    addNoise(rnd, body);
    return { what: `url_verification challenge ${challenge === DELETE ? '(missing)' : JSON.stringify(challenge)}`, body: JSON.stringify(body), contentType: JSON_TYPE };
  },
  // roots that are not objects, as JSON and as payload=
  (rnd) => {
    const root = pick(rnd, [null, [], [{}], [null], 0, -1, 1e308, 'null', '', true, false, [blockActions()], [viewSubmission()]] as Json[]);
    const text = JSON.stringify(root);
    return rnd() < 0.5
      ? { what: `JSON root ${text.slice(0, 40)}`, body: text, contentType: JSON_TYPE }
      : { what: `payload root ${text.slice(0, 40)}`, body: `payload=${encodeURIComponent(text)}`, contentType: FORM };
  },
  // payload= that is not JSON, empty, doubled, or the issue's literal null
  (rnd) => {
    const options = ['payload=null', 'payload=', 'payload', 'payload=%7B', 'payload=not-json', 'payload=%5B', 'payload=undefined', 'payload=NaN', `payload=${encodeURIComponent(JSON.stringify(blockActions()).slice(0, 40 + Math.floor(rnd() * 200)))}`, `payload=${encodeURIComponent(JSON.stringify(blockActions()))}&payload=x`, `payload=%EF%BB%BF${encodeURIComponent(JSON.stringify(blockActions()))}`, `payload=${encodeURIComponent(`'${randomText(rnd)}'`)}`];
    const body = pick(rnd, options);
    return { what: `payload text ${body.slice(0, 40)}`, body, contentType: FORM };
  },
  // JSON that does not parse, or parses into nesting deep enough to hurt
  (rnd) => {
    const valid = JSON.stringify(eventCallback(EVENTS.member_joined_channel!()));
    const r = rnd();
    if (r < 0.35) {
      const cut = valid.slice(0, 1 + Math.floor(rnd() * (valid.length - 2)));
      return { what: `truncated JSON at ${cut.length}`, body: cut, contentType: JSON_TYPE };
    }
    if (r < 0.7) {
      const depth = 1000 + Math.floor(rnd() * 60_000);
      const open = rnd() < 0.5 ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      const complete = rnd() < 0.5;
      return { what: `nesting ${depth} deep${complete ? '' : ', unclosed'}`, body: open.repeat(depth) + (complete ? `null${close.repeat(depth)}` : ''), contentType: JSON_TYPE };
    }
    const junk = pick(rnd, ['', ' ', '\n', 'null null', '{"type":"event_callback",}', "{'type':'event_callback'}", '\ufeff{"type":"event_callback"}', '{"type":"event_callback","event":{"type":"app_uninstalled"}', randomText(rnd, 80)]);
    return { what: `junk JSON ${JSON.stringify(junk).slice(0, 40)}`, body: junk, contentType: pick(rnd, [JSON_TYPE, 'text/plain', 'application/json; charset=utf-8']) };
  },
  // interactivity in the wrong envelope, unknown or unhandled interaction types, conflicting keys
  (rnd) => {
    const r = rnd();
    if (r < 0.25) {
      const body = pick(rnd, [blockActions, viewSubmission])();
      addNoise(rnd, body);
      return { what: `${String(body.type)} sent as JSON, not payload=`, body: JSON.stringify(body), contentType: JSON_TYPE };
    }
    if (r < 0.6) {
      const type = pick(rnd, ['shortcut', 'message_action', 'block_suggestion', 'view_closed', 'dialog_submission', 'interactive_message', 'workflow_step_edit', 'block_action', 'BLOCK_ACTIONS', 'view_submission\u0000', '', randomText(rnd, 12)]);
      const body = { ...blockActions(), type, name: rnd() < 0.3 ? 'x' : undefined } as Obj;
      if (type !== 'block_actions') delete body.actions;
      if (body.name === undefined) delete body.name;
      addNoise(rnd, body);
      return asPayload(body, `interaction type ${JSON.stringify(type)}`);
    }
    const body = pick(rnd, [blockActions, viewSubmission])();
    const key = pick(rnd, ['event', 'command', 'name']);
    body[key] = pick(rnd, [{ type: 'app_uninstalled' }, '/ppp', 'x', 0, null] as Json[]);
    return asPayload(body, `${String(body.type)} with a stray ${key}`);
  },
  // slash-command forms with a field Bolt reads missing, repeated or mixed with another kind
  (rnd) => {
    const fields: Record<string, string | string[]> = commandFields();
    const r = rnd();
    let what: string;
    if (r < 0.2) {
      delete fields.command;
      what = 'a command form without command';
    } else if (r < 0.75) {
      const key = pick(rnd, ['command', 'team_id', 'channel_id', 'user_id', 'enterprise_id', 'is_enterprise_install', 'response_url', 'trigger_id']);
      fields[key] = [String(fields[key] ?? 'x'), randomText(rnd, 8) || 'y'];
      what = `a command form with ${key} repeated`;
    } else {
      const key = pick(rnd, ['event', 'ssl_check']);
      fields[key] = key === 'ssl_check' ? pick(rnd, ['0', 'yes', '']) : pick(rnd, ['x', '{"type":"app_uninstalled"}']);
      if (key === 'ssl_check') delete fields.command;
      what = `a form with ${key}=${JSON.stringify(fields[key])}`;
    }
    return { what, body: form(fields), contentType: FORM };
  },
];

/** `count` malformed bodies from `seed`, each different. */
export function malformedCorpus(seed: number, count: number): Malformed[] {
  const rnd = prng(seed);
  const seen = new Set<string>();
  const out: Malformed[] = [];
  for (let tries = 0; out.length < count && tries < count * 20; tries++) {
    const m = GENERATORS[tries % GENERATORS.length]!(rnd);
    const key = `${m.contentType}\n${m.body}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}
