// One Teams turn: keep the conversation reference, then route a message to the bot as a command, a
// button, a Save of selects, a form submit or an attached file; installs and removals update the stored
// references; Allow or Decline on a file-consent card sends or drops the offered file.
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events
import { INVOKE_RESPONSE_KEY, TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Bot } from '../../src/bot.js';
import { card, code, context, message, PAGE_ACTION, text } from '../../src/cards/card.js';
import type { ActionInput, SelectChange, Turn } from '../../src/commands/context.js';
import type { Services } from '../../src/services.js';
import { parseIdentity } from '../../src/core/identity.js';
import type { Log } from '../../src/core/log.js';
import { encodeFileValue, FILE_FORM, MAX_INCOMING_FILE_BYTES } from '../../src/files.js';
import { SendError } from '../../src/messenger.js';
import { identityOf, readReplyable, referenceRow, turnOf, type ReplyableActivity } from './activities.js';
import { safeError } from './errors.js';
import { downloadFile, FILE_CONSENT_INVOKE, fileInfoActivity, findOffer, readConsent, readFileAttachment, settleOffer, uploadOffer } from './files.js';
import { commandText, type MentionResolver } from './mentions.js';
import { activityFor, type TeamsMessenger } from './messenger.js';
import { formValues, readSubmit, type Submit } from './payload.js';
import { RecentActivities } from './redelivery.js';
import { deleteReference, findAadObjectId, saveReference } from './references.js';
import { createResponder } from './responder.js';

/** Said to a Teams sender who comes without a Microsoft Entra account: nothing can be done as nobody. */
export const NO_IDENTITY =
  'I cannot tell who you are: Teams sent no Microsoft Entra account with your message (people who join a meeting anonymously have none). Sign in to Teams with your organization’s account, or as a guest of ours, and try again.';

export interface HandlerDeps {
  bot: Bot;
  services: Services;
  messenger: TeamsMessenger;
  log: Log;
}

export type TurnHandler = (ctx: TurnContext) => Promise<void>;

export function createTurnHandler(deps: HandlerDeps): TurnHandler {
  const { bot, services, log } = deps;
  const now = () => services.clock();
  const recent = new RecentActivities();

  /** A mentioned person's Entra object id: on the entity, from a stored reference, or asked of Teams. */
  const resolverFor =
    (ctx: TurnContext): MentionResolver =>
    async (mentioned) => {
      if (!mentioned.id.startsWith('29:')) return undefined; // a bot, a channel or a tag: not a person
      const known = mentioned.aadObjectId ?? findAadObjectId(services.db, mentioned.id);
      if (known) return parseIdentity(`teams:${known}`)?.id;
      if (ctx.activity.channelId !== 'msteams') return undefined;
      try {
        const member = await TeamsInfo.getMember(ctx, mentioned.id);
        return member.aadObjectId ? parseIdentity(`teams:${member.aadObjectId}`)?.id : undefined;
      } catch (err) {
        log.info({ err: safeError(err) }, 'could not look up a mentioned member');
        return undefined;
      }
    };

  const onCommand = async (ctx: TurnContext, activity: ReplyableActivity, turn: Turn) => {
    const text = await commandText(ctx.activity, resolverFor(ctx));
    const respond = createResponder(ctx, activity, turn, deps, { noticeInConversation: true });
    await bot.handleCommand(turn, text, respond);
  };

  const onSubmit = async (ctx: TurnContext, activity: ReplyableActivity, turn: Turn, submit: Submit) => {
    const replyToId = typeof ctx.activity.replyToId === 'string' && ctx.activity.replyToId ? ctx.activity.replyToId : undefined;
    const base = { noticeInConversation: false, ...(replyToId ? { replyToId } : {}) };
    const { payload, values } = submit;

    if (payload.k === 'a') {
      const action: ActionInput = { actionId: payload.a, ...(payload.v === undefined ? {} : { value: payload.v }) };
      if (Object.keys(values).length > 0) action.values = values;
      const privateReplaces = payload.a === PAGE_ACTION && turn.scope === 'personal';
      await bot.handleAction(turn, action, createResponder(ctx, activity, turn, deps, { ...base, privateReplaces }));
      return;
    }

    if (payload.k === 's') {
      const changed = payload.s.filter((b) => values[b.i] !== undefined && values[b.i] !== '' && values[b.i] !== b.v);
      const respond = createResponder(ctx, activity, turn, deps, base);
      if (changed.length === 0) {
        await respond.replyPrivately(message('Nothing changed: pick a new value, then Save.'));
        return;
      }
      // One action per action id, carrying every select of it that changed in card order: the core
      // takes a Save of several marks as one change, checked once and answered once.
      for (const actionId of new Set(changed.map((b) => b.a))) {
        const changes: SelectChange[] = changed
          .filter((b) => b.a === actionId)
          .map((b) => (b.c === undefined ? { value: values[b.i]! } : { value: values[b.i]!, context: b.c }));
        const first = changes[0]!;
        await bot.handleAction(turn, { actionId, ...first, changes }, respond);
      }
      return;
    }

    const { form } = payload;
    const respond = createResponder(ctx, activity, turn, deps, base);
    const submitted = formValues(form, values);
    const submission = form.state === undefined ? { formId: form.id, values: submitted } : { formId: form.id, values: submitted, state: form.state };
    const errors = await bot.handleForm(turn, submission, respond);
    if (errors) {
      await respond.showFormAgain(form, { errors, values: submitted });
      return;
    }
    // Close the form so it cannot be sent twice, unless the handler already put its answer there.
    if (replyToId && !respond.replaced()) {
      await respond.replace?.(card(form.title, context('Sent. Thank you.')));
    }
  };

  /** A file attached in the 1:1 chat reaches the bot as the file form (a CSV for `roster import`). */
  const onFile = async (ctx: TurnContext, activity: ReplyableActivity, turn: Turn, file: { name: string; downloadUrl: string }) => {
    const respond = createResponder(ctx, activity, turn, deps, { noticeInConversation: false });
    let content: Buffer;
    try {
      content = await downloadFile(file.downloadUrl, activity.serviceUrl, MAX_INCOMING_FILE_BYTES);
    } catch (err) {
      log.warn({ err: safeError(err) }, 'could not download a file sent in Teams');
      await respond.replyPrivately(message(`I could not read ${file.name} from Teams (${err instanceof SendError ? err.reason : 'an error'}). Send it again in a minute.`));
      return;
    }
    const values = { file: encodeFileValue({ name: file.name, mime: 'text/csv', content }), text: (ctx.activity.text ?? '').slice(0, 200) };
    const errors = await bot.handleForm(turn, { formId: FILE_FORM, values }, respond);
    if (errors) await respond.replyPrivately(message(Object.values(errors).join(' ')));
  };

  /** Allow or Decline on a file-consent card: the file goes to the person's OneDrive, or is dropped. */
  const onFileConsent = async (ctx: TurnContext, activity: ReplyableActivity, turn: Turn) => {
    // Answered first and always 200: Teams shows its own error for anything else, and ours is clearer.
    await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
    const answer = readConsent(ctx.activity.value);
    if (!answer) return;
    const found = findOffer(services.db, answer, turn.identity, now());
    if (!found.ok) {
      await ctx.sendActivity(activityFor(message(found.problem)));
      return;
    }
    if (answer.action === 'decline' || !answer.uploadInfo) {
      settleOffer(services.db, found.offer.id, 'declined', now());
      await ctx.sendActivity(activityFor(message(`Not sent: ${found.offer.name} was not saved anywhere. Run the command again when you want it.`)));
      return;
    }
    try {
      await uploadOffer(found.offer, answer.uploadInfo.uploadUrl, activity.serviceUrl);
      settleOffer(services.db, found.offer.id, 'sent', now());
      await ctx.sendActivity(fileInfoActivity(answer, found.offer) as Partial<Activity>);
    } catch (err) {
      log.warn({ err: safeError(err) }, 'could not upload an accepted file to OneDrive');
      settleOffer(services.db, found.offer.id, 'failed', now());
      await ctx.sendActivity(activityFor(message(`I could not save ${found.offer.name} to your OneDrive (${err instanceof SendError ? err.reason : 'an error'}). Nothing was shared; run the command again.`)));
    }
  };

  const onMessage = async (ctx: TurnContext, activity: ReplyableActivity, turn: Turn) => {
    const submit = readSubmit(ctx.activity.value);
    if (submit) return onSubmit(ctx, activity, turn, submit);
    const file = readFileAttachment(ctx.activity.attachments);
    if (file) {
      if (turn.scope === 'personal') return onFile(ctx, activity, turn, file);
      // Teams hands bots files only in 1:1 chats; a file in a channel is someone else's business.
      return;
    }
    if (ctx.activity.value !== undefined && ctx.activity.value !== null && !ctx.activity.text) {
      log.info('ignored a card submit that is not from this bot');
      return;
    }
    if (typeof ctx.activity.text !== 'string') return; // an attachment, a reaction: nothing to run
    await onCommand(ctx, activity, turn);
  };

  const welcome = async (ctx: TurnContext, turn: Turn) => {
    if (turn.scope !== 'personal') return;
    const hello = card(
      `PPP Bot — ${services.config.name}`,
      text([
        'Hello. Send ',
        code('help'),
        ' to see what you can do here. In a channel or group chat, mention me first: ',
        code('@PPP help'),
        '.',
      ]),
    );
    await ctx.sendActivity(activityFor(hello));
  };

  const turnLogic: TurnHandler = async (ctx) => {
    // The HTTP route refuses other channels first; this keeps the rule where references are written too.
    if (ctx.activity.channelId !== 'msteams') return;
    const activity = readReplyable(ctx.activity);
    if (!activity) {
      log.warn(
        { type: String(ctx.activity.type).slice(0, 40), hasServiceUrl: typeof ctx.activity.serviceUrl === 'string' },
        'dropped a Teams activity that cannot be answered (no serviceUrl, conversation, sender or recipient)',
      );
      return;
    }
    const row = referenceRow(ctx.activity, activity);
    const removed = isRemoval(ctx);
    if (removed) {
      deleteReference(services.db, row.address);
      log.info({ conversation: row.address, scope: row.scope }, 'the app was removed from a Teams conversation');
      // A vetted conversation the bot can no longer post to: coordinators are told at once.
      await bot.handleEvent({ type: 'conversation-lost', address: row.address, reason: 'PPP Bot was removed from this Teams conversation' });
      return;
    }
    const identity = identityOf(activity.from);
    if (!identity) {
      // Nobody to act as, and no 1:1 chat to keep; a person waiting for an answer is told why.
      log.info({ type: String(ctx.activity.type).slice(0, 40), scope: row.scope }, 'a Teams activity came without an Entra object id');
      if (ctx.activity.type === 'message') await ctx.sendActivity({ type: 'message', text: NO_IDENTITY });
      return;
    }
    saveReference(services.db, row, now());
    const turn = turnOf(activity, identity);

    switch (ctx.activity.type) {
      case 'message':
        if (typeof ctx.activity.id === 'string' && !recent.firstTime(`${activity.conversation.id}|${ctx.activity.id}`)) {
          log.info({ conversation: turn.conversation }, 'ignored a redelivered Teams message');
          return;
        }
        return onMessage(ctx, activity, turn);
      case 'installationUpdate':
        if (ctx.activity.action === 'add') await welcome(ctx, turn);
        return;
      case 'invoke':
        if (ctx.activity.name === FILE_CONSENT_INVOKE) await onFileConsent(ctx, activity, turn);
        return;
      case 'conversationUpdate':
        // Someone added to a vetted executive conversation: coordinators hear who and where. For a
        // private or shared channel this is the channel's own membership; for a standard channel,
        // Teams reports the team's membership, whose conversation is the team's own.
        for (const added of ctx.activity.membersAdded ?? []) {
          if (!added || added.id === ctx.activity.recipient?.id || !added.aadObjectId) continue;
          const identity = parseIdentity(`teams:${added.aadObjectId}`);
          if (!identity) continue;
          await bot.handleEvent({ type: 'member-joined', address: turn.conversation, identity, ...(added.name ? { displayName: added.name } : {}) });
        }
        return;
      default:
        // Other activities: the reference saved above is all the bot needs.
        return;
    }
  };

  return async (ctx) => {
    try {
      await turnLogic(ctx);
    } finally {
      // An invoke nobody answered would get botbuilder's 501. The bot asks for no invoke but file
      // consent, so any other is acknowledged and ignored, as an unknown activity type is.
      if (ctx.activity.type === 'invoke' && !ctx.turnState.get(INVOKE_RESPONSE_KEY)) {
        await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
      }
    }
  };
}

/** The bot itself left the conversation: uninstalled, or removed from the team or chat. */
function isRemoval(ctx: TurnContext): boolean {
  const a = ctx.activity;
  if (a.type === 'installationUpdate') return a.action === 'remove' || a.action === 'remove-upgrade';
  if (a.type === 'conversationUpdate' && Array.isArray(a.membersRemoved)) {
    const botId = a.recipient?.id;
    return a.membersRemoved.some((m) => m && typeof m === 'object' && (m as { id?: unknown }).id === botId);
  }
  return false;
}
