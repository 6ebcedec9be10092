// `nominate @user ["Full Name"]`, or `nominate <email> <name…>` for someone not in the workspace yet: any
// active member proposes someone; coordinators get it by DM with Vet / Decline, as with a `join` request.
// A mentioned person is named from their platform profile, or by the name given after the mention.
import { byOf } from '../../auth/by.js';
import { z } from 'zod';
import { message } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { tokenize } from '../../commands/tokenize.js';
import { profileName } from '../../members/platform-profile.js';
import { identitiesOf } from '../../members/store.js';
import { accountOf } from './account.js';
import { requestCard } from './cards.js';
import { nominate, type Nominee } from '../../members/changes.js';
import { resolveMember } from '../../members/lookup.js';
import { notifyCoordinators } from '../../members/reach.js';
import { PLATFORM_NAME } from '../../core/platform-names.js';
import { getOrganization } from '../../members/organizations.js';

const ByEmail = z.object({
  email: z.email({ error: 'The first word must be their email address.' }).max(200),
  name: z.string().min(1, 'Give their name after the email address.').max(120, 'A name has at most 120 characters.'),
});

const GivenName = z.string().trim().min(1, 'Give their name after the mention.').max(120, 'A name has at most 120 characters.');

type Parsed = { ok: true; nominee: Nominee } | { ok: false; problem: string };

const unquote = (text: string) => text.replace(/^["“„]|["”“]$/g, '').trim();

const ARGS = [
  { name: 'who', kind: 'user', optional: true },
  { name: 'rest', kind: 'text', optional: true },
] as const satisfies readonly ArgSpec[];

type Context = ContextFor<typeof ARGS, 'member'>;

async function parse(ctx: Context): Promise<Parsed> {
  const { services, turn } = ctx;
  const who = ctx.args.who;
  const rest = ctx.args.rest?.trim() ?? '';
  const usage = `Usage: \`${turn.prefix}nominate @name\` (or \`${turn.prefix}nominate @name "Full Name"\`), or for someone not in the workspace yet \`${turn.prefix}nominate jane.doe@example.org Jane Doe\`.`;
  if (who) {
    // After the mention only a name may follow, never a second person.
    if (tokenize(rest).some((t) => t.kind === 'user')) return { ok: false, problem: `Nominate one person at a time. ${usage}` };
    const found = resolveMember(services.db, who);
    if (found.ok) return rest ? { ok: false, problem: `Nominate one person at a time. ${usage}` } : { ok: true, nominee: { memberId: found.member.id } };
    if (found.why === 'stranger') {
      if (rest) {
        const given = GivenName.safeParse(unquote(rest));
        if (!given.success) return { ok: false, problem: `${given.error.issues[0]?.message ?? 'That is not a name.'} ${usage}` };
        return { ok: true, nominee: { identity: found.identity, name: given.data, nameEdited: true } };
      }
      // The mention's label is not a name (it is what the message showed): the profile's is.
      const name = await profileName(services, found.identity);
      if (!name) {
        return {
          ok: false,
          problem: `I could not read ${found.label}'s name from ${PLATFORM_NAME[found.identity.platform]}. Give it after the mention: \`${turn.prefix}nominate @${found.label} "Full Name"\`.`,
        };
      }
      return { ok: true, nominee: { identity: found.identity, name, nameEdited: false } };
    }
    const byEmail = found.why === 'unknown' ? ` If they are not in the workspace, nominate them by email: \`${turn.prefix}nominate <email> <name>\`.` : '';
    return { ok: false, problem: `${found.problem}${byEmail}` };
  }
  if (!rest) return { ok: false, problem: usage };
  const [first = '', ...others] = rest.split(/\s+/);
  const parsed = ByEmail.safeParse({ email: first, name: others.join(' ').replace(/^["“]|["”]$/g, '').trim() });
  if (!parsed.success) return { ok: false, problem: `${parsed.error.issues[0]?.message ?? 'That is not a nomination.'} ${usage}` };
  return { ok: true, nominee: parsed.data };
}

async function handler(ctx: Context): Promise<void> {
  const { services, actor, respond } = ctx;
  const parsed = await parse(ctx);
  if (!parsed.ok) {
    await respond.replyPrivately(message(parsed.problem));
    return;
  }
  const result = nominate(services.db, byOf(ctx), parsed.nominee, services.clock());
  if (!result.ok) {
    const hint = 'existing' in result && result.existing.status === 'nominated' ? ' A board member or coordinator still has to vet them.' : '';
    await respond.replyPrivately(message(`${result.problem}${hint}`));
    return;
  }
  const { member } = result;
  const identity = identitiesOf(services.db, member.id)[0];
  const card = requestCard(services.config.name, member, getOrganization(services.db, member.organizationId), {
    kind: 'nominate',
    by: actor.member.name,
    ...(identity ? { account: await accountOf(services, identity, member.name) } : {}),
  });
  const told = await notifyCoordinators(services, `nominate-${member.id}-${member.nominatedAt?.getTime() ?? 0}`, card);
  await respond.replyPrivately(
    message(
      `${result.renominated ? 'Nominated again' : 'Nominated'}: ${member.name}. ${
        told > 0 ? `The coordinators have been told (${told}); a board member or coordinator vets them.` : 'No coordinator can be messaged right now, so tell one yourself.'
      }`,
    ),
  );
}

export function registerNominate(registry: Registry): void {
  registry.command({
    name: 'nominate',
    permission: 'member',
    usage: '@name ["Full Name"] | <email> <name>',
    summary: 'Propose someone for membership; coordinators are told and a board member or coordinator vets them.',
    details:
      'Mention a colleague in the workspace (`nominate @jane`): their name comes from their profile, or give it after the mention (`nominate @jane "Jane Doe"`). For someone not in the workspace yet, give their email and name (`nominate jane.doe@example.org Jane Doe`). Coordinators receive it with Vet and Decline buttons.',
    args: ARGS,
    handler,
  });
}
