// Who is acting on Teams (hardening item 2): only activities whose channelId is msteams are served,
// a sender is known only by from.aadObjectId, and only a Teams 1:1 chat becomes someone's private
// conversation — so nobody on Web Chat or Direct Line can pass for a coordinator, or divert their DMs.
import { afterEach, describe, expect, it } from 'vitest';
import { NO_IDENTITY } from '../../../adapters/teams/handler.js';
import { NOT_TEAMS } from '../../../adapters/teams/http.js';
import { message } from '../../../src/cards/card.js';
import { makeActor } from '../../helpers/db.js';
import { until } from '../../helpers/until.js';
import { cardActions, JANE, RAY, shownText, teamsActivity } from '../../helpers/fake-teams.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const JANE_DM = `a:dm-${JANE.id}`;
/** makeActor names the coordinator's Teams identity `coordinator-0`; Jane's account stands for it. */
const COORDINATOR_AAD = 'coordinator-0';
const COORDINATOR = { ...JANE, aadObjectId: COORDINATOR_AAD };

const refs = (harness: Harness) =>
  harness.db.$client.prepare('select address, scope, user_identity from conversation_refs order by address').all() as {
    address: string;
    scope: string;
    user_identity: string | null;
  }[];

/** A clock the test moves, so "newest reference" means what it says. */
function movingClock(start = Date.parse('2026-11-22T12:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), later: (minutes: number) => void (now += minutes * 60_000) };
}

/** An activity as Web Chat or Direct Line delivers it: the client picks from.id; there is no Entra id. */
function spoofed(harness: Harness, channelId: string, text: string): Record<string, unknown> {
  const activity = teamsActivity(harness.fake, { text, from: COORDINATOR });
  activity.channelId = channelId;
  activity.from = { id: COORDINATOR_AAD, name: 'Jane Chief' };
  activity.conversation = { id: `${channelId}-conversation-1` };
  delete activity.channelData;
  return activity;
}

describe('an activity from another Bot Framework channel', () => {
  it('is refused with 403, answered nothing and stored nowhere, even with a coordinator’s object id as from.id', async () => {
    h = await startHarness();
    makeActor(h.db, 'coordinator', 'teams');
    // The real coordinator, in Teams, is served.
    const real = await h.send({ from: COORDINATOR, text: 'audit' });
    expect(real.calls.map((c) => c.kind)).toEqual(['reply']);
    expect(shownText(real.calls[0]!.body)).not.toContain('not on the roster');

    for (const channelId of ['webchat', 'directline', 'emulator', 'MSTeams']) {
      const { status, text, calls } = await h.post(spoofed(h, channelId, 'audit'));
      expect({ channelId, status, text, calls }).toEqual({ channelId, status: 403, text: NOT_TEAMS, calls: [] });
    }
    expect(refs(h)).toEqual([{ address: `teams:${JANE_DM}`, scope: 'personal', user_identity: `teams:${COORDINATOR_AAD}` }]);
    expect(h.logs.filter((l) => String(l.msg).includes('not from Microsoft Teams'))).toHaveLength(4);
  });

  it('leaves the coordinator’s 1:1 chat alone: the next Vet/Decline card still goes there', async () => {
    const time = movingClock();
    h = await startHarness({ clock: time.clock });
    makeActor(h.db, 'coordinator', 'teams');
    await h.send({ from: COORDINATOR, text: 'help' });
    time.later(5);
    // Later than the real chat, so a stored spoof would be the coordinator's newest 1:1 reference.
    await h.post(spoofed(h, 'directline', 'help'));
    time.later(5);

    // A stranger asks to join; coordinators get the request with Vet / Decline.
    const opened = await h.send({ from: RAY, text: 'join' });
    const form = opened.calls.at(-1)!;
    const submit = cardActions(form.body).find((a) => a.title === 'Ask to join')!;
    await h.send({
      from: RAY,
      value: { ...submit.data, name: 'Ray Sheriff', title: 'Sheriff', organization: 'Hennepin County', category: 'law-enforcement' },
      replyToId: form.answeredId!,
    });
    const queued = h.db.$client.prepare("select target, card from deliveries where kind = 'dm'").all() as { target: string; card: string }[];
    expect(queued.map((d) => d.target)).toEqual([`teams:${COORDINATOR_AAD}`]);

    // The harness's delivery engine sends it, as in production (sending it here as well raced the
    // engine: two copies whenever the engine's landed after this test started counting).
    const harness = h;
    await until(() => (harness.db.$client.prepare("select status from deliveries where kind = 'dm'").get() as { status: string }).status === 'sent', 10_000, 'the DM delivered');
    const sent = h.fake.calls.filter((c) => c.kind === 'send' && cardActions(c.body).some((a) => a.title === 'Vet'));
    expect(sent.map((c) => [c.kind, c.conversationId])).toEqual([['send', JANE_DM]]);
    expect(cardActions(sent[0]!.body).map((a) => a.title)).toEqual(expect.arrayContaining(['Vet', 'Decline']));
  });

  it('ignores a 1:1 reference that an earlier version stored from another channel', async () => {
    h = await startHarness();
    await h.send({ from: COORDINATOR, text: 'help' });
    // As an earlier version saved a Direct Line conversation: personal, the coordinator's, and newer.
    h.db.$client
      .prepare('insert into conversation_refs (address, platform, scope, user_identity, service_url, reference, updated_at) values (?, ?, ?, ?, ?, ?, ?)')
      .run('teams:dl-1', 'teams', 'personal', `teams:${COORDINATOR_AAD}`, h.fake.serviceUrl, JSON.stringify({ channelId: 'directline', serviceUrl: h.fake.serviceUrl, user: { id: COORDINATOR_AAD, aadObjectId: COORDINATOR_AAD }, conversation: { id: 'dl-1' } }), Date.parse('2030-01-01T00:00:00Z'));
    const before = h.fake.calls.length;
    await h.hub.dm({ platform: 'teams', id: COORDINATOR_AAD }, message('For the coordinator.'));
    expect(h.fake.calls.slice(before).map((c) => [c.kind, c.conversationId])).toEqual([['send', JANE_DM]]);
  });
});

describe('a Teams activity without from.aadObjectId', () => {
  it('has no identity: the sender is told why, nothing runs, and no 1:1 reference is kept', async () => {
    h = await startHarness();
    makeActor(h.db, 'coordinator', 'teams');
    const nobody = teamsActivity(h.fake, { text: 'audit', from: COORDINATOR });
    // Teams' own account id, and a from.id set to a coordinator's object id: neither is an identity.
    for (const id of [JANE.id, COORDINATOR_AAD]) {
      const activity = { ...nobody, id: `no-aad-${id}`, from: { id, name: 'Jane Chief' } };
      const { status, calls } = await h.post(activity);
      expect(status).toBe(200);
      expect(calls.map((c) => [c.kind, shownText(c.body)])).toEqual([['reply', NO_IDENTITY]]);
    }
    expect(refs(h)).toEqual([]);
    // Nothing was run as anyone: no audit row, no member, no join request.
    expect(h.db.$client.prepare("select count(*) as n from members where status = 'nominated'").get()).toEqual({ n: 0 });
  });
});

describe('a group chat or channel', () => {
  it('never becomes anyone’s 1:1 chat, even when Teams leaves out its conversation type', async () => {
    h = await startHarness();
    const group = '19:untyped-group@thread.v2';
    const untyped = teamsActivity(h.fake, { scope: 'groupChat', conversationId: group, text: 'help', mentionBot: true });
    untyped.conversation = { id: group, tenantId: 'tenant-twin-cities' };
    await h.post(untyped);
    await h.send({ scope: 'groupChat', text: 'help', mentionBot: true });
    await h.send({ scope: 'channel', text: 'help', mentionBot: true });
    for (const row of refs(h)) {
      if (row.address === `teams:${JANE_DM}`) continue; // the private answers opened Jane's real 1:1 chat
      expect(row).toMatchObject({ user_identity: null });
      expect(row.scope).not.toBe('personal');
    }
    expect(refs(h).find((r) => r.address === `teams:${group}`)).toMatchObject({ scope: 'group' });

    // A direct message to Jane goes to her 1:1 chat with the bot, never to a group.
    const before = h.fake.calls.length;
    await h.hub.dm({ platform: 'teams', id: JANE.aadObjectId }, message('Only for Jane.'));
    expect(h.fake.calls.slice(before).map((c) => [c.kind, c.conversationId])).toEqual([['send', JANE_DM]]);
  });
});
