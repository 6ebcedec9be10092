// Mentions through a signed slash command: only a mention Slack itself encoded names a person, text a
// member typed to look like one stays text, and a person's name comes from their Slack profile (or
// from the caller, asked for it), never from the label inside the mention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, members } from '../../../db/schema.js';
import { createRegistry } from '../../../src/features.js';
import { makeActor } from '../../helpers/db.js';
import { commandBody, postSigned, startFakeSlack, type FakeSlack } from '../../helpers/fake-slack.js';
import { startHarness, type Harness } from './harness.js';

let fake: FakeSlack;
let h: Harness;

beforeAll(async () => {
  fake = await startFakeSlack();
  h = await startHarness({ fake, registry: createRegistry() });
});

afterAll(async () => {
  await h.close();
  await fake.close();
});

/** What the caller was told: in the acknowledgement, or (if the handler took longer) through response_url. */
async function run(user: string, text: string, id: string): Promise<string> {
  const url = fake.responseUrl(id);
  const res = await postSigned(h.eventsUrl, commandBody({ user_id: user, text, response_url: url }));
  expect(res.status).toBe(200);
  if (res.json?.text) return String(res.json.text);
  const posted = await fake.waitFor(() => fake.responses.find((r) => r.id === id));
  return String(posted.body.text);
}

const rosterNames = () => h.db.select().from(members).all().map((m) => m.name);
const slackIds = () => h.db.select().from(identities).all().filter((i) => i.platform === 'slack').map((i) => i.externalId);

const profile = (id: string, realName: string, displayName: string) => ({
  body: { ok: true, user: { id, name: displayName, real_name: realName, profile: { real_name: realName, display_name: displayName } } },
});

describe('a mention typed by hand', () => {
  it('does not nominate anyone: the issue’s attack creates no member for UEVIL and takes no name from the label', async () => {
    const member = makeActor(h.db, 'member', 'slack', 1);
    const before = rosterNames().length;
    // Slack escapes what a person types: `<` arrives as `&lt;`.
    const said = await run(member.id, 'nominate &lt;@slack:UEVIL|Chief Dana Holt (Minneapolis PD)&gt;', 'attack-1');
    expect(slackIds()).not.toContain('UEVIL');
    expect(rosterNames().some((n) => n.includes('Dana Holt'))).toBe(false);
    expect(rosterNames()).toHaveLength(before);
    expect(said).not.toMatch(/^Nominated/);

    // Slack's own raw mention syntax, typed: text as well.
    await run(member.id, 'nominate &lt;@UEVIL|Chief Dana Holt&gt;', 'attack-2');
    expect(slackIds()).not.toContain('UEVIL');
    expect(rosterNames()).toHaveLength(before);
    expect(fake.callsTo('users.info').map((c) => c.params.user)).not.toContain('UEVIL');
  });
});

describe('a mention Slack encoded', () => {
  it('nominates that account, named from its Slack profile, not from the mention’s label', async () => {
    const member = makeActor(h.db, 'member', 'slack', 2);
    fake.script('users.info', profile('U0REAL01', 'Dana Holt', 'dana'));
    const said = await run(member.id, 'nominate <@U0REAL01|dana>', 'real-1');
    expect(said).toMatch(/^Nominated: Dana Holt\./);
    expect(fake.callsTo('users.info').at(-1)!.params.user).toBe('U0REAL01');
    expect(slackIds()).toContain('U0REAL01');
    expect(rosterNames()).toContain('Dana Holt');
    expect(rosterNames()).not.toContain('dana');
  });

  it('asks for the name when Slack gives no profile, and takes the name the caller gives', async () => {
    const member = makeActor(h.db, 'member', 'slack', 3);
    fake.script('users.info', { body: { ok: false, error: 'user_not_found' } });
    const asked = await run(member.id, 'nominate <@U0REAL02|sam>', 'real-2');
    expect(slackIds()).not.toContain('U0REAL02');
    expect(rosterNames()).not.toContain('sam');
    expect(asked).toContain('nominate @sam "Full Name"');

    const said = await run(member.id, 'nominate <@U0REAL02|sam> "Sam Ortiz"', 'real-3');
    expect(said).toMatch(/^Nominated: Sam Ortiz\./);
    expect(slackIds()).toContain('U0REAL02');
    expect(rosterNames()).toContain('Sam Ortiz');
  });

  it('fills `roster add`’s name from the profile too', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 4);
    fake.script('users.info', profile('U0REAL03', 'Lee Park', 'lee'));
    // The form opens in a modal; nothing is said in the channel.
    const res = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, text: 'roster add <@U0REAL03|lee>' }));
    expect(res.status).toBe(200);
    const opened = await fake.waitForCall('views.open');
    const view = opened.params.view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    const name = view.blocks.find((b) => b.block_id === 'in~name');
    expect(name?.element?.initial_value).toBe('Lee Park');
  });

  it('finds a successor by the account mentioned, not by a roster name that matches the label', async () => {
    const coordinator = makeActor(h.db, 'coordinator', 'slack', 5);
    const leaving = makeActor(h.db, 'member', 'slack', 6);
    const successor = makeActor(h.db, 'member', 'slack', 7);
    makeActor(h.db, 'board', 'slack', 8); // "board 8": the name the label below spells
    // A departure is asked first: the question names who leaves and who succeeds them.
    const res = await postSigned(h.eventsUrl, commandBody({ user_id: coordinator.id, text: `member <@${leaving.id}|m6> depart successor <@${successor.id}|board 8>`, response_url: fake.responseUrl('depart-1') }));
    const question = JSON.stringify(res.json ?? (await fake.waitFor(() => fake.responses.find((r) => r.id === 'depart-1'))).body);
    expect(question).toContain('Record that member 6 has left?');
    expect(question).toContain('*Successor:* member 7');
    expect(question).not.toContain('board 8');
  });
});
