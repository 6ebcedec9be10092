// Who acts, as the audit names them, for the actor of a command or a button.
import type { By } from '../core/audit.js';
import { formatIdentity } from '../core/identity.js';
import type { Actor } from './actor.js';

export function byOf(ctx: { actor: Actor }): By {
  return { identity: formatIdentity(ctx.actor.identity), memberId: ctx.actor.member?.id ?? null };
}
