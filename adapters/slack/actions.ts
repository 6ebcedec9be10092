// Button presses and select choices (block_actions) into the neutral bot. Slack ignores the body of
// an action's acknowledgement, so it is acknowledged at once and answered through response_url.
// @see https://docs.slack.dev/reference/interaction-payloads/block_actions-payload
import type { App } from '@slack/bolt';
import { PAGE_ACTION } from '../../src/cards/card.js';
import type { ActionInput, Responder } from '../../src/commands/context.js';
import { parseAddress } from '../../src/core/address.js';
import { describeError } from './errors.js';
import { contextOfBlockId, neutralActionId } from './ids.js';
import { openModal, readInputValues } from './modals.js';
import { createSender, oops, ReplyQueue, type SlackContext } from './replies.js';
import { slackTurn } from './turn.js';

interface ActionBody {
  type?: unknown;
  user?: { id?: unknown; name?: unknown; username?: unknown; team_id?: unknown };
  team?: { id?: unknown } | null;
  channel?: { id?: unknown; name?: unknown };
  container?: { channel_id?: unknown; thread_ts?: unknown; is_ephemeral?: unknown };
  message?: { thread_ts?: unknown };
  response_url?: unknown;
  trigger_id?: unknown;
  state?: unknown;
  actions?: unknown;
}

interface SlackAction {
  type?: unknown;
  action_id?: unknown;
  block_id?: unknown;
  value?: unknown;
  selected_option?: { value?: unknown } | null;
}

/** The neutral action: which control, its value (a button's, or the chosen option), and its select context. */
export function actionInput(action: SlackAction, state: unknown): ActionInput | undefined {
  if (typeof action.action_id !== 'string' || !action.action_id) return undefined;
  const input: ActionInput = { actionId: neutralActionId(action.action_id) };
  const value = action.type === 'static_select' ? action.selected_option?.value : action.value;
  if (typeof value === 'string') input.value = value;
  const context = contextOfBlockId(typeof action.block_id === 'string' ? action.block_id : undefined);
  if (context !== undefined) input.context = context;
  const values = readInputValues(state);
  const filled = Object.fromEntries(Object.entries(values).filter((e): e is [string, string | string[]] => e[1] !== undefined));
  if (Object.keys(filled).length > 0) input.values = filled;
  return input;
}

export function registerActions(app: App, ctx: SlackContext): void {
  app.action(/.*/, async ({ ack, body, payload }) => {
    await ack();
    const b = body as unknown as ActionBody;
    if (b.type !== 'block_actions') return;
    const channel = b.channel?.id ?? b.container?.channel_id;
    const turn = slackTurn({
      team: b.team?.id ?? b.user?.team_id,
      channel,
      channelName: b.channel?.name,
      user: b.user?.id,
      userName: b.user?.username ?? b.user?.name,
      threadTs: b.message?.thread_ts ?? b.container?.thread_ts,
    });
    const input = actionInput(payload as SlackAction, b.state);
    if (!turn || !input) {
      ctx.log.warn('a Slack button press without a usable user, channel or action was ignored');
      return;
    }
    const responseUrl = typeof b.response_url === 'string' ? b.response_url : undefined;
    const parsed = parseAddress(turn.conversation);
    const threadTs = parsed.platform === 'slack' ? parsed.threadTs : undefined;
    const where = {
      user: turn.identity.id,
      channel: channel as string,
      ...(threadTs ? { threadTs } : {}),
      ...(responseUrl ? { responseUrl } : {}),
    };
    const replies = new ReplyQueue(createSender(ctx, where), ctx.log);
    void replies.release();
    // Turning the page of a list only the caller sees (help, the roster) replaces it in place:
    // the ephemeral message is already theirs alone.
    const inPlace = input.actionId === PAGE_ACTION && b.container?.is_ephemeral === true && responseUrl !== undefined;
    const responder: Responder = {
      reply: (card) => replies.push('public', card),
      replyPrivately: (card) => replies.push(inPlace ? 'replace' : 'private', card),
      // Without a response_url (a modal's button) there is no message to replace: answer privately.
      replace: (card) => replies.push(responseUrl ? 'replace' : 'private', card),
      openForm: (form) => openModal(ctx, b.trigger_id, form, { conversation: turn.conversation, scope: turn.scope, prefix: turn.prefix }),
    };
    try {
      await ctx.bot.handleAction(turn, input, responder);
    } catch (err) {
      ctx.log.error({ reason: describeError(err), actionId: input.actionId.slice(0, 80) }, 'Slack action failed');
      await replies.push('private', oops());
    }
    await replies.idle();
  });
}
