// `member @user suspend|depart|tier|coordinator|issuer|edit …`: a coordinator runs one member's record.
// Each change is audited in its transaction; suspended and departed members lose their rights at once.
import { byOf } from '../../auth/by.js';
import { message } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { MemberActor } from '../../auth/actor.js';
import type { Caller } from '../../commands/context.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { showLine, tokenize } from '../../commands/tokenize.js';
import type { MemberRow } from '../../members/model.js';
import { tellMember } from '../../members/reach.js';
import { suspendedCard } from './cards.js';
import { consoleHolderRefusal, proposeDeparture, proposeRoleOff, regrantNote } from './member-confirm.js';
import { resolveMember } from '../../members/lookup.js';
import { memberForm } from './member-form.js';
import { setRole, setTier, suspend } from '../../members/status-changes.js';

const ACTIONS = ['suspend', 'depart', 'tier', 'coordinator', 'issuer', 'edit'] as const;
type Action = (typeof ACTIONS)[number];

const USAGE: Record<Action, string> = {
  suspend: 'member @name suspend [reason]',
  depart: 'member @name depart [successor @name]',
  tier: 'member @name tier board|member',
  coordinator: 'member @name coordinator on|off',
  issuer: 'member @name issuer on|off',
  edit: 'member @name edit',
};

async function run(ctx: Caller<MemberActor>, member: MemberRow, action: Action, rest: string): Promise<string | undefined> {
  const { services, turn } = ctx;
  const by = byOf(ctx);
  const at = services.clock();
  const words = tokenize(rest);
  const word = (i: number) => {
    const t = words[i];
    return t?.kind === 'word' ? t.text.toLowerCase() : undefined;
  };
  const usage = `Usage: \`${turn.prefix}${USAGE[action]}\``;
  switch (action) {
    case 'suspend': {
      const held = consoleHolderRefusal(ctx, member, 'suspend you');
      if (held) return held;
      const reason = showLine(rest).trim().slice(0, 200);
      const result = suspend(services.db, by, member.id, reason || undefined, at);
      if (!result.ok) return result.problem;
      const told = await tellMember(services, `suspended-${member.id}-${at.getTime()}`, member.id, suspendedCard(services.config.name, result.member.statusReason));
      const toldThem = told ? ' They have been told by direct message.' : ' The bot cannot message them, so tell them yourself.';
      return `${member.name} is suspended${reason ? ` (${reason})` : ''} and has lost member rights.${toldThem} \`${turn.prefix}vet @name\` restores them.${member.isCoordinator ? regrantNote(services, member) : ''}`;
    }
    case 'depart': {
      const users = words.filter((t) => t.kind === 'user');
      const others = words.filter((t) => t.kind === 'word' && t.text.toLowerCase() !== 'successor');
      if (users.length > 1 || others.length > 0) return usage;
      let successor: MemberRow | undefined;
      const ref = users[0];
      if (ref?.kind === 'user') {
        const found = resolveMember(services.db, ref.identity ? { identity: ref.identity, label: ref.label } : { name: ref.name ?? ref.label, label: ref.label }, ctx.actor.member);
        if (!found.ok) return `Successor: ${found.problem}`;
        successor = found.member;
      }
      // Asked first: a departure takes rights and alternates away and cannot be undone in one step.
      await proposeDeparture(ctx, member, successor);
      return undefined;
    }
    case 'tier': {
      const tier = word(0);
      if ((tier !== 'board' && tier !== 'member') || words.length > 1) return usage;
      const result = setTier(services.db, by, member.id, tier, at);
      if (!result.ok) return result.problem;
      return result.changed ? `${member.name} is now ${tier === 'board' ? 'on the board' : 'a general member (not on the board)'}.` : `${member.name} was already ${tier === 'board' ? 'on the board' : 'a general member'}; nothing changed.`;
    }
    case 'coordinator':
    case 'issuer': {
      const on = word(0);
      if ((on !== 'on' && on !== 'off') || words.length > 1) return usage;
      if (action === 'coordinator' && on === 'off') {
        await proposeRoleOff(ctx, member);
        return undefined;
      }
      const result = setRole(services.db, by, member.id, action, on === 'on', at);
      if (!result.ok) return result.problem;
      const role = action === 'coordinator' ? 'the coordinator role' : 'the alert-issuer role';
      if (!result.changed) return `${member.name} ${on === 'on' ? 'already has' : 'does not have'} ${role}; nothing changed.`;
      const pending = on === 'on' && member.status !== 'active' ? ` It takes effect once they are active (they are ${member.status}).` : '';
      return `${member.name} ${on === 'on' ? 'now has' : 'no longer has'} ${role}.${pending}`;
    }
    case 'edit': {
      if (rest.trim()) return usage;
      await ctx.respond.openForm(memberForm(services, { mode: 'edit', member }));
      return undefined;
    }
  }
}

const ARGS = [
  { name: 'who', kind: 'user', ask: (p: string) => `Whose record? e.g. \`${p}member @"Tom Brandt" edit\` or \`${p}member @"Tom Brandt" tier board\`.` },
  { name: 'action', kind: 'word', choices: ACTIONS, ask: (p: string) => `What should change? Add one of ${ACTIONS.map((a) => `\`${a}\``).join(', ')}, e.g. \`${p}member @"Tom Brandt" edit\`.` },
  // A successor is a person: mentions stay verified, so they are found by account, not by label.
  { name: 'rest', kind: 'text', optional: true, mentions: true },
] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const found = resolveMember(services.db, ctx.args.who, ctx.actor.member);
  if (!found.ok) {
    const remedy = found.why === 'stranger' ? ` Add them with \`${turn.prefix}roster add @${found.label}\`, or nominate them.` : '';
    await respond.replyPrivately(message(`${found.problem}${remedy}`));
    return;
  }
  const reply = await run(ctx, found.member, ctx.args.action, ctx.args.rest ?? '');
  if (reply) await respond.replyPrivately(message(reply));
}

export function registerMember(registry: Registry): void {
  registry.command({
    name: 'member',
    permission: 'coordinator',
    usage: '@name suspend|depart|tier|coordinator|issuer|edit …',
    summary: 'Run one member’s record: suspend, record a departure and successor, tier, roles, or edit.',
    details: [
      '`member @name suspend [reason]` — member rights stop at once; `vet @name` restores them.',
      '`member @name depart [successor @name]` — they left; the successor becomes the alternate of whoever had them as alternate. Contact details are erased after PPP_RETENTION_DAYS.',
      '`member @name tier board|member`, `member @name coordinator on|off`, `member @name issuer on|off` — the last active coordinator keeps the role.',
      '`member @name edit` — a form with their name, title, organization, category and contacts.',
    ].join('\n'),
    args: ARGS,
    handler,
  });
}
