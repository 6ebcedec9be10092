// A member's answer to an alert — Acknowledged, Safe, Need help — from any copy, in a channel or a DM,
// on Slack, Teams or the console. It counts once per member whichever linked account clicks, can be
// changed until the ALL CLEAR, and "need help" reaches the sender and the coordinators at once.
import type { MemberActor } from '../auth/actor.js';
import { message } from '../cards/card.js';
import type { ActionContext } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { activeMembers } from '../members/audience.js';
import { findMemberById } from '../members/store.js';
import { activeCoordinatorIds, dmTargetOf } from '../members/reach.js';
import type { Services } from '../services.js';
import { armTimers } from '../timers/arm.js';
import { recordAnswer } from './answers.js';
import { ALERT_ANSWER, parseAnswerValue } from './cards.js';
import { confirmationTurn } from './confirmations.js';
import { alertName, ANSWER_LABEL, type AlertRow } from './model.js';
import { needHelpCard } from './notice-cards.js';
import { getAlert } from './store.js';
import { TLP, type TlpLabel } from './tlp.js';
import { timeOf, viewOf } from './view.js';

function closedReason(services: Services, alertId: number, status: string | undefined): string {
  const alert = getAlert(services.db, alertId);
  if (status === 'resolved' && alert?.resolvedAt) return `${alertName(alert)} was resolved at ${timeOf(alert.resolvedAt, services.config.timezone)} (ALL CLEAR), so answers are closed.`;
  return `${alert ? alertName(alert) : 'That alert'} is ${status ?? 'closed'}, so it takes no answers.`;
}

/** Tells the sender and every coordinator, once per member, with the member's 24/7 line and alternate. */
async function tellNeedHelp(services: Services, alert: AlertRow, memberId: number, at: Date): Promise<void> {
  const person = activeMembers(services, { memberIds: [memberId] })[0] ?? findMemberById(services.db, memberId);
  if (!person) return;
  const alternateMember = person.alternateMemberId ? findMemberById(services.db, person.alternateMemberId) : undefined;
  const alternate = alternateMember
    ? `${alternateMember.name}${alternateMember.contact247 ? `, ${alternateMember.contact247}` : ''}`
    : person.alternateName
      ? `${person.alternateName}${person.alternatePhone ? `, ${person.alternatePhone}` : ''}`
      : undefined;
  const who = { name: person.name, organization: 'organization' in person ? (person.organization as string | null) : null, contact247: person.contact247, ...(alternate ? { alternate } : {}) };
  const view = viewOf(services.db, alert);
  const named = TLP[alert.tlp as TlpLabel].namedOnly;
  const targets = new Map<string, boolean>();
  for (const id of [alert.composerId, ...activeCoordinatorIds(services)]) {
    if (id === memberId) continue;
    const target = dmTargetOf(services, id);
    if (target && !targets.has(target)) targets.set(target, !named || id === alert.composerId || alert.namedMemberIds.includes(id));
  }
  if (targets.size === 0) {
    services.log.warn({ alert: alert.id }, 'a member needs help and nobody can be told by direct message');
    return;
  }
  const zone = services.config.timezone;
  await sendBatch(
    services,
    `alert-${alert.id}-help-m${memberId}`,
    [...targets].map(([target, addressed]) => dmItem(target, needHelpCard(view, who, at, zone, addressed))),
  );
}

async function answer(ctx: ActionContext<MemberActor>): Promise<void> {
  const { services, actor, respond } = ctx;
  const parsed = parseAnswerValue(ctx.action.value);
  if (!parsed) return respond.replyPrivately(message('That button is no longer in use. Use the answer buttons on the alert itself.'));
  const at = services.clock();
  const result = await recordAnswer(services.db, parsed.alertId, actor.member.id, parsed.answer, formatIdentity(actor.identity), at);
  if (!result.ok) {
    if (result.why === 'missing') return respond.replyPrivately(message('That alert no longer exists.'));
    if (result.why === 'closed') return respond.replyPrivately(message(closedReason(services, parsed.alertId, result.status), 'refusal'));
    if (getAlert(services.db, parsed.alertId)?.composerId === actor.member.id) {
      return respond.replyPrivately(message(`You sent alert #${parsed.alertId}, so no answer is asked of you: follow the answers on your status card, or with \`alert status ${parsed.alertId}\`.`));
    }
    return respond.replyPrivately(
      message(`You were not among the members alert #${parsed.alertId} was sent to (it went to the members of that moment), so your answer is not counted. A coordinator can tell you more.`, 'refusal'),
    );
  }
  // The redraw round and the "need help" messages go to the queue; the member's confirmation does not wait for them.
  if (result.round) await armTimers(services, [result.round]);
  if (result.helpNow) {
    const alert = getAlert(services.db, parsed.alertId);
    if (alert) await tellNeedHelp(services, alert, actor.member.id, at);
  }
  const alert = { id: parsed.alertId };
  const changed = result.previous && result.previous !== parsed.answer ? ` (was ${ANSWER_LABEL[result.previous]})` : '';
  const help =
    parsed.answer === 'need-help'
      ? ` The sender and the coordinators have been told; keep your phone at hand${actor.member.contact247 ? `: they will call ${actor.member.contact247}` : ' — and add your 24/7 line with `profile`'}.`
      : '';
  await confirmationTurn(services);
  await respond.replyPrivately(message(`Recorded: ${ANSWER_LABEL[parsed.answer]}${changed} for ${alertName(alert)}. You can change it until the ALL CLEAR.${help}`));
}

export function registerAnswerAction(registry: Registry): void {
  registry.action({ actionId: ALERT_ANSWER, permission: 'member', handler: answer });
}
