// Who is acting: the platform identity, and the member record behind it when there is one.
import type { Db } from '../../db/client.js';
import type { Identity } from '../core/identity.js';
import { followProfileName } from '../members/changes.js';
import type { MemberRow } from '../members/model.js';
import { findMemberByIdentity } from '../members/store.js';

export interface Actor {
  identity: Identity;
  member: MemberRow | undefined;
}

/** An actor that a permission for members only let through: the member record is always there. */
export interface MemberActor extends Actor {
  member: MemberRow;
}

export type Standing = 'stranger' | 'nominated' | 'active' | 'suspended' | 'departed';

export function standingOf(actor: Actor): Standing {
  if (!actor.member) return 'stranger';
  return actor.member.status as Standing;
}

/**
 * Looks the actor up and, while the member has not edited their name, keeps it in step with the
 * platform profile (a coordinator from PPP_ADMINS starts with only an identity as a name).
 */
export function resolveActor(db: Db, identity: Identity, displayName: string | undefined, at: Date): Actor {
  const found = findMemberByIdentity(db, identity);
  const name = displayName?.trim().slice(0, 120);
  return { identity, member: found && name ? followProfileName(db, found, name, at) : found };
}
