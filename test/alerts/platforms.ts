// Alerts across Slack and Teams, through the real adapters on one server (test/helpers/world.ts): a
// Slack user's slash command and button press, signed as Slack signs them; Teams conversations known
// to the bot; where each copy landed on the fakes.
import { saveReference } from '../../adapters/teams/references.js';
import { buttonPressBody, postSigned, TEAM_ID, type SlackCall } from '../helpers/fake-slack.js';
import { BOT, TENANT, type ConnectorCall } from '../helpers/fake-teams.js';
import { stillSending } from '../../src/alerts/fan-out.js';
import { deliveryReport, type DeliveryReport } from '../../src/delivery/store.js';
import { until, type World } from '../helpers/world.js';
import { vet } from './world.js';

/** A Teams channel or chat the bot was installed in (its reference stored), vetted or not. */
export function teamsConversation(world: World, conversationId: string, options: { kind?: 'executive' | 'general'; name: string; status?: 'vetted' | 'unvetted'; scope?: 'channel' | 'personal'; user?: string }): void {
  const scope = options.scope ?? 'channel';
  saveReference(
    world.db,
    {
      address: `teams:${conversationId}`,
      scope,
      userIdentity: options.user ?? null,
      serviceUrl: world.teamsFake.serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl: world.teamsFake.serviceUrl,
        bot: { ...BOT },
        ...(options.user ? { user: { id: `29:${options.user}`, aadObjectId: options.user.replace(/^teams:/, '') } } : {}),
        conversation: { id: conversationId, conversationType: scope, tenantId: TENANT, ...(scope === 'channel' ? { isGroup: true } : {}) },
      },
    },
    new Date(),
  );
  if (options.kind) vet(world.db, `teams:${conversationId}`, options.kind, options.name, options.status ?? 'vetted');
}

export function slackChannel(world: World, channel: string, kind: 'executive' | 'general', name: string, status: 'vetted' | 'unvetted' = 'vetted'): void {
  vet(world.db, `slack:${TEAM_ID}:${channel}`, kind, name, status);
}

/** A button press on a Slack message, as Slack sends it. */
export function pressSlack(world: World, user: string, actionId: string, value: string, channel: string, messageTs = '1.000001') {
  return postSigned(
    world.eventsUrl,
    buttonPressBody({ user, channel, messageTs, withMessage: true, responseUrl: world.slackFake.responseUrl(), actionId, value }),
  );
}

/** Slack posts (in a channel or a DM, threaded or not) whose payload mentions `text`. */
export function slackPosts(world: World, text: string): SlackCall[] {
  return world.slackFake.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.params).includes(text));
}

/** Teams messages (posts and replies) whose payload mentions `text`. */
export function teamsPosts(world: World, text: string): ConnectorCall[] {
  return world.teamsFake.messages().filter((c) => JSON.stringify(c.body).includes(text));
}

/** Composes with `/ppp alert …` as a Slack user and presses Send on the preview in their DM; returns the alert id. */
export async function sendFromSlack(world: World, user: string, line: string): Promise<number> {
  const before = world.slackFake.callsTo('chat.postMessage').length;
  const answer = await world.slash(user, line);
  if (answer.status !== 200) throw new Error(`the command got ${answer.status}`);
  const preview = await until(
    () => world.slackFake.callsTo('chat.postMessage').slice(before).find((c) => JSON.stringify(c.params.blocks ?? '').includes('not sent yet')),
    `the preview of “${line}”`,
  );
  const id = Number(/alert #(\d+)/.exec(JSON.stringify(preview.params.blocks))![1]);
  const pressed = await pressSlack(world, user, 'alert.send', String(id), String(preview.params.channel));
  if (pressed.status !== 200) throw new Error(`Send got ${pressed.status}`);
  return id;
}

/**
 * The alert's report once every copy is out: settled, and its direct messages recorded too (they are
 * written by their own timer after the first copies go, so a batch can look settled before they exist).
 */
export function alertSettled(world: World, id: number, timeoutMs?: number): Promise<DeliveryReport> {
  return until(() => {
    const report = deliveryReport(world.db, `alert-${id}`);
    return report.settled && !stillSending(world.db, id) ? report : undefined;
  }, `alert #${id} to settle`, timeoutMs);
}
