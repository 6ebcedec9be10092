// POST /api/messages on the real HTTP server with the real Teams adapter and bot, answered through a
// fake Bot Framework connector on loopback: commands, mentions, buttons, Save, forms, private replies.
import { afterEach, describe, expect, it } from 'vitest';
import { TURN_FAILED } from '../../../adapters/teams/adapter.js';
import { CANNOT_REACH_PRIVATELY, FORM_SENT_PRIVATELY, PRIVATE_CHAT_BUSY, SENT_PRIVATELY } from '../../../adapters/teams/responder.js';
import { card, message, text, type Form } from '../../../src/cards/card.js';
import { changesOf } from '../../../src/commands/context.js';
import { createRegistry } from '../../../src/features.js';
import type { Registry } from '../../../src/commands/registry.js';
import { formatIdentity } from '../../../src/core/identity.js';
import { makeActor } from '../../helpers/db.js';
import { BOT, cardActions, CHANNEL, GROUP_CHAT, JANE, RAY, shownText, teamsActivity, TENANT, type ConnectorCall } from '../../helpers/fake-teams.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const JANE_DM = `a:dm-${JANE.id}`;

/** A registry with the real commands plus a few test-only ones that use every responder path. */
function testRegistry(): Registry {
  const registry = createRegistry();
  registry.command({
    name: 'whois',
    permission: 'anyone',
    usage: '<person>',
    summary: 'Test: echoes the person argument.',
    args: [{ name: 'who', kind: 'user' }],
    async handler(ctx) {
      const who = ctx.args.who as { identity?: string; name?: string; label: string };
      await ctx.respond.reply(message(`identity=${who.identity ?? '-'} name=${who.name ?? '-'} label=${who.label}`));
    },
  });
  registry.command({
    name: 'ping',
    permission: 'anyone',
    usage: '',
    summary: 'Test: a card with a button.',
    args: [],
    async handler(ctx) {
      await ctx.respond.reply(
        card('Ping', text('Press it.'), { type: 'actions', elements: [{ type: 'button', actionId: 'test.pong', label: 'Pong', value: 'v1' }] }),
      );
    },
  });
  registry.action({
    actionId: 'test.pong',
    permission: 'anyone',
    async handler(ctx) {
      const by = formatIdentity(ctx.actor.identity);
      await (ctx.respond.replace ?? ctx.respond.reply)(message(`pong ${ctx.action.value} pressed by ${by} in ${ctx.turn.conversation}`));
    },
  });
  registry.command({
    name: 'marks',
    permission: 'anyone',
    usage: '',
    summary: 'Test: a card with selects.',
    args: [],
    async handler(ctx) {
      const select = (n: number) => ({
        type: 'select' as const,
        actionId: 'test.mark',
        placeholder: 'Mark',
        context: `item-${n}`,
        initial: 'no',
        options: [
          { label: 'in place', value: 'yes' },
          { label: 'not yet', value: 'no' },
        ],
      });
      await ctx.respond.reply(card('Review', { type: 'section', text: 'One', accessory: select(1) }, { type: 'section', text: 'Two', accessory: select(2) }));
    },
  });
  registry.action({
    actionId: 'test.mark',
    permission: 'anyone',
    async handler(ctx) {
      await ctx.respond.reply(message(`marked ${changesOf(ctx.action).map((c) => `${c.context} ${c.value}`).join(', ')}`));
    },
  });
  const form: Form = {
    id: 'test.apply',
    title: 'Apply',
    submitLabel: 'Send',
    state: 'origin-42',
    inputs: [
      { id: 'title', label: 'Your title', kind: 'text', required: true },
      { id: 'caps', label: 'Capabilities', kind: 'multiselect', options: [{ label: 'CCTV', value: 'cctv' }, { label: 'Cyber', value: 'cyber' }] },
    ],
  };
  registry.command({
    name: 'apply',
    permission: 'anyone',
    usage: '',
    summary: 'Test: opens a form.',
    args: [],
    async handler(ctx) {
      await ctx.respond.openForm(form);
    },
  });
  registry.form({
    formId: 'test.apply',
    permission: 'anyone',
    async handler(ctx) {
      const title = String(ctx.values.title ?? '');
      if (title.length < 3) return { title: 'Give your full title.' };
      await ctx.respond.reply(message(`applied as ${title} with ${JSON.stringify(ctx.values.caps)} (state ${ctx.state})`));
      return undefined;
    },
  });
  for (let i = 0; i < 30; i++) {
    registry.command({ name: `extra${String(i).padStart(2, '0')}`, permission: 'anyone', usage: '', summary: `Filler ${i}.`, args: [], async handler() {} });
  }
  return registry;
}

const texts = (calls: ConnectorCall[]) => calls.map((c) => shownText(c.body));

describe('commands', () => {
  it('answers help in a 1:1 chat, in that chat, without a prefix', async () => {
    h = await startHarness();
    const { status, calls } = await h.send({ text: 'help' });
    expect(status).toBe(200);
    expect(calls.map((c) => [c.kind, c.conversationId])).toEqual([['reply', JANE_DM]]);
    const shown = shownText(calls[0]!.body);
    expect(shown).toContain('What you can do here');
    expect(shown).toContain('help [command]');
    expect(shown).not.toContain('@PPP help [command]');
    expect(calls[0]!.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('answers help mentioned in a channel privately, in a new 1:1 chat, and tells the channel only that', async () => {
    h = await startHarness();
    const { status, calls } = await h.send({ scope: 'channel', text: 'help', mentionBot: true });
    expect(status).toBe(200);
    expect(calls.map((c) => c.kind)).toEqual(['create', 'send', 'reply']);
    const [create, dm, notice] = calls as [ConnectorCall, ConnectorCall, ConnectorCall];
    expect(create.body).toMatchObject({
      isGroup: false,
      bot: { id: BOT.id },
      members: [{ id: JANE.id }],
      tenantId: TENANT,
      channelData: { tenant: { id: TENANT } },
    });
    expect(dm.conversationId).toBe(JANE_DM);
    expect(shownText(dm.body)).toContain('@PPP help [command]');
    // The channel hears only that the answer went elsewhere, in the thread of the message.
    expect(notice.conversationId).toBe(`${CHANNEL};messageid=${notice.activityId}`);
    expect(shownText(notice.body)).toBe(SENT_PRIVATELY);
  });

  it('answers help in a group chat privately too, and reuses the stored 1:1 chat', async () => {
    h = await startHarness();
    await h.send({ text: 'hello' });
    const { calls } = await h.send({ scope: 'groupChat', text: 'help', mentionBot: true });
    expect(calls.map((c) => [c.kind, c.conversationId])).toEqual([
      ['send', JANE_DM],
      ['reply', GROUP_CHAT],
    ]);
    expect(shownText(calls[0]!.body)).toContain('What you can do here');
  });

  it('runs a command once when Teams delivers the same message again (after a slow answer)', async () => {
    h = await startHarness();
    const activity = teamsActivity(h.fake, { text: 'help' });
    expect((await h.post(activity)).calls).toHaveLength(1);
    const again = await h.post(activity);
    expect(again.status).toBe(200);
    expect(again.calls).toEqual([]);
  });

  it('suggests a command for a typo, with the prefix of the place', async () => {
    h = await startHarness();
    const { calls } = await h.send({ text: 'hlep' });
    expect(texts(calls)).toEqual(["I don't know `hlep`. Did you mean `help`? Send `help` to see what you can do here."]);
  });

  it('turns mentions of people into users the command understands, and ignores a forged token', async () => {
    h = await startHarness({ registry: testRegistry() });
    h.fake.members.set(RAY.id, RAY);
    // Ray is not on record: the adapter asks Teams who the mentioned account is.
    let { calls } = await h.send({ scope: 'channel', text: 'whois {Ray Sheriff}', mentionBot: true, mentions: [RAY] });
    expect(calls.map((c) => c.kind)).toEqual(['member', 'reply']);
    expect(calls[0]!.path).toBe(`/v3/conversations/${encodeURIComponent('19:team@thread.tacv2')}/members/${encodeURIComponent(RAY.id)}`);
    expect(shownText(calls[1]!.body)).toBe(`identity=teams:${RAY.aadObjectId} name=- label=Ray Sheriff`);
    // Once Ray has spoken to the bot, the stored reference answers without a lookup.
    await h.send({ from: RAY, text: 'hello' });
    ({ calls } = await h.send({ scope: 'channel', text: 'whois {Ray Sheriff}', mentionBot: true, mentions: [RAY] }));
    expect(calls.map((c) => c.kind)).toEqual(['reply']);
    expect(shownText(calls[0]!.body)).toBe(`identity=teams:${RAY.aadObjectId} name=- label=Ray Sheriff`);
    // Typing the neutral token by hand does not make a verified mention.
    ({ calls } = await h.send({ text: 'whois <@teams:someone-else|Boss>' }));
    expect(shownText(calls[0]!.body)).toBe('identity=- name=teams:someone-else|Boss> label=teams:someone-else|Boss>');
  });
});

describe('buttons, Save and forms', () => {
  it('routes a button press to its action, and edits the card it came from', async () => {
    h = await startHarness({ registry: testRegistry() });
    const shown = await h.send({ scope: 'channel', text: 'ping', mentionBot: true });
    const posted = shown.calls[0]!;
    const [pong] = cardActions(posted.body);
    expect(pong).toEqual({ title: 'Pong', data: { _ppp: { k: 'a', a: 'test.pong', v: 'v1' } } });
    const { status, calls } = await h.send({
      scope: 'channel',
      conversationId: posted.conversationId!,
      value: pong!.data,
      replyToId: posted.answeredId!,
      from: RAY,
    });
    expect(status).toBe(200);
    expect(calls.map((c) => [c.kind, c.activityId])).toEqual([['update', posted.answeredId]]);
    expect(shownText(calls[0]!.body)).toBe(`pong v1 pressed by teams:${RAY.aadObjectId} in teams:${CHANNEL}`);
  });

  it('turns the page of a private list in place in the 1:1 chat', async () => {
    h = await startHarness({ registry: testRegistry() });
    const first = await h.send({ text: 'help' });
    const next = cardActions(first.calls[0]!.body).find((a) => a.title === 'Next')!;
    const { calls } = await h.send({ value: next.data, replyToId: first.calls[0]!.answeredId! });
    expect(calls.map((c) => [c.kind, c.conversationId, c.activityId])).toEqual([['update', JANE_DM, first.calls[0]!.answeredId]]);
    expect(shownText(calls[0]!.body)).toContain('Page 2 of 2');
  });

  it('sends one action carrying every select changed when Save is pressed', async () => {
    h = await startHarness({ registry: testRegistry() });
    const shown = await h.send({ text: 'marks' });
    const save = cardActions(shown.calls[0]!.body).find((a) => a.title === 'Save')!;
    const { calls } = await h.send({ value: { ...save.data, _ppp_sel_0: 'yes', _ppp_sel_1: 'no' }, replyToId: shown.calls[0]!.answeredId! });
    expect(texts(calls)).toEqual(['marked item-1 yes']);
    const both = await h.send({ value: { ...save.data, _ppp_sel_0: 'yes', _ppp_sel_1: 'yes' }, replyToId: shown.calls[0]!.answeredId! });
    expect(texts(both.calls)).toEqual(['marked item-1 yes, item-2 yes']);
    const unchanged = await h.send({ value: { ...save.data, _ppp_sel_0: 'no', _ppp_sel_1: 'no' } });
    expect(texts(unchanged.calls)).toEqual(['Nothing changed: pick a new value, then Save.']);
  });

  it('opens a form privately, shows a field error on the form, then takes the fixed submission', async () => {
    h = await startHarness({ registry: testRegistry() });
    const opened = await h.send({ scope: 'channel', text: 'apply', mentionBot: true });
    expect(opened.calls.map((c) => c.kind)).toEqual(['create', 'send', 'reply']);
    expect(shownText(opened.calls[2]!.body)).toBe(FORM_SENT_PRIVATELY);
    const formCall = opened.calls[1]!;
    expect(formCall.conversationId).toBe(JANE_DM);
    const submit = cardActions(formCall.body).find((a) => a.title === 'Send')!;

    const wrong = await h.send({ value: { ...submit.data, title: 'X', caps: 'cctv,cyber' }, replyToId: formCall.answeredId! });
    expect(wrong.calls.map((c) => [c.kind, c.activityId])).toEqual([['update', formCall.answeredId]]);
    const again = shownText(wrong.calls[0]!.body);
    expect(again).toContain('Give your full title.');
    expect(JSON.stringify(wrong.calls[0]!.body)).toContain('"value":"cctv,cyber"');

    const right = await h.send({ value: { ...submit.data, title: 'Chief of Police', caps: 'cctv,cyber' }, replyToId: formCall.answeredId! });
    expect(right.calls.map((c) => c.kind)).toEqual(['reply', 'update']);
    expect(shownText(right.calls[0]!.body)).toBe('applied as Chief of Police with ["cctv","cyber"] (state origin-42)');
    expect(shownText(right.calls[1]!.body)).toContain('Sent. Thank you.');
  });

  it('never answers privately in the channel: when the 1:1 chat cannot be opened, it says how to fix that', async () => {
    h = await startHarness();
    h.fake.script((c) => c.kind === 'create', { status: 403, body: { error: { code: 'Forbidden', message: 'app not installed for user' } } });
    const { calls } = await h.send({ scope: 'channel', text: 'help', mentionBot: true });
    expect(calls.map((c) => c.kind)).toEqual(['create', 'reply']);
    expect(texts(calls.slice(1))).toEqual([CANNOT_REACH_PRIVATELY]);
    // A passing failure is not blamed on the user's setup.
    h.fake.script((c) => c.kind === 'create', { status: 429, headers: { 'retry-after': '1' } });
    const busy = await h.send({ scope: 'channel', text: 'help', mentionBot: true });
    expect(texts(busy.calls.slice(1))).toEqual([PRIVATE_CHAT_BUSY]);
  });

  it('tells the user something went wrong, without details, when a turn fails, and logs why', async () => {
    h = await startHarness({ registry: testRegistry() });
    const opened = await h.send({ text: 'apply' });
    const formCall = opened.calls[0]!;
    const submit = cardActions(formCall.body).find((a) => a.title === 'Send')!;
    // Showing the form again fails both ways (edit and new message): the turn itself fails.
    h.fake.script((c) => c.kind === 'update', { status: 404, body: { error: { code: 'ActivityNotFound' } } });
    h.fake.script((c) => c.kind === 'reply', { status: 403, body: { error: { code: 'Forbidden' } } });
    const { status, calls } = await h.send({ value: { ...submit.data, title: 'X' }, replyToId: formCall.answeredId! });
    expect(status).toBe(200);
    expect(calls.map((c) => c.kind)).toEqual(['update', 'reply', 'reply']);
    expect(texts(calls.slice(2))).toEqual([TURN_FAILED]);
    const failed = h.logs.find((l) => l.msg === 'Teams turn failed') as { err?: { message?: string } } | undefined;
    expect(failed?.err?.message).toMatch(/Forbidden/);
  });

  it('ignores a submit that did not come from its own cards', async () => {
    h = await startHarness();
    const { status, calls } = await h.send({ value: { action: 'someone else’s card' } });
    expect(status).toBe(200);
    expect(calls).toEqual([]);
  });
});

describe('conversation references', () => {
  const refs = (harness: Harness) =>
    harness.db.$client
      .prepare('select address, platform, scope, user_identity, service_url, reference from conversation_refs order by address')
      .all() as { address: string; platform: string; scope: string; user_identity: string | null; service_url: string; reference: string }[];

  it('are stored on every turn and on install, per conversation, and dropped when the app is removed', async () => {
    h = await startHarness();
    await h.send({ scope: 'channel', text: 'help', mentionBot: true });
    await h.send({ scope: 'groupChat', type: 'installationUpdate', action: 'add' });
    await h.send({ from: RAY, type: 'conversationUpdate' });
    const rows = refs(h);
    expect(rows.map((r) => [r.address, r.platform, r.scope, r.user_identity, r.service_url])).toEqual([
      [`teams:${CHANNEL}`, 'teams', 'channel', null, h.fake.serviceUrl],
      [`teams:${GROUP_CHAT}`, 'teams', 'group', null, h.fake.serviceUrl],
      [`teams:${JANE_DM}`, 'teams', 'personal', `teams:${JANE.aadObjectId}`, h.fake.serviceUrl],
      [`teams:a:dm-${RAY.id}`, 'teams', 'personal', `teams:${RAY.aadObjectId}`, h.fake.serviceUrl],
    ]);
    const channel = JSON.parse(rows[0]!.reference);
    // A channel's reference is the channel, not the thread the message came in on.
    expect(channel).toMatchObject({
      channelId: 'msteams',
      serviceUrl: h.fake.serviceUrl,
      bot: BOT,
      conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
    });

    await h.send({ scope: 'groupChat', type: 'conversationUpdate', membersRemoved: [{ id: BOT.id }] });
    await h.send({ from: RAY, type: 'installationUpdate', action: 'remove' });
    expect(refs(h).map((r) => r.address)).toEqual([`teams:${CHANNEL}`, `teams:${JANE_DM}`]);
  });

  it('greets a user who installs the app for themselves', async () => {
    h = await startHarness();
    const { calls } = await h.send({ type: 'installationUpdate', action: 'add' });
    expect(calls.map((c) => [c.kind, c.conversationId])).toEqual([['reply', JANE_DM]]);
    expect(shownText(calls[0]!.body)).toContain('Send help to see what you can do here');
  });

  it('answers in the thread a message came from, and addresses the turn to the channel', async () => {
    h = await startHarness({ registry: testRegistry() });
    const thread = `${CHANNEL};messageid=1699999999999`;
    const { calls } = await h.send({ scope: 'channel', conversationId: thread, text: 'ping', mentionBot: true });
    expect(calls.map((c) => c.conversationId)).toEqual([thread]);
    expect(refs(h).map((r) => r.address)).toEqual([`teams:${CHANNEL}`]);
  });
});

describe('who is acting', () => {
  it('is the Entra object id, so a coordinator from PPP_ADMINS is recognised on Teams', async () => {
    h = await startHarness();
    makeActor(h.db, 'coordinator', 'teams');
    // makeActor names the Teams identity `coordinator-0`; Jane stands in for that account here.
    const coordinator = { ...JANE, aadObjectId: 'coordinator-0' };
    const { calls } = await h.send({ from: coordinator, text: 'help' });
    expect(shownText(calls[0]!.body)).not.toContain('You are not on the roster');
    const stranger = await h.send({ from: RAY, text: 'help' });
    expect(shownText(stranger.calls[0]!.body)).toContain('You are not on the roster');
  });
});

describe('the registry’s commands on Teams', () => {
  it('vets a channel: the bot posts its notice there from the stored reference, and tells the coordinator privately', async () => {
    h = await startHarness();
    makeActor(h.db, 'coordinator', 'teams');
    const coordinator = { ...JANE, aadObjectId: 'coordinator-0' };
    const { calls } = await h.send({ scope: 'channel', from: coordinator, text: 'channel vet executive', mentionBot: true, channelName: 'Executive Board' });
    expect(calls.map((c) => [c.kind, c.conversationId])).toEqual([
      ['send', CHANNEL],
      // Who is in an executive conversation: anyone not an active member is named to the coordinator.
      ['other', CHANNEL],
      ['create', undefined],
      ['send', JANE_DM],
      ['reply', expect.stringMatching(/^19:exec@thread\.tacv2;messageid=/)],
    ]);
    expect(shownText(calls[0]!.body)).toMatch(/^This conversation is now vetted as executive/);
    expect(shownText(calls[3]!.body)).toMatch(/^Vetted .*Executive Board.* as executive/);
    expect(h.db.$client.prepare('select address, kind, status from channels').all()).toEqual([
      { address: `teams:${CHANNEL}`, kind: 'executive', status: 'vetted' },
    ]);
  });
});
