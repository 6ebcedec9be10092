// `join`: someone not on the roster asks to join. A short form (name, title, organization, category)
// makes them a nominated member; every active coordinator gets the request by DM with Vet / Decline.
import { z } from 'zod';
import { message, type Form } from '../../cards/card.js';
import type { CommandContext, FormContext, FormResult } from '../../commands/context.js';
import type { Registry } from '../../commands/registry.js';
import { CATEGORIES, type Category } from '../../members/model.js';
import { accountOf } from './account.js';
import { requestCard } from './cards.js';
import { requestToJoin } from '../../members/changes.js';
import { getOrganization } from '../../members/organizations.js';
import { notifyCoordinators } from '../../members/reach.js';
import { choice, fieldErrors, requiredText } from '../../commands/form-fields.js';

export const JOIN_FORM = 'roster.join';

const CATEGORY_KEYS = Object.keys(CATEGORIES) as [Category, ...Category[]];
const categoryOptions = CATEGORY_KEYS.map((value) => ({ value, label: CATEGORIES[value] }));

const JoinSchema = z.object({
  name: requiredText('Your name', 120),
  title: requiredText('Your title', 120),
  organization: requiredText('Your organization', 120),
  category: choice('category', CATEGORY_KEYS),
});

export function joinForm(partnership: string, displayName: string | undefined): Form {
  return {
    id: JOIN_FORM,
    title: 'Ask to join',
    submitLabel: 'Ask to join',
    intro: `${partnership} is a vetted partnership of executives: law-enforcement officials, security practitioners, suppliers of security services and critical-infrastructure officials. A coordinator or board member reviews each request.`,
    inputs: [
      { id: 'name', label: 'Your name', kind: 'text', required: true, maxLength: 120, ...(displayName ? { initial: displayName } : {}) },
      { id: 'title', label: 'Your title', kind: 'text', required: true, maxLength: 120, placeholder: 'Chief of Police, Chief Security Officer…' },
      { id: 'organization', label: 'Your organization', kind: 'text', required: true, maxLength: 120 },
      { id: 'category', label: 'You are a…', kind: 'select', required: true, options: categoryOptions },
    ],
  };
}

async function handler(ctx: CommandContext): Promise<void> {
  await ctx.respond.openForm(joinForm(ctx.services.config.name, ctx.turn.displayName));
}

async function submit(ctx: FormContext): Promise<FormResult> {
  const { services, turn, respond } = ctx;
  const parsed = JoinSchema.safeParse(ctx.values);
  if (!parsed.success) return fieldErrors(parsed.error);
  const result = requestToJoin(services.db, turn.identity, parsed.data, services.clock());
  if (!result.ok) {
    await respond.replyPrivately(message(`${result.problem} Send \`${turn.prefix}help\` to see what you can do.`));
    return undefined;
  }
  const { member } = result;
  const account = await accountOf(services, turn.identity, turn.displayName ?? member.name);
  const card = requestCard(services.config.name, member, getOrganization(services.db, member.organizationId), { kind: 'join', account });
  const told = await notifyCoordinators(services, `join-${member.id}`, card);
  await respond.replyPrivately(
    message(
      told > 0
        ? `Thank you, ${member.name}. Your request to join ${services.config.name} is with the coordinators; you will hear the outcome here by direct message.`
        : `Thank you, ${member.name}. Your request to join ${services.config.name} is recorded, but no coordinator can be messaged right now; please also tell a coordinator you know.`,
    ),
  );
  return undefined;
}

export function registerJoin(registry: Registry): void {
  registry.command({
    name: 'join',
    permission: 'non-member',
    usage: '',
    summary: 'Ask to join the partnership: a short form; a coordinator or board member reviews it.',
    details: 'Asks your name, title, organization and which of the four membership categories you belong to. Coordinators are told at once; you hear the outcome by direct message.',
    args: [],
    handler,
  });
  registry.form({ formId: JOIN_FORM, permission: 'non-member', handler: submit });
}
