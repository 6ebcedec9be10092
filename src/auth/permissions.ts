// Who may run what. Every refusal says why and what would allow it.
import type { Actor, MemberActor } from './actor.js';
import { standingOf } from './actor.js';

/**
 * - anyone: strangers included (help)
 * - non-member: someone not on the roster yet (join)
 * - member: an active member
 * - board: an active board member or coordinator
 * - issuer: an active board member, coordinator or designated alert issuer
 * - coordinator: an active coordinator
 */
export const PERMISSIONS = ['anyone', 'non-member', 'member', 'board', 'issuer', 'coordinator'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** The permissions only an active member can hold: their handlers are handed the member record. */
export type MemberPermission = Exclude<Permission, 'anyone' | 'non-member'>;

/** The actor a handler of this permission is given. */
export type ActorFor<P extends Permission> = P extends MemberPermission ? MemberActor : Actor;

export function requiresMember(needs: Permission): needs is MemberPermission {
  return needs !== 'anyone' && needs !== 'non-member';
}

export const PERMISSION_LABEL: Record<Permission, string> = {
  anyone: 'anyone',
  'non-member': 'anyone not yet on the roster',
  member: 'members',
  board: 'board members and coordinators',
  issuer: 'board members, coordinators and alert issuers',
  coordinator: 'coordinators',
};

export interface Refusal {
  reason: string;
  remedy: string;
}

export function allows(actor: Actor, needs: Permission): boolean {
  return refusalFor(actor, needs, { command: '', prefix: '' }) === undefined;
}

/** The actor with their member record, when they hold `needs` (for a handler that checks a second permission). */
export function admit(actor: Actor, needs: MemberPermission): MemberActor | undefined {
  const { member } = actor;
  return member && allows(actor, needs) ? { identity: actor.identity, member } : undefined;
}

/** Undefined when the actor may go ahead; otherwise why not and what to do about it. */
export function refusalFor(
  actor: Actor,
  needs: Permission,
  where: { command: string; prefix: string; joinAvailable?: boolean },
): Refusal | undefined {
  if (needs === 'anyone') return undefined;
  const standing = standingOf(actor);
  const what = where.command ? `\`${where.command}\` is for ${PERMISSION_LABEL[needs]}` : `This is for ${PERMISSION_LABEL[needs]}`;
  const member = actor.member;

  if (needs === 'non-member') {
    if (standing === 'stranger') return undefined;
    return {
      reason: `${what}, and you are already on the roster (${standing}).`,
      remedy: `Send \`${where.prefix}help\` to see what you can do.`,
    };
  }

  switch (standing) {
    case 'stranger':
      return {
        reason: `${what}, and you are not on the partnership's roster.`,
        remedy: where.joinAvailable
          ? `Send \`${where.prefix}join\` to ask to join; a coordinator will review it.`
          : 'Ask a coordinator to nominate you; once a board member or coordinator vets you, you can use it.',
      };
    case 'nominated':
      return {
        reason: `${what}, and your nomination has not been vetted yet.`,
        remedy: 'A board member or coordinator must vet you first; a coordinator can tell you where it stands.',
      };
    case 'suspended':
      return {
        reason: `${what}, and your membership is suspended${member?.statusReason ? ` (${member.statusReason})` : ''}.`,
        remedy: 'A coordinator can restore it, for example by vetting you again.',
      };
    case 'departed':
      return {
        reason: `${what}, and you are recorded as having left the partnership.`,
        remedy: 'If that is wrong, ask a coordinator to nominate you again.',
      };
    case 'active':
      break;
  }
  if (!member) return { reason: `${what}.`, remedy: 'Ask a coordinator.' };
  const isBoard = member.tier === 'board';
  const ok =
    needs === 'member' ||
    member.isCoordinator ||
    (needs === 'board' && isBoard) ||
    (needs === 'issuer' && (isBoard || member.isIssuer));
  if (ok) return undefined;
  return {
    reason: `${what}; you are ${member.isIssuer ? 'an alert issuer' : isBoard ? 'a board member' : 'a member'}.`,
    remedy:
      needs === 'issuer'
        ? 'A coordinator can make you an alert issuer (`member @you issuer on`).'
        : needs === 'board'
          ? 'Ask a board member or coordinator to do it, or a coordinator to move you to the board.'
          : 'Ask a coordinator to do it, or to give you the coordinator role.',
  };
}
