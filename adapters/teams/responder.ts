// How the bot answers within a Teams turn: into the conversation (a channel's thread), privately into
// the caller's 1:1 chat with the bot (Teams has no ephemeral messages), forms as cards, and edits of
// the card a button was pressed on.
import type { Activity, TurnContext } from 'botbuilder';
import type { Card, Form } from '../../src/cards/card.js';
import type { Responder, Turn } from '../../src/commands/context.js';
import type { Log } from '../../src/core/log.js';
import { SendError } from '../../src/messenger.js';
import { tenantOf, type ReplyableActivity } from './activities.js';
import { cardMessage, formToAdaptiveCard, type FormView } from './cards.js';
import { asSendError, safeError } from './errors.js';
import { activityFor, type TeamsMessenger } from './messenger.js';

export const SENT_PRIVATELY = 'I have sent you the answer privately, in your chat with me.';
export const FORM_SENT_PRIVATELY = 'I have sent you the form privately, in your chat with me.';
export const CANNOT_REACH_PRIVATELY =
  'I could not message you privately. Add the PPP app for yourself in Teams (Apps, then PPP, then Add), then try again.';
export const PRIVATE_CHAT_BUSY = 'I could not reach our private chat just now. Please try again in a minute.';

export interface TurnResponderOptions {
  /** The card the activity came from (a button or a submit), which `replace` edits. */
  replyToId?: string;
  /**
   * Tell the conversation that an answer went to the 1:1 chat. Yes for typed commands; no for button
   * presses, where a notice per click would fill a channel that Teams cannot show whispers in.
   */
  noticeInConversation: boolean;
  /** A page turn in a 1:1 chat: the private answer replaces the page it came from. */
  privateReplaces?: boolean;
}

export interface TurnResponder extends Responder {
  /** Whether the handler already replaced the card the activity came from. */
  replaced(): boolean;
  /** Shows a submitted form again in place, with the handler's field errors under its inputs. */
  showFormAgain(form: Form, view: FormView): Promise<void>;
}

export function createResponder(
  ctx: TurnContext,
  activity: ReplyableActivity,
  turn: Turn,
  deps: { messenger: TeamsMessenger; log: Log },
  options: TurnResponderOptions,
): TurnResponder {
  let noticed = false;
  let replaced = false;

  // Errors leave as SendErrors: the core logs what it catches, and a RestError carries the request.
  const send = async (message: Partial<Activity>) => {
    try {
      await ctx.sendActivity(message);
    } catch (err) {
      throw asSendError(err);
    }
  };

  const notice = async (text: string) => {
    if (noticed || !options.noticeInConversation) return;
    noticed = true;
    await send({ type: 'message', text });
  };

  const sendPrivately = async (message: ReturnType<typeof activityFor>, noticeText: string): Promise<void> => {
    if (turn.scope === 'personal') return send(message);
    const tenantId = tenantOf(ctx.activity);
    try {
      await deps.messenger.sendPrivately({ identity: turn.identity, teamsUserId: activity.from.id }, message, {
        serviceUrl: activity.serviceUrl,
        bot: { id: activity.recipient.id, ...(activity.recipient.name ? { name: activity.recipient.name } : {}) },
        ...(tenantId ? { tenantId } : {}),
      });
    } catch (err) {
      // The private answer never falls back to the channel: only the remedy is said there.
      deps.log.warn({ err: safeError(err), conversation: turn.conversation }, 'could not reach the caller privately');
      noticed = true;
      // Teams said no (the app is not installed for this person): say how to fix it; otherwise it was
      // a passing failure (throttling, an outage) and trying again is the remedy.
      const refused = err instanceof SendError && err.refused;
      await send({ type: 'message', text: refused ? CANNOT_REACH_PRIVATELY : PRIVATE_CHAT_BUSY });
      return;
    }
    await notice(noticeText);
  };

  const replaceWith = async (message: ReturnType<typeof activityFor>): Promise<void> => {
    if (!options.replyToId) return send(message);
    try {
      await ctx.updateActivity({ ...message, id: options.replyToId });
      replaced = true;
    } catch (err) {
      // The card may be too old or gone; a new message still answers.
      deps.log.info({ err: safeError(err) }, 'could not update the card; replying instead');
      await send(message);
    }
  };

  const responder: TurnResponder = {
    reply: (card: Card) => send(activityFor(card)),
    replyPrivately: (card: Card) =>
      options.privateReplaces && options.replyToId ? replaceWith(activityFor(card)) : sendPrivately(activityFor(card), SENT_PRIVATELY),
    openForm: (form: Form) => sendPrivately(cardMessage(formToAdaptiveCard(form)), FORM_SENT_PRIVATELY),
    replaced: () => replaced,
    showFormAgain: (form: Form, view: FormView) => replaceWith(cardMessage(formToAdaptiveCard(form, view))),
  };
  if (options.replyToId) responder.replace = (card: Card) => replaceWith(activityFor(card));
  return responder;
}
