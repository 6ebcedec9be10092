// `help [command]`: what the caller may do here, generated from the registry and filtered by role.
import { standingOf } from '../auth/actor.js';
import { allows, PERMISSION_LABEL, refusalFor } from '../auth/permissions.js';
import { bold, code, context, message, pageOf, text, type Card, type ListItem } from '../cards/card.js';
import type { CommandContext } from '../commands/context.js';
import type { CommandSpec, Registry } from '../commands/registry.js';
import { didYouMean } from '../commands/suggest.js';
import { listWords } from '../core/words.js';

const HELP_PAGE_SIZE = 25;

function usageOf(spec: CommandSpec, prefix: string): string {
  return `${prefix}${spec.name}${spec.usage ? ` ${spec.usage}` : ''}`;
}

function standingNote(ctx: CommandContext): string | undefined {
  const { member } = ctx.actor;
  switch (standingOf(ctx.actor)) {
    case 'stranger':
      return `You are not on the roster of ${ctx.services.config.name}.`;
    case 'nominated':
      return 'Your nomination is waiting to be vetted by a board member or coordinator.';
    case 'suspended':
      return `Your membership is suspended${member?.statusReason ? ` (${member.statusReason})` : ''}; a coordinator can restore it.`;
    case 'departed':
      return 'You are recorded as having left the partnership.';
    default:
      return undefined;
  }
}

function overview(ctx: CommandContext, registry: Registry): Card {
  const { turn, actor, services } = ctx;
  const mine = registry.list().filter((spec) => allows(actor, spec.permission));
  const { items, page, total } = pageOf(
    mine.map((spec): ListItem => ({ title: [code(usageOf(spec, turn.prefix))], detail: spec.summary })),
    ctx.page,
    HELP_PAGE_SIZE,
  );
  const card: Card = { header: `PPP Bot — ${services.config.name}`, elements: [] };
  const note = standingNote(ctx);
  if (standingOf(actor) === 'stranger') {
    const does = registry.whatItDoes();
    card.elements.push(
      text(
        `${services.config.name} is a vetted partnership of police chiefs, sheriffs, federal field-office leads and corporate chief security officers.${does.length ? ` This bot ${listWords(does)}.` : ''}`,
      ),
    );
  }
  if (note) card.elements.push(text(note));
  card.elements.push(text([bold('What you can do here')]));
  card.elements.push({
    type: 'list',
    list: { items, page, pageSize: HELP_PAGE_SIZE, total, command: 'help' },
  });
  if (standingOf(actor) === 'stranger' && !registry.get('join')) {
    card.elements.push(text('To take part, ask a coordinator to nominate you; a board member or coordinator then vets you.'));
  }
  card.elements.push(context(`Send \`${turn.prefix}help <command>\` for details of one command.`));
  return card;
}

function detail(ctx: CommandContext, registry: Registry, topic: string): Card {
  const { turn, actor } = ctx;
  const word = topic.toLowerCase().replace(/^\/?ppp\s+/, '').trim();
  const specs = registry.list().filter((s) => s.name === word || s.name.startsWith(`${word} `));
  if (specs.length === 0) {
    return message(
      `There is no command \`${word.slice(0, 60)}\`.${didYouMean(word.split(' ')[0] ?? word, registry.topWords(), turn.prefix)} Send \`${turn.prefix}help\` for the list.`,
    );
  }
  const card: Card = { header: `Help: ${specs[0]!.name.split(' ')[0]}`, elements: [] };
  for (const spec of specs) {
    const refusal = refusalFor(actor, spec.permission, { command: '', prefix: turn.prefix, joinAvailable: !!registry.get('join') });
    card.elements.push(text([code(usageOf(spec, turn.prefix))]));
    card.elements.push(text(spec.details ?? spec.summary));
    card.elements.push(
      context(
        refusal
          ? `For ${PERMISSION_LABEL[spec.permission]}: not you yet. ${refusal.remedy}`
          : `For ${PERMISSION_LABEL[spec.permission]}.`,
      ),
    );
  }
  return card;
}

export function registerHelpCommand(registry: Registry): void {
  registry.command({
    name: 'help',
    permission: 'anyone',
    usage: '[command]',
    summary: 'What you may do here, or the details of one command.',
    details: 'Lists the commands you may run in this conversation, or explains one: `help checklist`.',
    args: [{ name: 'command', kind: 'text', optional: true }],
    async handler(ctx) {
      const topic = ctx.args.command;
      const card = topic ? detail(ctx, registry, topic) : overview(ctx, registry);
      // Help depends on the caller's role, so it is theirs alone.
      await ctx.respond.replyPrivately(card);
    },
  });
}
