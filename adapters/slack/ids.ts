// How neutral ids travel through Slack's block and action ids, and back: one codec for the renderer
// (cards.ts, modals.ts) and the handlers that read Slack's payloads (actions.ts, modals.ts).
// @see https://docs.slack.dev/reference/block-kit/blocks (block_id and action_id: 255 characters)

export const ID_LIMIT = 255;

/**
 * Slack wants action ids unique within a block, but a neutral card may carry the same action twice
 * (the pager's Previous and Next are both `ppp.page`): repeats get a `::n` suffix that is stripped
 * on the way back. Neutral action ids never contain `::`.
 */
export function slackActionId(actionId: string, repeat: number): string {
  return repeat === 0 ? actionId : `${actionId}::${repeat}`;
}

export function neutralActionId(actionId: string): string {
  return actionId.replace(/::\d+$/, '');
}

/**
 * A select's context (which checklist item it marks) rides in its block's id, which Slack hands back
 * with the chosen option. The counter keeps block ids unique within one message, as Slack requires.
 */
const CONTEXT_BLOCK = /^ppp~\d+~([\s\S]*)$/;

export function contextBlockId(n: number, context: string): string | undefined {
  const id = `ppp~${n}~${context}`;
  return id.length <= ID_LIMIT ? id : undefined;
}

export function contextOfBlockId(blockId: string | undefined): string | undefined {
  const match = blockId === undefined ? null : CONTEXT_BLOCK.exec(blockId);
  return match ? match[1] : undefined;
}

/** Input blocks are named after the neutral input id, so field errors and values map straight back. */
const INPUT_PREFIX = 'in~';

export function inputBlockId(inputId: string): string {
  return `${INPUT_PREFIX}${inputId}`.slice(0, ID_LIMIT);
}

export function inputIdOfBlock(blockId: string): string | undefined {
  return blockId.startsWith(INPUT_PREFIX) ? blockId.slice(INPUT_PREFIX.length) : undefined;
}

/** The one action id every input element carries inside its (uniquely named) block. */
export const INPUT_ACTION_ID = 'value';

/** The callback id of every modal the bot opens; the neutral form id travels in private_metadata. */
export const FORM_CALLBACK_ID = 'ppp.form';
