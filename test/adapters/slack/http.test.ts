// The Slack adapter through the real HTTP server, with requests signed as Slack signs them and a fake
// Slack Web API on loopback: commands, the help acknowledgement, modals, buttons and request checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../../src/features.js';
import { makeActor } from '../../helpers/db.js';
import {
  BOT_TOKEN,
  commandBody,
  interactionBody,
  postSigned,
  SIGNING_SECRET,
  slackSignature,
  startFakeSlack,
  TEAM_ID,
  type FakeSlack,
} from '../../helpers/fake-slack.js';
import { PARTNERSHIP, slowGate, startHarness, testRegistry, type Harness } from './harness.js';

// Slack's worked example from "Verifying requests from Slack".
const DOC_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const DOC_TIMESTAMP = 1531420618;
const DOC_BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const DOC_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

type Blocks = { type: string; text?: { text: string }; elements?: { action_id?: string; value?: string; text?: string | { text: string } }[]; block_id?: string; accessory?: { action_id: string } }[];

const blockText = (blocks: unknown): string => JSON.stringify(blocks ?? []);

let fake: FakeSlack;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeSlack();
  h = await startHarness({ fake, registry: testRegistry() });
});

afterAll(async () => {
  await h.close();
  await fake.close();
});

describe('slash commands over HTTP', () => {
  it('answers help in the acknowledgement itself, privately, listing what a member may run', async () => {
    const coordinator = makeActor(h.db, 'coordinator');
    const before = fake.calls.length;
    const res = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, user_name: 'chief.jones', response_url: fake.responseUrl() }));
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    const blocks = res.json?.blocks as Blocks;
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `PPP Bot — ${PARTNERSHIP}`, emoji: true } });
    expect(blockText(blocks)).toContain('*What you can do here*');
    expect(blockText(blocks)).toContain('`/ppp help [command]`');
    expect(res.json?.text).toContain('What you can do here');
    // Nothing else was needed: no Web API call and no response_url post for a help.
    expect(fake.calls.length).toBe(before);
  });

  it('tells a stranger what the partnership is and how to take part', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ user_id: 'U0NOBODY', text: 'help' }));
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(blockText(res.json?.blocks)).toContain(`You are not on the roster of ${PARTNERSHIP}.`);
    expect(blockText(res.json?.blocks)).toContain('is a vetted partnership of police chiefs');
    expect(blockText(res.json?.blocks)).toContain('`/ppp help [command]`');
  });

  it('reproduces the signature of Slack’s documented example', () => {
    expect(slackSignature(DOC_SECRET, DOC_TIMESTAMP, DOC_BODY)).toBe(DOC_SIGNATURE);
  });

  it('sends a public reply as an in-channel message, with user text escaped', async () => {
    // `&lt;!channel&gt;` is how Slack escapes a typed <!channel>; @here typed becomes <!here>.
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'testecho ping &lt;!channel&gt; and <!here> &amp; co' }));
    expect(res.json?.response_type).toBe('in_channel');
    const text = blockText(res.json?.blocks);
    expect(text).toContain('You said: ping &lt;!channel&gt; and @here &amp; co');
    expect(text).not.toContain('<!channel>');
    expect(String(res.json?.text)).not.toContain('<!');
  });

  it('turns a Slack mention into the neutral identity', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'testwho <@U0ABCDEF|jane.doe>' }));
    expect(blockText(res.json?.blocks)).toContain('identity=slack:U0ABCDEF label=jane.doe');
  });

  it('acknowledges a slow command at once and answers through response_url, in order', async () => {
    const url = fake.responseUrl('slow-1');
    slowGate.hold();
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'testslow', response_url: url }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(fake.responses.filter((r) => r.id === 'slow-1')).toEqual([]);
    slowGate.release();
    const posts = await fake.waitFor(() => {
      const mine = fake.responses.filter((r) => r.id === 'slow-1');
      return mine.length >= 2 && mine;
    });
    expect(posts.map((p) => p.body.response_type)).toEqual(['ephemeral', 'in_channel']);
    expect(blockText(posts[0]!.body.blocks)).toContain('Late, but here.');
  });

  it('answers an unknown word privately with a suggestion', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'hlep' }));
    expect(res.json?.response_type).toBe('ephemeral');
    expect(String(res.json?.text)).toContain("I don't know `hlep`. Did you mean `/ppp help`?");
  });
});

describe('every registered command on Slack', () => {
  it('explains each one through /ppp help <command>, and runs each one as a coordinator without an HTTP error', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 9);
    const names = createRegistry().list().map((spec) => spec.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const help = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, text: `help ${name}` }));
      expect(help.status, name).toBe(200);
      expect(blockText(help.json?.blocks), name).toContain(`/ppp ${name}`);
      const run = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, text: name, response_url: fake.responseUrl(`all-${name}`) }));
      expect(run.status, name).toBe(200);
      // Answered in the acknowledgement, or acknowledged empty and answered later: either is Slack-valid.
      if (run.text) expect(['ephemeral', 'in_channel'], name).toContain(run.json?.response_type);
    }
  });
});

describe('request verification', () => {
  it('accepts Slack’s documented example body when signed now, and refuses it verbatim as stale', async () => {
    const doc = await startHarness({ fake, signingSecret: DOC_SECRET });
    try {
      const verbatim = await fetch(doc.eventsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(DOC_TIMESTAMP), 'x-slack-signature': DOC_SIGNATURE },
        body: DOC_BODY,
      });
      expect(verbatim.status).toBe(401);
      const fresh = await postSigned(doc.eventsUrl, DOC_BODY, { secret: DOC_SECRET });
      expect(fresh.status).toBe(200);
      // `/webhook-collect` with no text: the command under another name still answers with help.
      expect(blockText(fresh.json?.blocks)).toContain('/webhook-collect help');
    } finally {
      await doc.close();
    }
  });

  it('refuses a forged signature, a stale timestamp, a wrong secret and missing headers with 401', async () => {
    const before = fake.calls.length;
    const body = commandBody({ text: 'help' });
    const now = Math.floor(Date.now() / 1000);
    const forged = await fetch(h.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSignature(SIGNING_SECRET, now, `${body}&text=admin`) },
      body,
    });
    expect(forged.status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await postSigned(h.eventsUrl, body, { secret: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5' })).status).toBe(401);
    const bare = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(bare.status).toBe(401);
    // None of them reached a handler.
    expect(fake.calls.length).toBe(before);
  });

  it('answers Slack’s URL verification challenge when setting up the request URL', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });
    const res = await postSigned(h.eventsUrl, body, { contentType: 'application/json' });
    expect(res.json).toEqual({ challenge: 'c-123' });
  });

  it('notes an uninstall in /healthz', async () => {
    const other = await startHarness({ fake });
    try {
      expect((await other.healthz()).body.slack).toBe('ok');
      const event = JSON.stringify({ token: 'x', team_id: TEAM_ID, api_app_id: 'A111', type: 'event_callback', event_id: 'Ev1', event_time: 1, event: { type: 'app_uninstalled', event_ts: '1.0' } });
      const res = await postSigned(other.eventsUrl, event, { contentType: 'application/json' });
      expect(res.status).toBe(200);
      await fake.waitFor(() => other.adapter.health() === 'uninstalled', 5000, 'health uninstalled');
      expect((await other.healthz()).body).toMatchObject({ status: 'degraded', slack: 'uninstalled' });
    } finally {
      await other.close();
    }
  });

  it('reports slack ok in /healthz', async () => {
    const { status, body } = await h.healthz();
    expect(status).toBe(200);
    expect(body.slack).toBe('ok');
  });
});

describe('modals', () => {
  it('opens a form, shows a field error beside the field, then takes the fixed submission', async () => {
    const member = makeActor(h.db, 'member', 'slack', 5);
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'testform', user_id: member.id, trigger_id: 'trig-1' }));
    expect(res.status).toBe(200);
    const open = await fake.waitFor(() => fake.callsTo('views.open').find((c) => c.params.trigger_id === 'trig-1'));
    const view = open.params.view as { callback_id: string; private_metadata: string; title: { text: string }; blocks: { type: string; block_id?: string }[] };
    expect(view.callback_id).toBe('ppp.form');
    expect(view.title.text).toBe('Report an incident to t…');
    const inputs = view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(inputs).toEqual(['in~title', 'in~severity', 'in~notes']);

    const submit = (title: string) =>
      postSigned(
        h.eventsUrl,
        interactionBody({
          type: 'view_submission',
          team: { id: TEAM_ID },
          user: { id: member.id, username: 'member.five', team_id: TEAM_ID },
          trigger_id: 'trig-2',
          view: {
            id: 'V1',
            type: 'modal',
            callback_id: view.callback_id,
            private_metadata: view.private_metadata,
            blocks: view.blocks,
            state: {
              values: {
                'in~title': { value: { type: 'plain_text_input', value: title } },
                'in~severity': { value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Urgent' }, value: 'urgent' } } },
                'in~notes': { value: { type: 'plain_text_input', value: null } },
              },
            },
          },
        }),
      );

    const wrong = await submit('Oops');
    expect(wrong.status).toBe(200);
    expect(wrong.json).toEqual({ response_action: 'errors', errors: { 'in~title': 'A title needs at least 5 characters.' } });

    const fixed = await submit('Suspicious drone over the stadium');
    expect(fixed.status).toBe(200);
    expect(fixed.text).toBe('');
    const posted = await fake.waitFor(() => fake.callsTo('chat.postMessage').find((c) => blockText(c.params.blocks).includes('Filed:')));
    expect(posted.params.channel).toBe('C0CHANNEL');
    expect(blockText(posted.params.blocks)).toContain('Filed: *Suspicious drone over the stadium* (urgent, state opened-in-test)');
    expect(posted.token).toBe(BOT_TOKEN);
  });

  it('replaces a modal it can no longer match with a short "expired" view', async () => {
    const res = await postSigned(
      h.eventsUrl,
      interactionBody({ type: 'view_submission', user: { id: 'U0X1' }, view: { callback_id: 'ppp.form', private_metadata: '{not json', state: { values: {} } } }),
    );
    expect(res.status).toBe(200);
    expect(res.json?.response_action).toBe('update');
    expect(blockText((res.json?.view as { blocks: unknown }).blocks)).toContain('This form has expired');
  });
});

describe('buttons and selects', () => {
  it('turns the page of a long list in place, and carries a select’s context', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'testlist' }));
    const blocks = res.json?.blocks as Blocks;
    expect(blockText(blocks)).toContain('1. Member 1');
    const pager = blocks.find((b) => b.type === 'actions')!;
    const next = pager.elements!.find((e) => (e.text as { text: string }).text === 'Next')!;
    expect(next.action_id).toBe('ppp.page');

    const url = fake.responseUrl('page-1');
    const press = await postSigned(
      h.eventsUrl,
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM_ID },
        user: { id: 'U0STRANGER', username: 'stranger', team_id: TEAM_ID },
        channel: { id: 'C0CHANNEL', name: 'security-chiefs' },
        container: { type: 'message', channel_id: 'C0CHANNEL', is_ephemeral: true },
        response_url: url,
        trigger_id: 'trig-3',
        actions: [{ type: 'button', action_id: next.action_id, block_id: pager.block_id ?? 'b1', value: next.value, action_ts: '1' }],
      }),
    );
    expect(press.status).toBe(200);
    const turned = await fake.waitFor(() => fake.responses.find((r) => r.id === 'page-1'));
    expect(turned.body.replace_original).toBe(true);
    expect(blockText(turned.body.blocks)).toContain('21. Member 21');
    expect(blockText(turned.body.blocks)).toContain('Page 2 of 3 (45 in all)');

    const section = blocks.find((b) => b.accessory?.action_id === 'test.mark')!;
    const pick = await postSigned(
      h.eventsUrl,
      interactionBody({
        type: 'block_actions',
        team: { id: TEAM_ID },
        user: { id: 'U0STRANGER', username: 'stranger', team_id: TEAM_ID },
        channel: { id: 'C0CHANNEL', name: 'security-chiefs' },
        response_url: fake.responseUrl('mark-1'),
        actions: [{ type: 'static_select', action_id: 'test.mark', block_id: section.block_id, selected_option: { text: { type: 'plain_text', text: 'in place' }, value: 'yes' } }],
      }),
    );
    expect(pick.status).toBe(200);
    const marked = await fake.waitFor(() => fake.responses.find((r) => r.id === 'mark-1'));
    expect(marked.body.response_type).toBe('ephemeral');
    expect(blockText(marked.body.blocks)).toContain('Marked item-7 as yes');
  });
});

describe('bad input', () => {
  it('answers a 5,000-character command with a short, clear reply', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ text: `testecho ${'x'.repeat(5000)}` }));
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe('ephemeral');
    expect(String(res.json?.text)).toMatch(/^That command is 5,009 characters long; commands take at most 4,000\./);
  });

  it('strips control and bidi characters before reading the command', async () => {
    const res = await postSigned(h.eventsUrl, commandBody({ text: 'he\u202Elp\u0007\u200B' }));
    expect(blockText(res.json?.blocks)).toContain('What you can do here');
    const echo = await postSigned(h.eventsUrl, commandBody({ text: 'testecho a\u202Eb\u0000c\u2066d' }));
    expect(blockText(echo.json?.blocks)).toContain('You said: abcd');
  });

  it('refuses malformed bodies with 4xx and answers a command without who/where in one line', async () => {
    expect((await postSigned(h.eventsUrl, 'payload=not-json')).status).toBe(400);
    expect((await postSigned(h.eventsUrl, '{"type":', { contentType: 'application/json' })).status).toBe(400);
    // Bolt compares content-type exactly: a charset suffix makes the body unreadable to it.
    expect((await postSigned(h.eventsUrl, commandBody({}), { contentType: 'application/x-www-form-urlencoded; charset=utf-8' })).status).toBe(400);
    const big = `payload=${'a'.repeat(2 * 1024 * 1024)}`;
    expect((await postSigned(h.eventsUrl, big)).status).toBe(413);

    const nobody = await postSigned(h.eventsUrl, commandBody({ user_id: '', text: 'help' }));
    expect(nobody.status).toBe(200);
    expect(String(nobody.json?.text)).toMatch(/^Slack sent this command without saying clearly who sent it/);
    const colon = await postSigned(h.eventsUrl, commandBody({ channel_id: 'C1:evil', text: 'help' }));
    expect(String(colon.json?.text)).toMatch(/^Slack sent this command without/);
    // Repeated fields arrive as arrays: not a command text.
    const doubled = await postSigned(h.eventsUrl, `${commandBody({ text: 'help' })}&text=again`);
    expect(doubled.status).toBe(200);
    expect(String(doubled.json?.text)).toMatch(/^Slack sent this command without/);
  });

  it('answers a signed interaction nobody can handle with 400, not a crash', async () => {
    const res = await postSigned(h.eventsUrl, interactionBody({ type: 'block_actions', user: { id: 'U0X' } }));
    expect(res.status).toBe(400);
    const odd = await postSigned(h.eventsUrl, interactionBody({ type: 'block_actions', user: { id: 'nope' }, actions: [{ action_id: 'test.mark', type: 'button' }] }));
    expect(odd.status).toBe(200);
  });

  it('never logged a secret, a signature or a stack trace', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN);
    expect(all).not.toContain('legacy-verification-token');
    expect(all).not.toMatch(/v0=[0-9a-f]{64}/);
    expect(all).not.toMatch(/\\n\s+at /);
    // …while the refusals were logged.
    expect(all).toContain('signature mismatch');
  });
});
