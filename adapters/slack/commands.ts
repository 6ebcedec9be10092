// Slash commands: `/ppp <command …>` into the neutral bot. Ack first, within Slack's 3 s: a handler
// that answers quickly (help) is answered in the acknowledgement itself; a slower one is acknowledged
// empty and answers through the command's response_url.
// @see https://docs.slack.dev/interactivity/implementing-slash-commands
import type { AckFn, App, RespondArguments, SlashCommand } from '@slack/bolt';
import { message } from '../../src/cards/card.js';
import type { Responder } from '../../src/commands/context.js';
import { cardToMessage } from './cards.js';
import { describeError } from './errors.js';
import { slackTextToNeutral } from './mentions.js';
import { openModal } from './modals.js';
import { createSender, oops, ReplyQueue, within, type SlackContext } from './replies.js';
import { DEFAULT_PREFIX, slackTurn } from './turn.js';

const unreadable = () =>
  cardToMessage(
    message("Slack sent this command without saying clearly who sent it from where, so I can't run it. Please try again."),
  );

export async function handleSlashCommand(ctx: SlackContext, command: SlashCommand, ack: AckFn<string | RespondArguments>): Promise<void> {
  const name = typeof command.command === 'string' && /^\/[\w.-]{1,31}$/.test(command.command) ? command.command : undefined;
  const turn = slackTurn({
    team: command.team_id,
    channel: command.channel_id,
    channelName: command.channel_name,
    user: command.user_id,
    userName: command.user_name,
    prefix: name ? `${name} ` : DEFAULT_PREFIX,
  });
  const text = command.text === undefined ? '' : command.text;
  if (!turn || typeof text !== 'string') {
    ctx.log.warn('a Slack slash command without a usable user, team or channel was refused');
    await ack({ response_type: 'ephemeral', ...unreadable() });
    return;
  }

  const responseUrl = typeof command.response_url === 'string' ? command.response_url : undefined;
  const where = { user: turn.identity.id, channel: command.channel_id, ...(responseUrl ? { responseUrl } : {}) };
  const replies = new ReplyQueue(createSender(ctx, where), ctx.log);
  const responder: Responder = {
    reply: (card) => replies.push('public', card),
    replyPrivately: (card) => replies.push('private', card),
    openForm: (form) => openModal(ctx, command.trigger_id, form, { conversation: turn.conversation, scope: turn.scope, prefix: turn.prefix }),
  };

  const work = ctx.bot.handleCommand(turn, slackTextToNeutral(text), responder).catch(async (err: unknown) => {
    ctx.log.error({ reason: describeError(err) }, 'Slack command failed');
    await replies.push('private', oops());
  });
  const finished = await within(work, ctx.ackBudgetMs);
  const first = finished.done ? replies.takeFirst() : undefined;
  try {
    await ack(first ? { response_type: first.visibility === 'public' ? 'in_channel' : 'ephemeral', ...cardToMessage(first.card) } : undefined);
  } catch (err) {
    // The request may have gone (Slack gave up, or the connection closed): the answers still go out below.
    ctx.log.warn({ reason: describeError(err) }, 'could not acknowledge a Slack command');
  }
  void replies.release();
  await work;
  await replies.idle();
}

export function registerCommands(app: App, ctx: SlackContext): void {
  // Any slash command this app receives is ours: a workspace may name it /ppp or something else.
  app.command(/^\/.*/, async ({ command, ack }) => handleSlashCommand(ctx, command, ack));
}
