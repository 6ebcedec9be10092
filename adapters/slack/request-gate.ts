// Which signed Slack requests reach Bolt: only the kinds this app acts on, with every field that Bolt or
// a handler reads of the type it reads it as. Bolt trusts a signed body's shape (a `null` body, or a
// `channel: null`, throws where nothing catches it), so the shape is checked here, before Bolt sees it.
// @see https://docs.slack.dev/reference/interaction-payloads  @see https://docs.slack.dev/apis/events-api
import { parse as parseQuery } from 'node:querystring';
import { z } from 'zod';
import { EVENTS } from './events.js';
import { FORM_CALLBACK_ID } from './ids.js';

/** Bolt reads a body as a form only for exactly this content type; anything else it parses as JSON. */
const FORM = 'application/x-www-form-urlencoded';

export type Verdict =
  | { pass: true }
  /** 400: not a request this app can act on. 200: a notice from Slack that needs no action. */
  | { pass: false; status: 400 | 200; reason: string };

const optionalText = z.string().optional();
const anyObject = z.looseObject({});
const team = z.looseObject({ id: optionalText, enterprise_id: optionalText }).nullable().optional();
const enterprise = z.looseObject({ id: optionalText }).nullable().optional();
const user = z.looseObject({ id: z.string(), team_id: optionalText, username: optionalText, name: optionalText });
const responseUrls = z.array(z.looseObject({ response_url: z.string() })).optional();

/** A block's element state, as modals.ts reads it (a file input's files, a multi-select's options). */
const stateValue = z.looseObject({
  type: optionalText,
  value: z.string().nullable().optional(),
  selected_option: z.looseObject({ value: optionalText }).nullable().optional(),
  selected_options: z.array(z.looseObject({ value: optionalText })).optional(),
  files: z.array(z.looseObject({ id: optionalText })).optional(),
});
const state = z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)).optional() }).optional();

const command = z.looseObject({
  command: z.string().startsWith('/'),
  team_id: optionalText,
  channel_id: optionalText,
  user_id: optionalText,
  enterprise_id: optionalText,
  is_enterprise_install: optionalText,
  response_url: optionalText,
  trigger_id: optionalText,
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  user,
  team,
  enterprise,
  channel: z.looseObject({ id: optionalText, name: optionalText }).optional(),
  container: anyObject.optional(),
  message: anyObject.optional(),
  view: anyObject.optional(),
  state,
  actions: z
    .array(
      z.looseObject({
        action_id: z.string().min(1),
        block_id: optionalText,
        type: optionalText,
        value: optionalText,
        selected_option: z.looseObject({ value: optionalText }).nullable().optional(),
      }),
    )
    .min(1),
  response_url: optionalText,
  response_urls: responseUrls,
  trigger_id: optionalText,
  // Workflow-step interactivity: this app has no functions, and Bolt reads it before any listener.
  function_data: z.never().optional(),
});

const viewSubmission = z.looseObject({
  type: z.literal('view_submission'),
  user,
  team,
  enterprise,
  response_urls: responseUrls,
  trigger_id: optionalText,
  view: z.looseObject({
    callback_id: z.literal(FORM_CALLBACK_ID),
    private_metadata: optionalText,
    app_installed_team_id: optionalText,
    state,
    blocks: z.array(anyObject).optional(),
  }),
});

/** The events this app subscribes to (events.ts), each with the fields its handling reads. */
const event = z.looseObject({
  type: z.string().regex(EVENTS),
  channel: optionalText,
  user: optionalText,
  team: optionalText,
  tokens: z.looseObject({ oauth: z.array(z.string()).optional(), bot: z.array(z.string()).optional() }).optional(),
  // Bolt looks inside these wherever they appear; none of ours carries them.
  item: anyObject.optional(),
  subteam: anyObject.optional(),
});
const NEEDS: Record<string, ('channel' | 'user' | 'tokens')[]> = {
  member_joined_channel: ['channel', 'user'],
  member_left_channel: ['channel', 'user'],
  tokens_revoked: ['tokens'],
  app_uninstalled: [],
};

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: optionalText,
  enterprise_id: z.string().nullable().optional(),
  authorizations: z
    .array(z.looseObject({ team_id: z.string().nullable().optional(), enterprise_id: z.string().nullable().optional(), is_enterprise_install: z.boolean().optional() }))
    .optional(),
  event: event.superRefine((e, ctx) => {
    for (const field of NEEDS[e.type] ?? ['channel']) {
      if (e[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'missing' });
    }
  }),
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

/** Keys by which Bolt decides what kind of request a body is, in the order it tries them. */
const KIND_KEYS = ['event', 'command', 'name', 'actions'] as const;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const refuse = (reason: string): Verdict => ({ pass: false, status: 400, reason });

/** Names what is wrong without repeating any of the body: paths and kinds of problem only. */
function check(schema: z.ZodType, body: unknown, kind: string): Verdict {
  const result = schema.safeParse(body);
  if (result.success) return { pass: true };
  const issue = result.error.issues[0]!;
  return refuse(`${kind}: ${issue.path.map(String).join('.') || 'body'} ${issue.code}`);
}

/** A body may look like one kind only: Bolt would read a block_actions with a `command` as a command. */
function strayKinds(body: Record<string, unknown>, own: (typeof KIND_KEYS)[number] | undefined): string | undefined {
  return KIND_KEYS.find((k) => k !== own && body[k] !== undefined);
}

function judgeInteraction(body: unknown): Verdict {
  if (!isRecord(body)) return refuse('payload: not an object');
  if (body.type === 'block_actions') {
    const stray = strayKinds(body, 'actions');
    return stray ? refuse(`block_actions: unexpected ${stray}`) : check(blockActions, body, 'block_actions');
  }
  if (body.type === 'view_submission') {
    const stray = strayKinds(body, undefined);
    return stray ? refuse(`view_submission: unexpected ${stray}`) : check(viewSubmission, body, 'view_submission');
  }
  return refuse(typeof body.type === 'string' ? 'payload: an interaction type this app does not handle' : 'payload: no type');
}

function judgeJson(body: unknown): Verdict {
  if (!isRecord(body)) return refuse('JSON: not an object');
  switch (body.type) {
    case 'url_verification':
      return check(urlVerification, body, 'url_verification');
    case 'event_callback': {
      const stray = strayKinds(body, 'event');
      return stray ? refuse(`event_callback: unexpected ${stray}`) : check(eventCallback, body, 'event_callback');
    }
    case 'app_rate_limited':
      // Slack's notice that it dropped events for an hour: nothing to act on, and it wants a 200.
      return { pass: false, status: 200, reason: 'Slack says it is rate-limiting events to this app' };
    default:
      return refuse('JSON: a type this app does not handle');
  }
}

/**
 * The verdict on a signed request's body, parsed as Bolt's HTTPReceiver will parse it: a form is a
 * slash command or carries an interaction as `payload=<JSON>`; anything else is JSON (events).
 */
export function judgeSlackBody(raw: string, contentType: string | undefined): Verdict {
  if (contentType === FORM) {
    const form = parseQuery(raw);
    // Slack's connectivity check: Bolt answers it itself, and keeps nothing else from the body.
    if (form.ssl_check === '1') return { pass: true };
    if (form.payload !== undefined) {
      if (typeof form.payload !== 'string') return refuse('form: payload repeated');
      let payload: unknown;
      try {
        payload = JSON.parse(form.payload);
      } catch {
        return refuse('form: payload is not JSON');
      }
      return judgeInteraction(payload);
    }
    const stray = strayKinds(form, 'command');
    if (stray) return refuse(`command: unexpected ${stray}`);
    return check(command, form, 'command');
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refuse('JSON: does not parse');
  }
  return judgeJson(body);
}
