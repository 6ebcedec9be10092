// The Vet and Decline buttons on a join request or nomination, and what both paths (button or `vet`
// command) tell the people concerned by DM afterwards.
import { byOf } from '../../auth/by.js';
import { message } from '../../cards/card.js';
import type { MemberActor } from '../../auth/actor.js';
import type { ActionContext } from '../../commands/context.js';
import type { Services } from '../../services.js';
import type { Registry } from '../../commands/registry.js';
import { formatIdentity, type Identity } from '../../core/identity.js';
import { dmItem, sendBatch } from '../../delivery/outbox.js';
import type { MemberRow } from '../../members/model.js';
import { dmPrefix, dmTargetOf, tellMember } from '../../members/reach.js';
import { findMemberById } from '../../members/store.js';
import { declinedCard, ROSTER_DECLINE, ROSTER_VET, vettedCard } from './cards.js';
import { decline, vet } from '../../members/changes.js';

/** Tells a newly vetted (or renewed) member, and on a first vetting whoever nominated them. */
export async function tellVetted(services: Services, member: MemberRow, previous: MemberRow, vetterId: number | null): Promise<boolean> {
  const renewed = previous.status === 'active';
  const at = member.vettedAt?.getTime() ?? services.clock().getTime();
  const card = vettedCard(services.config.name, member, renewed, services.config.timezone, dmPrefix(dmTargetOf(services, member.id)));
  const reached = await tellMember(services, `vetted-${member.id}-${at}`, member.id, card);
  if (!renewed && previous.status === 'nominated' && member.nominatedBy && member.nominatedBy !== vetterId && member.nominatedBy !== member.id) {
    await tellMember(services, `vetted-${member.id}-${at}-nominator`, member.nominatedBy, message(`${member.name}, whom you nominated, is now a vetted member of ${services.config.name}.`));
  }
  return reached;
}

/** Tells whoever asked: the requester of a join request (now a stranger again), or the nominator. */
export async function tellDeclined(services: Services, member: MemberRow, identities: Identity[]): Promise<void> {
  const batch = `declined-${member.id}`;
  if (member.nominatedBy && member.nominatedBy !== member.id) {
    const target = dmTargetOf(services, member.nominatedBy);
    await tellMember(services, batch, member.nominatedBy, declinedCard(services.config.name, 'nominator', member.name, dmPrefix(target)));
    return;
  }
  // Their member row is gone, so the identity they asked from is the address.
  const connected = services.messenger.platforms();
  const identity = identities.find((i) => connected.includes(i.platform));
  if (!identity) return;
  const target = formatIdentity(identity);
  await sendBatch(services, batch, [dmItem(target, declinedCard(services.config.name, 'requester', member.name, dmPrefix(target)))]);
}

function nameOf(services: Services, id: number): string {
  return findMemberById(services.db, id)?.name ?? 'whoever nominated them';
}

async function onVet(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, respond } = ctx;
  const id = Number(ctx.action.value);
  const answer = respond.replace ?? respond.replyPrivately;
  if (!Number.isInteger(id)) {
    await respond.replyPrivately(message('That button has expired. Use `vet @name` instead.'));
    return;
  }
  const result = vet(services.db, byOf(ctx), id, services.clock(), { onlyIfNominated: true });
  if (!result.ok) {
    await answer(message(result.problem));
    return;
  }
  const reached = await tellVetted(services, result.member, result.previous, ctx.actor.member.id);
  await answer(message(`${result.member.name} is now a vetted member, by ${ctx.actor.member.name}.${reached ? ' They have been told by direct message.' : ' The bot cannot message them on Slack or Teams, so tell them yourself.'}`));
}

async function onDecline(ctx: ActionContext): Promise<void> {
  const { services, respond } = ctx;
  const id = Number(ctx.action.value);
  const answer = respond.replace ?? respond.replyPrivately;
  if (!Number.isInteger(id)) {
    await respond.replyPrivately(message('That button has expired. Ask a coordinator to look at the nomination.'));
    return;
  }
  const result = decline(services.db, byOf(ctx), id, services.clock());
  if (!result.ok) {
    await answer(message(result.problem));
    return;
  }
  await tellDeclined(services, result.member, result.identities);
  const told = result.member.nominatedBy ? `${nameOf(services, result.member.nominatedBy)}, who nominated them, has been told` : 'they have been told by direct message';
  await answer(message(`Declined: ${result.member.name} is not on the roster, and ${told}. They may be nominated or ask again.`));
}

export function registerVettingActions(registry: Registry): void {
  registry.action({ actionId: ROSTER_VET, permission: 'board', handler: onVet });
  registry.action({ actionId: ROSTER_DECLINE, permission: 'board', handler: onDecline });
}
