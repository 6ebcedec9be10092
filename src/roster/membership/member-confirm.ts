// The member changes that cannot be undone in one keystroke — recording a departure, taking the
// coordinator role away — asked first as a card with Confirm / Keep, carried out when confirmed (the
// answer replaces the question). Whoever holds the console keeps their own standing there.
import { z } from 'zod';
import type { MemberActor } from '../../auth/actor.js';
import { byOf } from '../../auth/by.js';
import { bold, context, literal, message, text, type Card } from '../../cards/card.js';
import type { ActionContext, Caller } from '../../commands/context.js';
import type { Registry } from '../../commands/registry.js';
import { formatIdentity } from '../../core/identity.js';
import type { MemberRow } from '../../members/model.js';
import { dmPrefix, dmTargetOf, tellMember } from '../../members/reach.js';
import { depart, lastCoordinator, setRole } from '../../members/status-changes.js';
import { findMemberById, identitiesOf, membersWithAlternate } from '../../members/store.js';
import type { Services } from '../../services.js';
import { alternateLostCard } from './cards.js';

export const MEMBER_DEPART = 'roster.member-depart';
export const MEMBER_ROLE_OFF = 'roster.member-coordinator-off';
export const MEMBER_KEEP = 'roster.member-keep';

const DepartValue = z.object({ m: z.number().int().positive(), s: z.number().int().positive().nullable() });
const MemberValue = z.object({ m: z.number().int().positive() });

function readValue<T>(schema: z.ZodType<T>, value: string | undefined): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Why a role taken away by command may come back: start-up re-grants PPP_ADMINS and the console user. */
export function regrantNote(services: Services, member: MemberRow): string {
  const admins = new Set(services.config.admins.map(formatIdentity));
  const ids = identitiesOf(services.db, member.id);
  if (member.coordinatorVia === 'env' || ids.some((i) => admins.has(formatIdentity(i)))) {
    return ` Note: ${member.name} is listed in PPP_ADMINS, so the next start makes them an active coordinator again; remove them from PPP_ADMINS too.`;
  }
  if (member.coordinatorVia === 'console' || ids.some((i) => i.platform === 'console')) {
    return ` Note: whoever holds the console is a coordinator again at the next start.`;
  }
  return '';
}

/**
 * Whoever holds the console is its coordinator (the role comes back at every start): taken away, or
 * suspended, or recorded as gone from the console itself, they could not run anything for the rest of
 * the session, whatever coordinators the roster has on Slack or Teams.
 */
export function consoleHolderRefusal(caller: Caller<MemberActor>, member: MemberRow, what: string): string | undefined {
  if (caller.turn.platform !== 'console' || member.id !== caller.actor.member.id || member.coordinatorVia !== 'console') return undefined;
  return `You hold the console, so I will not ${what}: you could not run the roster from here for the rest of this session. Whoever holds the console is always its coordinator; to hand over, give someone else the coordinator role, and let them use Slack or Teams.`;
}

export async function proposeDeparture(caller: Caller<MemberActor>, member: MemberRow, successor: MemberRow | undefined): Promise<void> {
  const { services, respond } = caller;
  const say = (problem: string) => respond.replyPrivately(message(problem));
  const refusal = consoleHolderRefusal(caller, member, 'record your departure') ?? lastCoordinator(services.db, member, 'record their departure');
  if (refusal) return say(refusal);
  if (member.status === 'departed') return say(`${member.name} is already recorded as having left.`);
  if (successor && (successor.id === member.id || successor.status !== 'active')) {
    return say(successor.id === member.id ? 'A successor must be another member.' : `${successor.name} is ${successor.status}; a successor must be an active member. Vet them first.`);
  }
  const dependants = membersWithAlternate(services.db, member.id).map((d) => d.name);
  const follows = [
    `${member.name} loses member rights at once${member.isCoordinator ? ', and the coordinator role' : ''}${member.isIssuer ? ', and the alert-issuer role' : ''}.`,
    dependants.length === 0 ? '' : successor ? `${successor.name} becomes the alternate of ${dependants.join(', ')}.` : `${dependants.join(', ')} lose their alternate and are asked to choose another.`,
    `Their contact details are erased after ${services.config.retentionDays} days.`,
  ].filter(Boolean);
  await respond.replyPrivately({
    header: `Record that ${member.name} has left?`.slice(0, 150),
    elements: [
      ...(successor ? [text([bold('Successor: '), literal(successor.name)])] : []),
      text(follows.join(' ')),
      context('Someone recorded as having left can only come back by being nominated and vetted again.'),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: MEMBER_DEPART, label: 'Record the departure', value: JSON.stringify({ m: member.id, s: successor?.id ?? null }), style: 'danger' },
          { type: 'button', actionId: MEMBER_KEEP, label: 'Keep them on the roster', value: JSON.stringify({ m: member.id }) },
        ],
      },
    ],
    fallback: `Record that ${member.name} has left?`,
  });
}

export async function proposeRoleOff(caller: Caller<MemberActor>, member: MemberRow): Promise<void> {
  const { services, respond } = caller;
  if (!member.isCoordinator) return respond.replyPrivately(message(`${member.name} does not have the coordinator role; nothing changed.`));
  const refusal = consoleHolderRefusal(caller, member, 'take your coordinator role away') ?? lastCoordinator(services.db, member, 'take the coordinator role away');
  if (refusal) return respond.replyPrivately(message(refusal));
  const self = member.id === caller.actor.member.id;
  await respond.replyPrivately({
    header: `Take the coordinator role from ${self ? 'yourself' : member.name}?`.slice(0, 150),
    elements: [
      text(`${self ? 'You' : member.name} would no longer run the roster, vet conversations, send announcements or schedule summits${self ? ': from your next command on.' : '.'}${regrantNote(services, member)}`),
      {
        type: 'actions',
        elements: [
          { type: 'button', actionId: MEMBER_ROLE_OFF, label: 'Take the role away', value: JSON.stringify({ m: member.id }), style: 'danger' },
          { type: 'button', actionId: MEMBER_KEEP, label: 'Keep the role', value: JSON.stringify({ m: member.id }) },
        ],
      },
    ],
    fallback: `Take the coordinator role from ${member.name}?`,
  });
}

/** Records the departure now and says what followed: alternates moved or lost, who was told. */
async function departNow(ctx: ActionContext<MemberActor>, memberId: number, successorId: number | null): Promise<string> {
  const { services } = ctx;
  const before = findMemberById(services.db, memberId);
  if (!before) return 'That member is no longer on the roster; nothing changed.';
  const refusal = consoleHolderRefusal(ctx, before, 'record your departure');
  if (refusal) return refusal;
  const result = depart(services.db, byOf(ctx), memberId, successorId ?? undefined, services.clock());
  if (!result.ok) return result.problem;
  const { member, successor, moved, orphaned } = result;
  for (const d of moved) {
    const prefix = dmPrefix(dmTargetOf(services, d.id));
    await tellMember(services, `departed-${member.id}-alt-${d.id}`, d.id, message(`${member.name}, your alternate in ${services.config.name}, has left; ${successor!.name}, their successor, is your alternate now. Send \`${prefix}profile\` to choose someone else.`));
  }
  for (const d of orphaned) {
    await tellMember(services, `departed-${member.id}-alt-${d.id}`, d.id, alternateLostCard(services.config.name, member.name, dmPrefix(dmTargetOf(services, d.id))));
  }
  const parts = [`${member.name} is recorded as having left${successor ? `; ${successor.name} succeeds them` : ''}.`];
  if (moved.length) parts.push(`${successor!.name} is now the alternate of ${moved.map((m) => m.name).join(', ')}.`);
  if (orphaned.length) parts.push(`${orphaned.map((m) => m.name).join(', ')} no longer ${orphaned.length === 1 ? 'has' : 'have'} an alternate and ${orphaned.length === 1 ? 'has' : 'have'} been asked to choose one.`);
  parts.push(`Their contact details are erased after ${services.config.retentionDays} days.`);
  return parts.join(' ') + (before.isCoordinator ? regrantNote(services, before) : '');
}

async function roleOffNow(ctx: ActionContext<MemberActor>, memberId: number): Promise<string> {
  const { services } = ctx;
  const before = findMemberById(services.db, memberId);
  if (!before) return 'That member is no longer on the roster; nothing changed.';
  const refusal = consoleHolderRefusal(ctx, before, 'take your coordinator role away');
  if (refusal) return refusal;
  const result = setRole(services.db, byOf(ctx), memberId, 'coordinator', false, services.clock());
  if (!result.ok) return result.problem;
  if (!result.changed) return `${before.name} does not have the coordinator role; nothing changed.`;
  return `${before.name} no longer has the coordinator role.${regrantNote(services, result.before)}`;
}

const answer = (ctx: ActionContext<MemberActor>, card: Card) => (ctx.respond.replace ?? ctx.respond.replyPrivately)(card);
const expired = (ctx: ActionContext<MemberActor>) => answer(ctx, message('That button has expired. Run the `member` command again.'));

export function registerMemberConfirmations(registry: Registry): void {
  registry.action({
    actionId: MEMBER_DEPART,
    permission: 'coordinator',
    async handler(ctx) {
      const value = readValue(DepartValue, ctx.action.value);
      if (!value) return expired(ctx);
      await answer(ctx, message(await departNow(ctx, value.m, value.s)));
    },
  });
  registry.action({
    actionId: MEMBER_ROLE_OFF,
    permission: 'coordinator',
    async handler(ctx) {
      const value = readValue(MemberValue, ctx.action.value);
      if (!value) return expired(ctx);
      await answer(ctx, message(await roleOffNow(ctx, value.m)));
    },
  });
  registry.action({
    actionId: MEMBER_KEEP,
    permission: 'coordinator',
    async handler(ctx) {
      const value = readValue(MemberValue, ctx.action.value);
      const member = value && findMemberById(ctx.services.db, value.m);
      await answer(ctx, message(member ? `Nothing changed: ${member.name} stays on the roster as they were.` : 'Nothing changed.'));
    },
  });
}
