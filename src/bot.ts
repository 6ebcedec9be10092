// The neutral bot: takes a command line, a button press or a form submission from any adapter,
// finds the actor, checks permission, parses arguments and runs the registered handler.
import { resolveActor, type Actor } from './auth/actor.js';
import { refusalFor, type Permission } from './auth/permissions.js';
import { message, PAGE_ACTION, parsePagerValue, type Card, type FieldErrors } from './cards/card.js';
import { parseArgs } from './commands/args.js';
import type { ActionInput, Responder, Turn } from './commands/context.js';
import { composeLine, inputLength, type CommandInput } from './commands/line.js';
import { MAX_COMMAND_LENGTH, showLine, tokenize } from './commands/tokenize.js';
import { sanitizeValues } from './core/sanitize.js';
import type { BotServices } from './commands/registry.js';
import { handlePlatformEvent, type PlatformEvent } from './events.js';

export interface FormSubmission {
  formId: string;
  values: Record<string, string | string[] | undefined>;
  state?: string;
}

export interface Bot {
  services: BotServices;
  /** `text` is typed text, or typed text and the mentions the platform encoded (commands/line.ts). */
  handleCommand(turn: Turn, text: CommandInput, respond: Responder, options?: { page?: number }): Promise<void>;
  handleAction(turn: Turn, action: ActionInput, respond: Responder): Promise<void>;
  handleForm(turn: Turn, submission: FormSubmission, respond: Responder): Promise<FieldErrors | undefined>;
  /** Platform events (bot removed, app uninstalled, someone joined a conversation). */
  handleEvent(event: PlatformEvent): Promise<void>;
}

const oops = (what: string): Card =>
  message(
    `Something went wrong on our side while ${what}. It has been logged; please try again, and tell a coordinator if it keeps happening.`,
    'error',
  );

export function createBot(services: BotServices): Bot {
  const { registry, log } = services;

  const actorFor = (turn: Turn): Actor => resolveActor(services.db, turn.identity, turn.displayName, services.clock());

  const refuse = async (actor: Actor, needs: Permission, command: string, turn: Turn, respond: Responder) => {
    // A button or form has no command name: the refusal then reads "This is for …".
    const refusal = refusalFor(actor, needs, { command: command ? `${turn.prefix}${command}` : '', prefix: turn.prefix, joinAvailable: !!registry.get('join') });
    if (!refusal) return false;
    await respond.replyPrivately(message(`${refusal.reason} ${refusal.remedy}`, 'refusal'));
    return true;
  };

  const bot: Bot = {
    services,

    async handleCommand(turn, text, respond, options = {}) {
      const length = inputLength(text);
      if (length > MAX_COMMAND_LENGTH) {
        await respond.replyPrivately(
          message(`That command is ${length.toLocaleString('en-US')} characters long; commands take at most ${MAX_COMMAND_LENGTH.toLocaleString('en-US')}. Shorten it and send it again.`),
        );
        return;
      }
      // Tolerate the slash command's own name typed again (`/ppp ppp help`) and a console `/ppp`.
      const line = composeLine(text).trim().replace(/^\/?ppp(\s+|$)/i, '');
      const tokens = tokenize(line);
      const actor = actorFor(turn);
      if (tokens.length === 0) return bot.handleCommand(turn, 'help', respond);

      const found = registry.lookup(tokens);
      if (!found.ok) {
        const shown = found.parent ? `${found.parent} ${found.word}`.trim() : found.word || showLine(line).slice(0, 40);
        const hint = found.suggestions.length
          ? ` Did you mean ${found.suggestions.map((s) => `\`${turn.prefix}${found.parent ? `${found.parent} ` : ''}${s}\``).join(' or ')}?`
          : '';
        if (found.filter) {
          const asText = `\`${turn.prefix}${found.parent} "${found.word.slice(0, 40)}"\``;
          await respond.replyPrivately(message(`${hint.trim()} To look for “${found.word.slice(0, 40)}” instead, put it in quotes: ${asText}.`));
          return;
        }
        const what = found.parent && !found.word ? `\`${found.parent}\` needs one more word.` : `I don't know \`${shown.slice(0, 60)}\`.`;
        await respond.replyPrivately(message(`${what}${hint} Send \`${turn.prefix}help\` to see what you can do here.`));
        return;
      }
      const { spec, rest } = found;
      if (await refuse(actor, spec.permission, spec.name, turn, respond)) return;
      if (spec.scopes && !spec.scopes.includes(turn.scope)) {
        await respond.replyPrivately(
          message(`\`${turn.prefix}${spec.name}\` works in ${spec.scopes.join(' or ')} conversations, not here.`),
        );
        return;
      }
      const parsed = parseArgs(spec.args, rest, line, turn.prefix, spec.name);
      if (!parsed.ok) {
        const usage = parsed.usage ? ` Usage: \`${turn.prefix}${spec.name}${spec.usage ? ` ${spec.usage}` : ''}\`` : '';
        await respond.replyPrivately(message(`${parsed.problem}${usage}`));
        return;
      }
      try {
        await spec.handler({ services, turn, actor, args: parsed.args, page: options.page ?? 1, line, respond });
      } catch (err) {
        log.error({ err, command: spec.name, platform: turn.platform }, 'command failed');
        await respond.replyPrivately(oops(`running \`${spec.name}\``)).catch(() => undefined);
      }
    },

    async handleAction(turn, action, respond) {
      if (action.actionId === PAGE_ACTION) {
        const pager = parsePagerValue(action.value);
        if (!pager) {
          await respond.replyPrivately(message('That button has expired. Run the command again.'));
          return;
        }
        const pageRespond: Responder = respond.replace ? { ...respond, reply: respond.replace } : respond;
        return bot.handleCommand(turn, pager.command, pageRespond, { page: pager.page });
      }
      const spec = registry.getAction(action.actionId);
      if (!spec) {
        log.warn({ actionId: action.actionId.slice(0, 80) }, 'unknown action');
        await respond.replyPrivately(message('That button is no longer in use. Run the command again.'));
        return;
      }
      const actor = actorFor(turn);
      if (await refuse(actor, spec.permission, '', turn, respond)) return;
      try {
        await spec.handler({ services, turn, actor, action, respond });
      } catch (err) {
        log.error({ err, actionId: spec.actionId }, 'action failed');
        await respond.replyPrivately(oops('handling that button')).catch(() => undefined);
      }
    },

    async handleForm(turn, submission, respond) {
      const spec = registry.getForm(submission.formId);
      if (!spec) {
        await respond.replyPrivately(message('That form is no longer in use. Run the command again.'));
        return undefined;
      }
      const actor = actorFor(turn);
      if (await refuse(actor, spec.permission, '', turn, respond)) return undefined;
      try {
        // Typed text from any platform's form, cleaned once here like a command line, before any handler reads it.
        const ctx = { services, turn, actor, values: sanitizeValues(submission.values), respond };
        const errors = await spec.handler(submission.state === undefined ? ctx : { ...ctx, state: submission.state });
        return errors && Object.keys(errors).length > 0 ? errors : undefined;
      } catch (err) {
        log.error({ err, formId: spec.formId }, 'form failed');
        await respond.replyPrivately(oops('saving that form')).catch(() => undefined);
        return undefined;
      }
    },

    async handleEvent(event) {
      try {
        await handlePlatformEvent(services, event);
      } catch (err) {
        log.error({ err, event: event.type }, 'platform event failed');
      }
    },
  };
  return bot;
}
