// Forms as Slack modals: a neutral Form becomes a view opened with the request's trigger_id; its
// submission goes to the bot, and field errors go back in the acknowledgement, beside the fields.
// @see https://docs.slack.dev/surfaces/modals  @see https://docs.slack.dev/reference/interaction-payloads/view-interactions-payload
import type { App, types } from '@slack/bolt';
import type { FieldErrors, Form } from '../../src/cards/card.js';
import type { Responder, Scope, Turn } from '../../src/commands/context.js';
import { parseAddress, type Address } from '../../src/core/address.js';
import { encodeFileValue, MAX_INCOMING_FILE_BYTES } from '../../src/files.js';
import { SendError } from '../../src/messenger.js';
import { cardToBlockKit, cut, LIMITS, plainText, richToMrkdwn, splitText } from './cards.js';
import { describeError, toSendError } from './errors.js';
import { downloadFile } from './files.js';
import { FORM_CALLBACK_ID, INPUT_ACTION_ID, inputBlockId, inputIdOfBlock } from './ids.js';
import { createSender, oops, ReplyQueue, within, type SlackContext } from './replies.js';
import { slackTurn } from './turn.js';

const METADATA_LIMIT = 3000;
const TITLE_LIMIT = 24;

/** What a submission needs to know that Slack does not send back: the form, its state and where it began. */
export interface FormMeta {
  formId: string;
  state?: string;
  conversation: Address;
  scope: Scope;
  prefix: string;
}

export function encodeFormMeta(meta: FormMeta): string {
  const text = JSON.stringify({ v: 1, f: meta.formId, s: meta.state, a: meta.conversation, sc: meta.scope, p: meta.prefix });
  if (text.length > METADATA_LIMIT) {
    throw new Error(`form ${meta.formId.slice(0, 40)} carries ${text.length} characters of state; a Slack modal holds ${METADATA_LIMIT}`);
  }
  return text;
}

const SCOPES: readonly Scope[] = ['channel', 'group', 'personal'];

export function decodeFormMeta(text: unknown): FormMeta | undefined {
  if (typeof text !== 'string' || text.length > METADATA_LIMIT) return undefined;
  try {
    const m = JSON.parse(text) as Record<string, unknown>;
    if (m.v !== 1 || typeof m.f !== 'string' || typeof m.a !== 'string' || typeof m.p !== 'string') return undefined;
    if (!SCOPES.includes(m.sc as Scope)) return undefined;
    if (parseAddress(m.a).platform !== 'slack') return undefined;
    const meta: FormMeta = { formId: m.f, conversation: m.a, scope: m.sc as Scope, prefix: m.p };
    if (typeof m.s === 'string') meta.state = m.s;
    return meta;
  } catch {
    return undefined;
  }
}

/** The modal for a form: title and buttons cut to Slack's 24 characters, inputs named by their ids. */
export function formToView(form: Form, privateMetadata: string): types.ModalView {
  const blocks: types.KnownBlock[] = [];
  if (form.intro) {
    for (const part of splitText(richToMrkdwn(form.intro), LIMITS.sectionText, 3)) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: part } });
    }
  }
  blocks.push(...cardToBlockKit({ elements: form.inputs.map((input) => ({ type: 'input' as const, input })) }, LIMITS.modalBlocks - blocks.length));
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: privateMetadata,
    title: plainText(form.title || 'PPP Bot', TITLE_LIMIT),
    submit: plainText(form.submitLabel || 'Submit', TITLE_LIMIT),
    close: plainText('Cancel', TITLE_LIMIT),
    blocks,
  };
}

/** Shown in place of a modal whose submission can no longer be matched to a form. */
export function expiredView(): types.ModalView {
  return {
    type: 'modal',
    title: plainText('PPP Bot', TITLE_LIMIT),
    close: plainText('Close', TITLE_LIMIT),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'This form has expired. Run the command again.' } }],
  };
}

type StateValue = { type?: unknown; value?: unknown; selected_option?: { value?: unknown } | null; selected_options?: { value?: unknown }[]; files?: { id?: unknown }[] };

/** The inputs' values from a view's or a message's state, keyed by neutral input id. */
export function readInputValues(state: unknown): Record<string, string | string[] | undefined> {
  const values: Record<string, string | string[] | undefined> = {};
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values;
  if (!blocks || typeof blocks !== 'object') return values;
  for (const [blockId, actions] of Object.entries(blocks)) {
    const id = inputIdOfBlock(blockId);
    const v = actions?.[INPUT_ACTION_ID];
    if (id === undefined || !v || typeof v !== 'object') continue;
    if (v.type === 'multi_static_select') {
      values[id] = (Array.isArray(v.selected_options) ? v.selected_options : []).map((o) => o?.value).filter((x): x is string => typeof x === 'string');
    } else if (v.type === 'file_input') {
      // Slack's file ids; the files themselves are fetched before the form reaches the bot (readFiles).
      values[id] = (Array.isArray(v.files) ? v.files : []).map((f) => f?.id).filter((x): x is string => typeof x === 'string');
    } else if (v.type === 'static_select') {
      const chosen = v.selected_option?.value;
      values[id] = typeof chosen === 'string' ? chosen : undefined;
    } else {
      values[id] = typeof v.value === 'string' && v.value !== '' ? v.value : undefined;
    }
  }
  return values;
}

/** Which inputs of a view's state are file inputs. */
function fileInputIds(state: unknown): string[] {
  const blocks = (state as { values?: Record<string, Record<string, StateValue>> } | undefined)?.values ?? {};
  return Object.entries(blocks)
    .filter(([, actions]) => actions?.[INPUT_ACTION_ID]?.type === 'file_input')
    .map(([blockId]) => inputIdOfBlock(blockId))
    .filter((id): id is string => id !== undefined);
}

/**
 * Swaps each file input's Slack file id for the file itself (files.info, then the download with the
 * bot token), so the core receives the file as a form value. A file that cannot be read is a field error.
 */
export async function readFiles(ctx: SlackContext, state: unknown, values: Record<string, string | string[] | undefined>): Promise<FieldErrors | undefined> {
  for (const id of fileInputIds(state)) {
    const fileId = ([] as string[]).concat(values[id] ?? [])[0];
    if (!fileId) {
      values[id] = undefined;
      continue;
    }
    try {
      values[id] = encodeFileValue(await downloadFile(ctx.web, fileId, MAX_INCOMING_FILE_BYTES, ctx.apiTimeoutMs));
    } catch (err) {
      ctx.log.warn({ reason: describeError(err) }, 'could not read a file chosen in a Slack form');
      return { [id]: `I could not read that file from Slack (${err instanceof SendError ? err.reason : 'an error'}). Try again, or choose another file.` };
    }
  }
  return undefined;
}

/**
 * Field errors keyed by the blocks Slack knows: an error for a field the modal does not have (a
 * handler's cross-field complaint) is shown on the first field rather than refused by Slack.
 */
export function slackFieldErrors(errors: FieldErrors, blockIds: string[]): Record<string, string> {
  const inputs = blockIds.filter((b) => inputIdOfBlock(b) !== undefined);
  const out: Record<string, string> = {};
  for (const [id, problem] of Object.entries(errors)) {
    const block = inputs.includes(inputBlockId(id)) ? inputBlockId(id) : inputs[0];
    if (!block) continue;
    out[block] = cut(out[block] ? `${out[block]} ${problem}` : problem, 2000);
  }
  return out;
}

/** Opens a form as a modal; the trigger_id lives 3 s, so this runs while the request is being handled. */
export async function openModal(ctx: SlackContext, triggerId: unknown, form: Form, meta: Omit<FormMeta, 'formId' | 'state'>): Promise<void> {
  if (typeof triggerId !== 'string' || !triggerId) throw new SendError('rejected', 'no trigger_id to open a form with');
  const full: FormMeta = form.state === undefined ? { ...meta, formId: form.id } : { ...meta, formId: form.id, state: form.state };
  const view = formToView(form, encodeFormMeta(full));
  try {
    await ctx.web.views.open({ trigger_id: triggerId, view });
  } catch (err) {
    throw toSendError(err);
  }
}

interface ViewBody {
  user?: { id?: unknown; name?: unknown; username?: unknown };
  trigger_id?: unknown;
  view?: { private_metadata?: unknown; state?: unknown; blocks?: { block_id?: unknown }[] };
}

/** view_submission: validate, hand to the bot, acknowledge with its field errors or close the modal. */
export function registerViews(app: App, ctx: SlackContext): void {
  app.view(FORM_CALLBACK_ID, async ({ ack, body }) => {
    const b = body as unknown as ViewBody;
    const meta = decodeFormMeta(b.view?.private_metadata);
    const { team, channel, threadTs } = meta ? addressParts(meta.conversation) : { team: undefined, channel: undefined, threadTs: undefined };
    const turn: Turn | undefined = meta
      ? slackTurn({ team, channel, threadTs, user: b.user?.id, userName: b.user?.username ?? b.user?.name, scope: meta.scope, prefix: meta.prefix })
      : undefined;
    if (!meta || !turn) {
      ctx.log.warn('a Slack form submission could not be matched to a form');
      await ack({ response_action: 'update', view: expiredView() });
      return;
    }
    const where = { user: turn.identity.id, ...(channel ? { channel } : {}), ...(threadTs ? { threadTs } : {}) };
    const replies = new ReplyQueue(createSender(ctx, where), ctx.log);
    void replies.release();
    let next: Form | undefined;
    const responder: Responder = {
      reply: (card) => replies.push('public', card),
      replyPrivately: (card) => replies.push('private', card),
      replace: (card) => replies.push('private', card),
      // A form that leads to another replaces the modal in the acknowledgement.
      openForm: async (form) => {
        next = form;
      },
    };
    const submission = { formId: meta.formId, values: readInputValues(b.view?.state), ...(meta.state === undefined ? {} : { state: meta.state }) };
    // Reading a chosen file counts against the acknowledgement's budget like the handler itself.
    const handled = readFiles(ctx, b.view?.state, submission.values).then((unread) => unread ?? ctx.bot.handleForm(turn, submission, responder));
    const work = handled.catch(async (err: unknown) => {
      ctx.log.error({ reason: describeError(err) }, 'Slack form submission failed');
      await replies.push('private', oops());
      return undefined;
    });
    const result = await within(work, ctx.ackBudgetMs);
    const blockIds = (b.view?.blocks ?? []).map((blk) => blk.block_id).filter((id): id is string => typeof id === 'string');
    if (!result.done) {
      // Too slow to answer in the modal: close it, and say afterwards what was wrong, if anything.
      await ack();
      const errors = await work;
      if (errors) {
        const list = Object.entries(errors).map(([field, problem]) => `${field}: ${problem}`).join('; ');
        await replies.push('private', { elements: [{ type: 'section', text: `Your form was not saved. ${list}` }], tone: 'error' });
      }
    } else if (result.value) {
      await ack({ response_action: 'errors', errors: slackFieldErrors(result.value, blockIds) });
    } else if (next) {
      const nextMeta = { conversation: meta.conversation, scope: meta.scope, prefix: meta.prefix, formId: next.id, ...(next.state === undefined ? {} : { state: next.state }) };
      await ack({ response_action: 'update', view: formToView(next, encodeFormMeta(nextMeta)) });
    } else {
      await ack();
    }
    await replies.idle();
  });
}

function addressParts(address: Address): { team?: string; channel?: string; threadTs?: string } {
  const parsed = parseAddress(address);
  return parsed.platform === 'slack' ? { team: parsed.team, channel: parsed.channel, ...(parsed.threadTs ? { threadTs: parsed.threadTs } : {}) } : {};
}
