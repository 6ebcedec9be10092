// `unlink [slack|teams] [@name]`: takes one platform account off a member — your own, or (coordinators)
// someone else's, to clear a duplicate record. Never a current member's last account. Audited.
import { byOf } from '../../auth/by.js';
import { allows, refusalFor } from '../../auth/permissions.js';
import { message } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatIdentity, type Platform } from '../../core/identity.js';
import { identitiesOf } from '../../members/store.js';
import { LINKABLE, unlink } from '../../members/identity-links.js';
import { PLATFORM_NAME } from '../../core/platform-names.js';
import { resolveMember } from '../../members/lookup.js';
import { tellMember } from '../../members/reach.js';

const ARGS = [
  { name: 'platform', kind: 'word', optional: true, choices: ['slack', 'teams'] },
  { name: 'who', kind: 'user', optional: true },
] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'member'>): Promise<void> {
  const { services, turn, actor, respond } = ctx;
  const who = ctx.args.who;
  let platform: Platform | undefined = ctx.args.platform;
  let member = actor.member;
  if (who) {
    if (!allows(actor, 'coordinator')) {
      const refusal = refusalFor(actor, 'coordinator', { command: `${turn.prefix}unlink … @name`, prefix: turn.prefix })!;
      await respond.replyPrivately(message(`${refusal.reason} ${refusal.remedy} \`${turn.prefix}unlink\` alone works on your own accounts.`, 'refusal'));
      return;
    }
    const found = resolveMember(services.db, who, actor.member);
    if (!found.ok) {
      await respond.replyPrivately(message(found.problem));
      return;
    }
    member = found.member;
    if (!platform) {
      await respond.replyPrivately(message(`Say which account to take off ${member.name}: \`${turn.prefix}unlink slack @${member.name}\` or \`${turn.prefix}unlink teams @${member.name}\`.`));
      return;
    }
  }
  const linked = identitiesOf(services.db, member.id).filter((i) => LINKABLE.includes(i.platform));
  if (!platform) {
    // Alone, `unlink` means the account on the other platform: the one you are using stays.
    const others = linked.filter((i) => i.platform !== turn.identity.platform);
    if (others.length !== 1 || linked.length < 2) {
      await respond.replyPrivately(message(linked.length < 2 ? 'You have one account on the roster, so there is nothing to unlink. `link` joins a second one.' : `Say which account to unlink: \`${turn.prefix}unlink slack\` or \`${turn.prefix}unlink teams\`.`));
      return;
    }
    platform = others[0]!.platform;
  }
  const admins = new Set(services.config.admins.map(formatIdentity));
  const result = unlink(services.db, byOf(ctx), member.id, platform, services.clock(), admins);
  if (!result.ok) {
    await respond.replyPrivately(message(result.problem));
    return;
  }
  const gone = `${PLATFORM_NAME[platform]} account`;
  if (member.id !== actor.member.id) {
    await tellMember(services, `unlinked-${member.id}-${formatIdentity(result.removed)}-${services.clock().getTime()}`, member.id, message(`A coordinator took your ${gone} off your membership of ${services.config.name}. Speak to a coordinator if this is unexpected.`));
    await respond.replyPrivately(message(`Took the ${gone} off ${member.name}'s record.`));
    return;
  }
  const self = result.removed.platform === turn.identity.platform && result.removed.id === turn.identity.id;
  await respond.replyPrivately(
    message(
      self
        ? `Unlinked: this ${gone} is no longer on the roster, so I will not recognise you here. Your other account is unchanged.`
        : `Unlinked your ${gone}: it is no longer recognised as you. \`${turn.prefix}link\` links an account again.`,
    ),
  );
}

export function registerUnlink(registry: Registry): void {
  registry.command({
    name: 'unlink',
    permission: 'member',
    usage: '[slack|teams] [@name]',
    summary: 'Undo a link: take your Slack or Teams account off your membership (never your last one).',
    details:
      'Alone, `unlink` removes your account on the other platform; name `slack` or `teams` to choose. Coordinators may add @name to take an account off someone else’s record, for example a duplicate record recorded as departed. A current member always keeps one account. Audited.',
    args: ARGS,
    handler,
  });
}
