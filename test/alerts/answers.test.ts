// Answers across platforms: a member answering from their Slack and their Teams account counts once,
// the channel copy's status line is redrawn with it, and "need help" reaches the sender at once.
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alertRecipients } from '../../db/schema.js';
import { deliveryReport } from '../../src/delivery/store.js';
import { cardActions, type TeamsUser } from '../helpers/fake-teams.js';
import { startWorld, until, type World } from '../helpers/world.js';
import { alertSettled, pressSlack, sendFromSlack, slackChannel, slackPosts, teamsConversation, teamsPosts } from './platforms.js';
import { seedMember } from './world.js';

let world: World;
const SENDER = 'U0BOARD1';
const DANA_SLACK = 'U0DANA1';
const DANA_TEAMS: TeamsUser = { id: '29:dana', name: 'Dana Both', aadObjectId: 'aad-dana-1' };
const TEAMS_CHANNEL = '19:exec@thread.tacv2';

beforeEach(async () => {
  world = await startWorld();
  seedMember(world.db, { name: 'Bo Board', accounts: [{ platform: 'slack', id: SENDER }], tier: 'board' });
  // One member, two accounts (linked): their answers count once, whichever account gives them.
  seedMember(world.db, {
    name: 'Dana Both',
    accounts: [{ platform: 'slack', id: DANA_SLACK }, { platform: 'teams', id: DANA_TEAMS.aadObjectId }],
    organization: 'Metro Police',
    contact247: '+1 612 555 0111',
  });
  seedMember(world.db, { name: 'Eli Else', accounts: [{ platform: 'slack', id: 'U0ELI1' }] });
  slackChannel(world, 'C0EXEC', 'executive', 'exec-chiefs');
  teamsConversation(world, TEAMS_CHANNEL, { kind: 'executive', name: 'Executive Board' });
});
afterEach(async () => {
  await world.close();
});

async function sent(line: string): Promise<number> {
  const id = await sendFromSlack(world, SENDER, line);
  await alertSettled(world, id);
  return id;
}

const row = (id: number, memberName: string) =>
  world.db
    .select()
    .from(alertRecipients)
    .all()
    .find((r) => r.alertId === id && r.memberId === world.db.query.members.findFirst({ where: (m, { eq: is }) => is(m.name, memberName) }).sync()!.id)!;

describe('answers', () => {
  it('count once for a member answering from their Slack and their Teams account, and redraw the channel copies', async () => {
    const title = 'Bridge closed at 3rd Ave';
    const id = await sent(`alert urgent amber ${title}`);
    // Slack: Acknowledged on the channel copy.
    expect(slackPosts(world, title).filter((c) => c.params.channel === 'C0EXEC')).toHaveLength(1);
    expect((await pressSlack(world, DANA_SLACK, 'alert.answer', `${id}:acknowledged`, 'C0EXEC')).status).toBe(200);
    await until(() => row(id, 'Dana Both').answer === 'acknowledged', 'the Slack answer');
    // Teams: Safe on the Teams channel copy, from the same member's Teams account.
    const teamsCopy = teamsPosts(world, title).find((c) => c.conversationId === TEAMS_CHANNEL)!;
    const safe = cardActions(teamsCopy.body).find((a) => a.title === 'Safe')!;
    const posted = await world.teams({ scope: 'channel', conversationId: `${TEAMS_CHANNEL};messageid=${teamsCopy.answeredId}`, from: DANA_TEAMS, value: safe.data, replyToId: teamsCopy.answeredId! });
    expect(posted.status).toBe(200);
    await until(() => row(id, 'Dana Both').answer === 'safe', 'the Teams answer');

    const recipients = world.db.select().from(alertRecipients).where(eq(alertRecipients.alertId, id)).all();
    expect(recipients).toHaveLength(2);
    expect(recipients.filter((r) => r.answer !== null)).toHaveLength(1);
    expect(row(id, 'Dana Both')).toMatchObject({ answer: 'safe', answeredVia: `teams:${DANA_TEAMS.aadObjectId}` });
    // Both channel copies are redrawn, and the last edit of each shows the one answer.
    const slackEdits = () => world.slackFake.callsTo('chat.update').filter((c) => c.params.channel === 'C0EXEC');
    const teamsEdits = () => world.teamsFake.calls.filter((c) => c.kind === 'update' && c.conversationId === TEAMS_CHANNEL && c.activityId === teamsCopy.answeredId);
    await until(() => JSON.stringify(slackEdits().at(-1)?.params ?? '').includes('acknowledged 1 of 2 · 1 safe'), 'the Slack copy to show one answer');
    await until(() => JSON.stringify(teamsEdits().at(-1)?.body ?? '').includes('acknowledged 1 of 2 · 1 safe'), 'the Teams copy to show one answer');
  });

  it('tells the sender at once when a member needs help, with their 24/7 line, once however often they press it', async () => {
    const id = await sent('alert advisory green Protest march on Main St at noon');
    for (let i = 0; i < 3; i++) await pressSlack(world, DANA_SLACK, 'alert.answer', `${id}:need-help`, 'C0EXEC');
    await until(() => deliveryReport(world.db, `alert-${id}-help-m${row(id, 'Dana Both').memberId}`).settled, 'the need-help message');
    const toSender = slackPosts(world, 'NEED HELP').filter((c) => c.params.channel === `D${SENDER}`);
    expect(toSender).toHaveLength(1);
    const shown = JSON.stringify(toSender[0]!.params.blocks);
    expect(shown).toContain('Dana Both');
    expect(shown).toContain('+1 612 555 0111');
    expect(shown).toContain('Protest march on Main St at noon');
    // Answers change, and are frozen by the ALL CLEAR.
    await pressSlack(world, DANA_SLACK, 'alert.answer', `${id}:safe`, 'C0EXEC');
    await until(() => row(id, 'Dana Both').answer === 'safe', 'the changed answer');
    await world.slash(SENDER, `alert resolve ${id} march over`);
    await until(() => world.db.query.alerts.findFirst().sync()?.status === 'resolved', 'the ALL CLEAR');
    await pressSlack(world, DANA_SLACK, 'alert.answer', `${id}:need-help`, 'C0EXEC');
    await new Promise((r) => setTimeout(r, 300));
    expect(row(id, 'Dana Both').answer).toBe('safe');
    expect(JSON.stringify(world.slackFake.responses.at(-1)?.body)).toContain('answers are closed');
  });

  it('refuses an answer from someone the alert was not sent to', async () => {
    const id = await sent('alert info clear Road works on 9th');
    seedMember(world.db, { name: 'Newt Newcomer', accounts: [{ platform: 'slack', id: 'U0NEWT1' }] });
    await pressSlack(world, 'U0NEWT1', 'alert.answer', `${id}:acknowledged`, 'C0EXEC');
    await until(() => world.slackFake.responses.some((r) => JSON.stringify(r.body).includes('not among the members')), 'the refusal');
    expect(world.db.select().from(alertRecipients).all().every((r) => r.answer === null)).toBe(true);
  });
});
