// `vet @user`: a board member or coordinator makes a nominated or suspended member active for twelve
// months; vetting an active member renews the period. The member is told by DM.
import { byOf } from '../../auth/by.js';
import { message } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatDate } from '../../core/dates.js';
import { VETTING_MONTHS } from '../../members/model.js';
import { vet } from '../../members/changes.js';
import { resolveMember } from '../../members/lookup.js';
import { tellVetted } from './vetting-actions.js';

const ARGS = [{ name: 'who', kind: 'user', ask: (p: string) => `Whom do you want to vet? Mention them, or give their name: \`${p}vet @"Karen Wu"\`. \`${p}roster pending\` lists who is waiting.` }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'board'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const found = resolveMember(services.db, ctx.args.who, ctx.actor.member);
  if (!found.ok) {
    const remedy = found.why === 'stranger' ? ` Nominate them first (\`${turn.prefix}nominate @${found.label}\`), or they can send \`join\` themselves.` : '';
    await respond.replyPrivately(message(`${found.problem}${remedy}`));
    return;
  }
  const result = vet(services.db, byOf(ctx), found.member.id, services.clock());
  if (!result.ok) {
    await respond.replyPrivately(message(result.problem));
    return;
  }
  const { member, previous } = result;
  const reached = await tellVetted(services, member, previous, ctx.actor.member.id);
  const until = member.vettingExpiresAt ? formatDate(member.vettingExpiresAt, services.config.timezone) : '';
  const what =
    previous.status === 'active'
      ? `Renewed ${member.name}'s vetting until ${until}.`
      : `${member.name} is now an active member (was ${previous.status}), vetted until ${until}.`;
  await respond.replyPrivately(message(`${what}${reached ? ' They have been told by direct message.' : ' The bot cannot message them on Slack or Teams, so tell them yourself.'}`));
}

export function registerVet(registry: Registry): void {
  registry.command({
    name: 'vet',
    permission: 'board',
    usage: '@name',
    summary: `Make a nominated or suspended member active for ${VETTING_MONTHS} months, or renew a vetting.`,
    details: `Vetting starts a ${VETTING_MONTHS}-month period, after which the membership lapses unless someone vets it again. Nobody vets themselves. Someone who left must be nominated again first.`,
    args: ARGS,
    handler,
  });
}
