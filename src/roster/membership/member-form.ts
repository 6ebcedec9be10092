// `roster add [@user]` and `member @user edit`: one form for a coordinator to add or edit a member —
// name, title, organization (with its kind, sector and whether headquartered here), category, tier, contacts.
import { byOf } from '../../auth/by.js';
import { z } from 'zod';
import { message, type Form, type Input } from '../../cards/card.js';
import type { ArgSpec } from '../../commands/args.js';
import type { FormContext, FormResult } from '../../commands/context.js';
import type { Services } from '../../services.js';
import type { ContextFor, Registry } from '../../commands/registry.js';
import { formatDate } from '../../core/dates.js';
import { formatIdentity, parseIdentity, type Identity } from '../../core/identity.js';
import { CATEGORIES, ORGANIZATION_KINDS, TIERS, type Category, type MemberRow } from '../../members/model.js';
import { profileName } from '../../members/platform-profile.js';
import { dmPrefix, dmTargetOf, tellMember } from '../../members/reach.js';
import { listWords } from '../../core/words.js';
import { fieldLabels } from '../../members/fields.js';
import { findMemberById } from '../../members/store.js';
import { vettedCard } from './cards.js';
import { addMember, updateMember, type MemberFields } from '../../members/changes.js';
import { resolveMember } from '../../members/lookup.js';
import { getOrganization, type OrganizationKind } from '../../members/organizations.js';
import { choice, email, fieldErrors, optionalChoice, optionalText, phone, requiredText } from '../../commands/form-fields.js';

export const MEMBER_FORM = 'roster.member';

const CATEGORY_KEYS = Object.keys(CATEGORIES) as [Category, ...Category[]];
const KIND_KEYS = Object.keys(ORGANIZATION_KINDS) as [OrganizationKind, ...OrganizationKind[]];
const ADD_STATUSES = ['active', 'nominated'] as const;
const PROFILE_WAIT_MS = 1000;

const MemberSchema = z.object({
  name: requiredText('Name', 120),
  title: optionalText('Title', 120),
  organization: optionalText('Organization', 120),
  orgKind: optionalChoice('kind of organization', KIND_KEYS),
  sector: optionalText('Sector', 80),
  hq: optionalChoice('answer', ['yes', 'no'] as const),
  category: optionalChoice('category', CATEGORY_KEYS),
  executiveLevel: optionalText('Executive level', 80),
  tier: choice('tier', TIERS),
  email: email('Email'),
  contact247: phone('24/7 contact'),
  status: optionalChoice('status', ADD_STATUSES),
});

const State = z.union([z.object({ m: z.literal('add'), i: z.string().optional() }), z.object({ m: z.literal('edit'), id: z.number().int() })]);

export type MemberFormMode = { mode: 'add'; identity?: Identity; name?: string } | { mode: 'edit'; member: MemberRow };

export function memberForm(services: Services, how: MemberFormMode): Form {
  const m = how.mode === 'edit' ? how.member : undefined;
  const org = m ? getOrganization(services.db, m.organizationId) : undefined;
  const init = (v: string | null | undefined) => (v ? { initial: v } : {});
  const inputs: Input[] = [
    { id: 'name', label: 'Name', kind: 'text', required: true, maxLength: 120, ...init(m?.name ?? (how.mode === 'add' ? how.name : undefined)) },
    { id: 'title', label: 'Title', kind: 'text', maxLength: 120, placeholder: 'Chief of Police, Chief Security Officer…', ...init(m?.title) },
    { id: 'organization', label: 'Organization', kind: 'text', maxLength: 120, ...init(org?.name) },
    { id: 'orgKind', label: 'Kind of organization', kind: 'select', options: KIND_KEYS.map((k) => ({ value: k, label: ORGANIZATION_KINDS[k] })), ...init(org?.kind) },
    { id: 'sector', label: 'Critical-infrastructure sector', kind: 'text', maxLength: 80, placeholder: 'Energy, Transportation, Healthcare…', ...init(org?.sector) },
    { id: 'hq', label: 'Organization headquartered in the jurisdiction?', kind: 'select', options: [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }], ...init(org?.headquarteredInJurisdiction == null ? undefined : org.headquarteredInJurisdiction ? 'yes' : 'no') },
    { id: 'category', label: 'Membership category', kind: 'select', options: CATEGORY_KEYS.map((k) => ({ value: k, label: CATEGORIES[k] })), ...init(m?.category) },
    { id: 'executiveLevel', label: 'Executive level', kind: 'text', maxLength: 80, placeholder: 'Agency head, CSO, SAC…', ...init(m?.executiveLevel) },
    { id: 'tier', label: 'Tier', kind: 'select', required: true, options: [{ value: 'member', label: 'Member' }, { value: 'board', label: 'Executive board' }], initial: m?.tier ?? 'member' },
    { id: 'email', label: 'Email', kind: 'text', maxLength: 200, ...init(m?.email) },
    { id: 'contact247', label: '24/7 contact (phone)', kind: 'text', maxLength: 80, ...init(m?.contact247) },
  ];
  if (how.mode === 'add') {
    inputs.push({ id: 'status', label: 'Status', kind: 'select', required: true, initial: 'active', options: [{ value: 'active', label: 'Active — vetted now' }, { value: 'nominated', label: 'Nominated — to be vetted' }] });
  }
  const state = how.mode === 'add' ? { m: 'add', ...(how.identity ? { i: formatIdentity(how.identity) } : {}) } : { m: 'edit', id: how.member.id };
  return {
    id: MEMBER_FORM,
    title: how.mode === 'add' ? 'Add a member' : `Edit ${how.member.name}`.slice(0, 24),
    submitLabel: 'Save',
    intro:
      how.mode === 'add'
        ? how.identity
          ? 'Their Slack or Teams account is attached, so the bot can reach them.'
          : 'Without an @mention they have no Slack or Teams account attached: they appear in the directory, but the bot cannot message them.'
        : `Editing ${how.member.name}'s record (${how.member.status}). Members edit their own alternate and capabilities with \`profile\`.`,
    inputs,
    state: JSON.stringify(state),
  };
}

const ARGS = [{ name: 'who', kind: 'user', optional: true }] as const satisfies readonly ArgSpec[];

async function handler(ctx: ContextFor<typeof ARGS, 'coordinator'>): Promise<void> {
  const { services, turn, respond } = ctx;
  const who = ctx.args.who;
  if (!who) {
    await respond.openForm(memberForm(services, { mode: 'add' }));
    return;
  }
  const found = resolveMember(services.db, who);
  if (found.ok) {
    await respond.replyPrivately(message(`${found.member.name} is already on the roster (${found.member.status}). Use \`${turn.prefix}member @${found.member.name} edit\` to change their record.`));
    return;
  }
  if (found.why === 'stranger') {
    // The name field starts from their profile, never from the mention's label; without one it starts
    // empty. Briefly: Slack's trigger for opening the form lasts 3 s.
    const name = await profileName(services, found.identity, PROFILE_WAIT_MS);
    await respond.openForm(memberForm(services, { mode: 'add', identity: found.identity, ...(name ? { name } : {}) }));
    return;
  }
  if (found.why === 'unknown' && !who.identity) {
    // A console `@name` that is nobody yet: the name fills the form, without an account.
    await respond.openForm(memberForm(services, { mode: 'add', name: who.name ?? who.label }));
    return;
  }
  await respond.replyPrivately(message(found.problem));
}

/** Form state comes back from the platform; a forged or truncated one is simply not a form of ours. */
function readJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
}

function fieldsOf(v: z.infer<typeof MemberSchema>): MemberFields & { name: string } {
  return {
    name: v.name,
    title: v.title ?? null,
    organization: v.organization ?? null,
    organizationDetails: { kind: v.orgKind, sector: v.sector, headquarteredInJurisdiction: v.hq === undefined ? undefined : v.hq === 'yes' },
    category: v.category ?? null,
    executiveLevel: v.executiveLevel ?? null,
    tier: v.tier,
    email: v.email ?? null,
    contact247: v.contact247 ?? null,
  };
}

async function submit(ctx: FormContext): Promise<FormResult> {
  const { services, respond } = ctx;
  const state = State.safeParse(readJson(ctx.state));
  if (!state.success) {
    await respond.replyPrivately(message('That form has expired. Run `roster add` or `member @name edit` again.'));
    return undefined;
  }
  const parsed = MemberSchema.safeParse(ctx.values);
  if (!parsed.success) return fieldErrors(parsed.error);
  const fields = fieldsOf(parsed.data);
  const at = services.clock();
  if (state.data.m === 'add') {
    const identity = state.data.i ? parseIdentity(state.data.i) : undefined;
    const status = parsed.data.status ?? 'active';
    const result = addMember(services.db, byOf(ctx), fields, status, identity, at);
    if (!result.ok) return { name: result.problem };
    const { member } = result;
    let told = false;
    if (status === 'active' && identity) {
      told = await tellMember(services, `added-${member.id}`, member.id, vettedCard(services.config.name, member, false, services.config.timezone, dmPrefix(dmTargetOf(services, member.id))));
    }
    const standing = status === 'active' ? `active, vetted until ${formatDate(member.vettingExpiresAt!, services.config.timezone)}` : 'nominated, waiting to be vetted';
    await respond.replyPrivately(message(`Added ${member.name} (${standing}).${told ? ' They have been welcomed by direct message.' : ''}`));
    return undefined;
  }
  const existing = findMemberById(services.db, state.data.id);
  if (!existing) {
    await respond.replyPrivately(message('That member is no longer on the roster.'));
    return undefined;
  }
  const nameEdited = fields.name !== existing.name ? { nameEdited: true } : {};
  const result = updateMember(services.db, byOf(ctx), existing.id, { ...fields, ...nameEdited }, at, 'member.edit');
  if (!result.ok) return { name: result.problem };
  const changed = fieldLabels(result.changed);
  await respond.replyPrivately(message(changed.length ? `Saved ${result.member.name}'s record: ${listWords(changed)} changed.` : `Nothing changed in ${result.member.name}'s record.`));
  return undefined;
}

export function registerMemberForm(registry: Registry): void {
  registry.command({
    name: 'roster add',
    permission: 'coordinator',
    usage: '[@name]',
    summary: 'Add a member with a form (mention them to attach their Slack or Teams account).',
    details: 'Opens a form: name, title, organization (kind, sector, headquartered here), category, tier, email, 24/7 contact, and whether they are vetted now or still to be vetted. Mention a workspace user to attach their account so the bot can reach them.',
    args: ARGS,
    handler,
  });
  registry.form({ formId: MEMBER_FORM, permission: 'coordinator', handler: submit });
}
