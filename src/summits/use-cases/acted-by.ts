// Who acted, as the store's audit rows name them.
import type { MemberActor } from '../../auth/actor.js';
import { formatIdentity } from '../../core/identity.js';
import type { ActedBy } from '../store.js';

export const actedBy = (actor: MemberActor): ActedBy => ({ memberId: actor.member.id, identity: formatIdentity(actor.identity) });
