// The roster's files and links on Slack, through the real adapter and a fake Slack on loopback: export
// and template land as a file in the caller's DM only; import reads the file chosen in the modal with
// the bot token; a profile-email match proposes a link that the new account must confirm.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardToBlockKit } from '../../adapters/slack/cards.js';
import { auditLog, deliveries } from '../../db/schema.js';
import type { Card } from '../../src/cards/card.js';
import { renderText } from '../../src/cards/text.js';
import { findMemberByIdentity } from '../../src/members/store.js';
import { COLUMNS } from '../../src/roster/csv/layout.js';
import { LINK_CONFIRM } from '../../src/roster/accounts/link-command.js';
import { makeActor } from '../helpers/db.js';
import { BOT_TOKEN, commandBody, interactionBody, postSigned, startFakeSlack, TEAM_ID, type FakeSlack } from '../helpers/fake-slack.js';
import { startHarness, type Harness } from '../adapters/slack/harness.js';
import { seed } from '../helpers/db.js';

let fake: FakeSlack;
let h: Harness;
const text = (v: unknown) => JSON.stringify(v ?? null);

beforeAll(async () => {
  fake = await startFakeSlack();
  h = await startHarness({ fake });
});
afterAll(async () => {
  await h.close();
  await fake.close();
});

/** Runs a slash command in #security-chiefs and returns everything said back (ack and response_url). */
async function command(user: string, line: string, triggerId = 'trig-0'): Promise<string> {
  const id = `${user}-${line}-${Math.random()}`;
  const res = await postSigned(h.eventsUrl, commandBody({ user_id: user, text: line, response_url: fake.responseUrl(id), trigger_id: triggerId }));
  expect(res.status).toBe(200);
  if (res.text) return res.text;
  const later = await fake.waitFor(() => fake.responses.find((r) => r.id === id));
  return text(later.body);
}

describe('export and template on Slack', () => {
  it('sends the roster as a CSV file into the coordinator’s DM, nowhere else, and audits it', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 1);
    seed(h.db, { name: 'Jane Chief', identity: { platform: 'slack', id: 'U0JANE' }, set: { contact247: '+1 612 555 0100', email: 'jane@example.org' } });
    const before = fake.calls.length;
    const said = await command(coordinator.id, 'roster export');
    expect(said).toMatch(/The roster \(2 members\) is in your direct messages with PPP Bot/);
    const calls = fake.calls.slice(before);
    const opened = calls.find((c) => c.method === 'conversations.open')!;
    expect(opened.params.users).toBe(coordinator.id);
    const slot = calls.find((c) => c.method === 'files.getUploadURLExternal')!;
    expect(slot.params.filename).toMatch(/^roster-2026-11-2\d\.csv$/);
    const complete = calls.find((c) => c.method === 'files.completeUploadExternal')!;
    expect(complete.params.channel_id).toBe(`D${coordinator.id}`);
    expect(complete.params.channels).toBeUndefined();
    expect(complete.token).toBe(BOT_TOKEN);
    expect(String(complete.params.initial_comment)).toMatch(/keep it to yourself/);
    const upload = fake.uploads.at(-1)!;
    const csv = upload.content.toString('utf8');
    expect(Number(slot.params.length)).toBe(upload.content.length);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain([...COLUMNS, 'vetting_expires'].join(','));
    expect(csv).toContain('Jane Chief,');
    expect(csv).toContain('+1 612 555 0100');
    // Contact details never went to the channel: nothing was posted there at all.
    expect(calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0CHANNEL')).toEqual([]);
    expect(text(calls)).not.toMatch(/C0CHANNEL[^"]*555 0100/);
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'roster.export')).all()).toHaveLength(1);
  });

  it('sends the template the same private way', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 2);
    const said = await command(coordinator.id, 'roster template');
    expect(said).toMatch(/The roster template is in your direct messages/);
    expect(fake.uploads.at(-1)!.content.toString('utf8')).toContain('Dana Example,Chief of Police');
    expect(fake.callsTo('files.completeUploadExternal').at(-1)!.params.channel_id).toBe(`D${coordinator.id}`);
  });

  it('tells the coordinator when Slack refuses the upload, and audits nothing', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 3);
    fake.script('files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope' } });
    const audits = h.db.select().from(auditLog).all().length;
    expect(await command(coordinator.id, 'roster export')).toMatch(/could not send you the file \(missing_scope\)/);
    expect(h.db.select().from(auditLog).all().length).toBe(audits);
  });
});

describe('import on Slack', () => {
  it('opens a modal with a file input; the chosen file is read with the bot token and imported', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 4);
    // The answer is the modal itself: nothing is said in the channel.
    const asked = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, text: 'roster import', trigger_id: 'trig-import', response_url: fake.responseUrl('import') }));
    expect(asked.status).toBe(200);
    expect(asked.text).toBe('');
    const open = await fake.waitFor(() => fake.callsTo('views.open').find((c) => c.params.trigger_id === 'trig-import'));
    const view = open.params.view as { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string; element?: { type: string; filetypes?: string[]; max_files?: number } }[] };
    const input = view.blocks.find((b) => b.type === 'input')!;
    expect(input).toMatchObject({ block_id: 'in~file', element: { type: 'file_input', filetypes: ['csv'], max_files: 1 } });

    const fileId = fake.hostFile('day-one.csv', '\uFEFFname,title,organization,status,slack_id\r\n"Ortega, Luis",CSO,Midstate Energy,active,U0LUIS\r\nPriya Nair,CISO,Lakeside Health,nominated,\r\n');
    const submit = (id: string) =>
      postSigned(
        h.eventsUrl,
        interactionBody({
          type: 'view_submission',
          team: { id: TEAM_ID },
          user: { id: coordinator.id, username: 'cora', team_id: TEAM_ID },
          view: { id: 'V9', type: 'modal', callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: { 'in~file': { value: { type: 'file_input', files: [{ id, name: 'day-one.csv' }] } } } } },
        }),
      );
    const done = await submit(fileId);
    expect(done.status).toBe(200);
    const told = await fake.waitFor(() => fake.callsTo('chat.postEphemeral').find((c) => text(c.params.blocks).includes('day-one.csv')));
    expect(told.params.user).toBe(coordinator.id);
    expect(text(told.params.blocks)).toContain('2 members added (1 active, 1 nominated)');
    expect(fake.downloads.at(-1)).toEqual({ fileId, token: BOT_TOKEN });
    expect(findMemberByIdentity(h.db, { platform: 'slack', id: 'U0LUIS' })?.name).toBe('Ortega, Luis');

    // A file Slack cannot serve: the error sits beside the file input, and nothing changes.
    const missing = await submit('F0NOPE');
    expect(missing.json).toEqual({ response_action: 'errors', errors: { 'in~file': expect.stringMatching(/could not read that file from Slack \(file_not_found\)/) } });
  });
});

describe('who is asking, on Slack', () => {
  it('a join request shows coordinators the account as a real Slack mention, with its profile email', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 7);
    fake.script('users.info', { body: { ok: true, user: { id: 'U0NEWBIE', name: 'newbie', profile: { email: 'nia.newbie@example.org' } } } });
    const asked = await postSigned(h.eventsUrl, commandBody({ user_id: 'U0NEWBIE', user_name: 'newbie', text: 'join', trigger_id: 'trig-join', response_url: fake.responseUrl('join') }));
    expect(asked.status).toBe(200);
    const open = await fake.waitFor(() => fake.callsTo('views.open').find((c) => c.params.trigger_id === 'trig-join'));
    const view = open.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const typed = (value: string) => ({ value: { type: 'plain_text_input', value } });
    const done = await postSigned(
      h.eventsUrl,
      interactionBody({
        type: 'view_submission',
        team: { id: TEAM_ID },
        user: { id: 'U0NEWBIE', username: 'newbie', team_id: TEAM_ID },
        view: {
          id: 'V7',
          type: 'modal',
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          blocks: view.blocks,
          state: { values: { 'in~name': typed('Nia Newbie'), 'in~title': typed('CSO'), 'in~organization': typed('Lakeside Health'), 'in~category': { value: { type: 'static_select', selected_option: { value: 'security-practitioner' } } } } },
        },
      }),
    );
    expect(done.status).toBe(200);
    // The coordinator's DM is a delivery row: its card is read from SQLite, as the engine sends it.
    const row = await fake.waitFor(() => h.db.select().from(deliveries).all().find((d) => d.target === `slack:${coordinator.id}` && d.batch.startsWith('join-')));
    const card = row.card as unknown as Card;
    const fields = JSON.stringify(cardToBlockKit(card).filter((b) => b.type === 'section' && 'fields' in b));
    expect(fields).toContain('*Account*\\n<@U0NEWBIE> on Slack');
    expect(fields).toContain('*Email*\\nnia.newbie@example.org (Slack profile)');
    // Text (the console, a notification) names the account rather than showing a raw mention.
    expect(renderText(card).text).toMatch(/Account: newbie on Slack\nEmail: nia\.newbie@example\.org \(Slack profile\)/);
  });
});

describe('link by email match on Slack', () => {
  it('proposes a link on the profile email, and attaches the account only when that account confirms', async () => {
    const jane = seed(h.db, { name: 'Jane Teams', identity: { platform: 'teams', id: 'aad-jane-teams' }, set: { email: 'Jane.Teams@example.org' } });
    fake.script('users.info', { body: { ok: true, user: { id: 'U0JANE2', name: 'jane', profile: { email: 'jane.teams@example.org' } } } });
    const said = await command('U0JANE2', 'link');
    expect(said).toMatch(/The email of your Slack profile matches \*Jane Teams\*/);
    expect(fake.callsTo('users.info').at(-1)!.params.user).toBe('U0JANE2');
    expect(findMemberByIdentity(h.db, { platform: 'slack', id: 'U0JANE2' })).toBeUndefined();
    const buttons = (JSON.parse(said) as { blocks: { elements?: { action_id?: string; value?: string }[] }[] }).blocks.flatMap((b) => b.elements ?? []);
    const value = buttons.find((e) => e.action_id === LINK_CONFIRM)?.value;
    expect(value).toBeDefined();

    const press = (user: string, id: string) =>
      postSigned(
        h.eventsUrl,
        interactionBody({
          type: 'block_actions',
          team: { id: TEAM_ID },
          user: { id: user, username: 'x', team_id: TEAM_ID },
          channel: { id: 'C0CHANNEL', name: 'security-chiefs' },
          response_url: fake.responseUrl(id),
          actions: [{ type: 'button', action_id: LINK_CONFIRM, block_id: 'b1', value, action_ts: '1' }],
        }),
      );
    // Someone else pressing the forwarded button links nothing.
    await press('U0MALLORY', 'confirm-mallory');
    expect(text((await fake.waitFor(() => fake.responses.find((r) => r.id === 'confirm-mallory'))).body)).toMatch(/made to another account/);
    await press('U0JANE2', 'confirm-jane');
    expect(text((await fake.waitFor(() => fake.responses.find((r) => r.id === 'confirm-jane'))).body)).toMatch(/Linked: this Slack account is now Jane Teams/);
    expect(findMemberByIdentity(h.db, { platform: 'slack', id: 'U0JANE2' })?.id).toBe(jane.id);
    expect(h.db.select().from(auditLog).where(eq(auditLog.action, 'identity.link')).all().at(-1)?.details).toMatchObject({ via: 'email' });
  });
});
