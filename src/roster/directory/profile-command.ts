// `profile`: a member edits their own record — name, title, 24/7 contact, alternate (another active
// member, or a contact card), capabilities from the menu, time zone. Warns when the bot could not reach
// the alternate. A name edited here stops following the Slack or Teams profile.
import { byOf } from '../../auth/by.js';
import { z } from 'zod';
import { message, type Form, type Input } from '../../cards/card.js';
import type { MemberActor } from '../../auth/actor.js';
import type { Args } from '../../commands/args.js';
import type { CommandContext, FormContext, FormResult } from '../../commands/context.js';
import type { Services } from '../../services.js';
import type { Registry } from '../../commands/registry.js';
import { ZONE_EXAMPLES } from '../../core/zones.js';
import type { MemberRow } from '../../members/model.js';
import { dmTargetOf } from '../../members/reach.js';
import { findMemberById } from '../../members/store.js';
import { CAPABILITIES, capabilityLabel, isCapability } from '../../members/capabilities.js';
import { updateMember } from '../../members/changes.js';
import { describeMember, listMembers } from '../../members/listing.js';
import { findByName } from '../../members/lookup.js';
import { email, fieldErrors, list, optionalText, phone, timezone } from '../../commands/form-fields.js';

export const PROFILE_FORM = 'roster.profile';
/** Slack's static select takes at most 100 options; past that the alternate is typed as a name. */
export const MAX_SELECT_OPTIONS = 100;
const NO_ALTERNATE = 'none';
const memberValue = (id: number) => `member:${id}`;

const ProfileSchema = z.object({
  // Absent (a form from before the field existed) keeps the name as it is.
  name: optionalText('Your name', 120),
  title: optionalText('Title', 120),
  contact247: phone('24/7 contact'),
  alternate: optionalText('Alternate', 120),
  altName: optionalText('Contact card name', 120),
  altPhone: phone('Contact card phone'),
  altEmail: email('Contact card email'),
  capabilities: list('Capabilities', isCapability),
  timezone,
});

function candidates(services: Services, self: MemberRow) {
  return listMembers(services.db).filter((l) => l.member.status === 'active' && l.member.id !== self.id);
}

export function profileForm(services: Services, self: MemberRow): Form {
  const others = candidates(services, self);
  const current = self.alternateMemberId ? findMemberById(services.db, self.alternateMemberId) : undefined;
  const alternate: Input =
    others.length + 1 <= MAX_SELECT_OPTIONS
      ? {
          id: 'alternate',
          label: 'Alternate: another member who stands in for you',
          kind: 'select',
          options: [{ value: NO_ALTERNATE, label: 'No member (or use the contact card below)' }, ...others.map((l) => ({ value: memberValue(l.member.id), label: describeMember(l.member, l.org).slice(0, 75) }))],
          initial: current && current.status === 'active' ? memberValue(current.id) : NO_ALTERNATE,
        }
      : { id: 'alternate', label: 'Alternate: the name of another member', kind: 'text', maxLength: 120, hint: 'as on the roster', ...(current ? { initial: current.name } : {}) };
  const init = (v: string | null) => (v ? { initial: v } : {});
  return {
    id: PROFILE_FORM,
    title: 'Your profile',
    submitLabel: 'Save',
    intro: 'What the partnership needs to reach you — or whoever stands in for you — in a crisis. Only members see it, and only privately.',
    inputs: [
      { id: 'name', label: 'Your name', kind: 'text', required: true, maxLength: 120, initial: self.name, hint: 'as members see it' },
      { id: 'title', label: 'Title', kind: 'text', maxLength: 120, ...init(self.title) },
      { id: 'contact247', label: '24/7 contact (phone)', kind: 'text', maxLength: 80, placeholder: '+1 612 555 0100 (watch desk)', ...init(self.contact247) },
      alternate,
      { id: 'altName', label: 'Or an alternate outside the partnership: name', kind: 'text', maxLength: 120, ...init(self.alternateName) },
      { id: 'altPhone', label: 'Their phone', kind: 'text', maxLength: 80, ...init(self.alternatePhone) },
      { id: 'altEmail', label: 'Their email', kind: 'text', maxLength: 200, ...init(self.alternateEmail) },
      {
        id: 'capabilities',
        label: 'What your organization can offer in a crisis',
        kind: 'multiselect',
        options: CAPABILITIES.map((c) => ({ value: c.key, label: c.label })),
        initial: self.capabilities.filter(isCapability),
      },
      // The partnership's zone is the likely answer: offered, so Enter keeps it.
      { id: 'timezone', label: 'Your time zone', kind: 'text', maxLength: 60, placeholder: services.config.timezone, hint: `e.g. ${ZONE_EXAMPLES.replace(/`/g, '')}`, initial: self.timezone ?? services.config.timezone },
    ],
  };
}

async function handler(ctx: CommandContext<Args, MemberActor>): Promise<void> {
  await ctx.respond.openForm(profileForm(ctx.services, ctx.actor.member));
}

type Alternate = { ok: true; memberId: number | null } | { ok: false; problem: string };

function resolveAlternate(services: Services, self: MemberRow, value: string | undefined): Alternate {
  if (!value || value === NO_ALTERNATE) return { ok: true, memberId: null };
  const picked = /^member:(\d+)$/.exec(value);
  const eligible = (m: MemberRow) => m.status === 'active' && m.id !== self.id;
  if (picked) {
    const m = findMemberById(services.db, Number(picked[1]));
    if (!m || !eligible(m)) return { ok: false, problem: m?.id === self.id ? 'You cannot be your own alternate.' : 'That member is no longer active; choose another.' };
    return { ok: true, memberId: m.id };
  }
  const found = findByName(services.db, value, eligible);
  return found.ok ? { ok: true, memberId: found.member.id } : { ok: false, problem: found.problem.replace(/ `roster` lists the members\.$/, '') };
}

async function submit(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const { services, actor, respond } = ctx;
  const parsed = ProfileSchema.safeParse(ctx.values);
  if (!parsed.success) return fieldErrors(parsed.error);
  const v = parsed.data;
  const self = findMemberById(services.db, actor.member.id)!;
  const alternate = resolveAlternate(services, self, v.alternate);
  if (!alternate.ok) return { alternate: alternate.problem };
  const card = v.altName || v.altPhone || v.altEmail;
  if (alternate.memberId && card) return { altName: 'Choose a member as alternate or fill in the contact card, not both.' };
  if ((v.altPhone || v.altEmail) && !v.altName) return { altName: 'Give the name of the person on the contact card.' };
  if (v.altName && !v.altPhone && !v.altEmail) return { altPhone: 'Give a phone number or an email for your alternate.' };

  const result = updateMember(
    services.db,
    byOf(ctx),
    self.id,
    {
      ...(v.name && v.name !== self.name ? { name: v.name, nameEdited: true } : {}),
      title: v.title ?? null,
      contact247: v.contact247 ?? null,
      alternateMemberId: alternate.memberId,
      alternateName: v.altName ?? null,
      alternatePhone: v.altPhone ?? null,
      alternateEmail: v.altEmail ?? null,
      capabilities: v.capabilities,
      timezone: v.timezone ?? null,
    },
    services.clock(),
    'profile.edit',
  );
  if (!result.ok) return { title: result.problem };
  const m = result.member;
  const lines = [result.changed.length ? 'Your profile is saved.' : 'Nothing changed in your profile.'];
  if (!m.contact247) lines.push('You have no 24/7 contact: in a crisis, members could not reach you out of hours.');
  if (m.alternateMemberId) {
    const alt = findMemberById(services.db, m.alternateMemberId)!;
    lines.push(
      dmTargetOf(services, alt.id)
        ? `Your alternate is ${alt.name}.`
        : `Your alternate is ${alt.name}, but the bot cannot reach them: they have no Slack or Teams account it serves, so it could not alert them for you. Make sure they know, or choose another alternate.`,
    );
  } else if (m.alternateName) {
    lines.push(`Your alternate is ${m.alternateName} (a contact card). The bot cannot message them; members who look you up with \`who\` see how to call them.`);
  } else {
    lines.push('You have no alternate: the resilience of the partnership depends on someone standing in for you.');
  }
  if (m.capabilities.length) lines.push(`You offer: ${m.capabilities.map(capabilityLabel).join(', ')}.`);
  await respond.replyPrivately(message(lines.join(' ')));
  return undefined;
}

export function registerProfile(registry: Registry): void {
  registry.command({
    name: 'profile',
    permission: 'member',
    usage: '',
    summary: 'Edit your own record: name, title, 24/7 contact, alternate, what you can offer, time zone.',
    details: 'Opens a form. Your alternate is another active member (the bot can message them) or a contact card with a name, phone and email. Capabilities come from the partnership’s menu of options (CCTV footage, staging areas, logistics, cyber, medical…); members find you by them with `who`.',
    args: [],
    handler,
  });
  registry.form({ formId: PROFILE_FORM, permission: 'member', handler: submit });
}
