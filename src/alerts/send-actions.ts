// The preview's buttons and the approval request's: Send (or ask for approval under the two-person
// rule), Cancel, break glass with a reason, Approve and send, Decline. Each acts once, whoever clicks twice.
import type { MemberActor } from '../auth/actor.js';
import { message, type Form } from '../cards/card.js';
import type { ActionContext, FormContext, FormResult } from '../commands/context.js';
import type { Registry } from '../commands/registry.js';
import { formatIdentity } from '../core/identity.js';
import { sanitizeLine } from '../core/sanitize.js';
import { dmItem, sendBatch } from '../delivery/outbox.js';
import { redraw } from '../delivery/redraw.js';
import { dmTargetOf } from '../members/reach.js';
import { mayManage } from './access.js';
import { alertName, needsApproval, type AlertRow } from './model.js';
import { ALERT_APPROVE, ALERT_DECLINE, declinedCard } from './notice-cards.js';
import { ALERT_BREAK_GLASS, ALERT_CANCEL, ALERT_SEND } from './preview-card.js';
import { drawStatus } from './renderers.js';
import { cancelAlert, declineAlert, getAlert, type ActedBy } from './store.js';
import { TLP, type TlpLabel } from './tlp.js';
import { dispatchAlert, previewRedraw, requestApprovalOf, sentMessage } from './use-cases/dispatch.js';
import { viewOf } from './view.js';

export const BREAK_GLASS_FORM = 'alert.break-glass';
const MAX_REASON = 300;

type OnAction = ActionContext<MemberActor>;

const by = (ctx: { actor: MemberActor }): ActedBy => ({ memberId: ctx.actor.member.id, identity: formatIdentity(ctx.actor.identity) });

function alertOf(ctx: OnAction): AlertRow | undefined {
  const id = Number(ctx.action.value);
  return Number.isInteger(id) && id > 0 ? getAlert(ctx.services.db, id) : undefined;
}

const gone = () => message('That alert no longer exists. Compose it again with `alert`.');

function already(alert: AlertRow): string {
  const state: Record<string, string> = { sent: 'already sent', resolved: 'already sent and resolved', cancelled: 'cancelled', declined: 'declined', 'awaiting-approval': 'waiting for approval' };
  return `${alertName(alert)} was ${state[alert.status] ?? alert.status}; nothing more was sent.`;
}

/** Shows the sender's card as it now stands (their preview, redrawn in place). */
async function showStatus(ctx: OnAction, alert: AlertRow): Promise<void> {
  const fresh = getAlert(ctx.services.db, alert.id) ?? alert;
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(drawStatus(ctx.services, viewOf(ctx.services.db, fresh)));
}

async function send(ctx: OnAction): Promise<void> {
  const alert = alertOf(ctx);
  if (!alert) return ctx.respond.replyPrivately(gone());
  if (alert.composerId !== ctx.actor.member.id) return ctx.respond.replyPrivately(message(`Only the sender of ${alertName(alert)} can send it.`, 'refusal'));
  if (alert.status !== 'draft') return ctx.respond.replyPrivately(message(already(alert)));
  if (needsApproval(ctx.services.config, alert.severity)) {
    const asked = await requestApprovalOf(ctx.services, alert, by(ctx));
    if (!asked.ok) {
      const why = asked.reason === 'already' ? already(getAlert(ctx.services.db, alert.id) ?? alert) : `Nobody can approve ${alertName(alert)}: no other board member or coordinator can be reached by direct message.${ctx.actor.member.isCoordinator ? ' As a coordinator you may break glass and send it now, giving a reason.' : ' Ask a coordinator.'}`;
      return ctx.respond.replyPrivately(message(why, 'refusal'));
    }
    await showStatus(ctx, alert);
    return;
  }
  const sent = await dispatchAlert(ctx.services, alert.id, { kind: 'send' }, by(ctx));
  if (!sent.ok) return ctx.respond.replyPrivately(message(already(getAlert(ctx.services.db, alert.id) ?? alert)));
  await showStatus(ctx, sent.alert);
}

async function cancel(ctx: OnAction): Promise<void> {
  const alert = alertOf(ctx);
  if (!alert) return ctx.respond.replyPrivately(gone());
  if (alert.composerId !== ctx.actor.member.id && !(ctx.actor.member.isCoordinator && mayManage(ctx.actor.member, alert))) {
    return ctx.respond.replyPrivately(message(`Only the sender of ${alertName(alert)} or a coordinator can cancel it.`, 'refusal'));
  }
  const cancelled = cancelAlert(ctx.services.db, alert.id, by(ctx), ctx.services.clock());
  if (!cancelled) return ctx.respond.replyPrivately(message(already(getAlert(ctx.services.db, alert.id) ?? alert)));
  await redraw(ctx.services, ctx.services.db.transaction((tx) => previewRedraw(tx, cancelled, ctx.services.clock())));
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(message(`${alertName(alert)} cancelled; nothing was sent.`));
}

function breakGlassForm(alert: AlertRow): Form {
  return {
    id: BREAK_GLASS_FORM,
    title: 'Break glass: send now',
    submitLabel: 'Send now',
    intro: `${alertName(alert)} goes out without a second approval. Your reason is recorded in the audit log and shown on every copy.`,
    inputs: [{ id: 'reason', label: 'Why it cannot wait', kind: 'text', required: true, maxLength: MAX_REASON, placeholder: 'Shots fired; no board member answering' }],
    state: String(alert.id),
  };
}

async function openBreakGlass(ctx: OnAction): Promise<void> {
  const alert = alertOf(ctx);
  if (!alert) return ctx.respond.replyPrivately(gone());
  if (!mayManage(ctx.actor.member, alert)) return ctx.respond.replyPrivately(message(`You cannot send ${alertName(alert)}.`, 'refusal'));
  if (alert.status !== 'draft' && alert.status !== 'awaiting-approval') return ctx.respond.replyPrivately(message(already(alert)));
  await ctx.respond.openForm(breakGlassForm(alert));
}

async function breakGlass(ctx: FormContext<MemberActor>): Promise<FormResult> {
  const id = Number(ctx.state);
  const alert = Number.isInteger(id) ? getAlert(ctx.services.db, id) : undefined;
  if (!alert) return void (await ctx.respond.replyPrivately(gone()));
  if (!mayManage(ctx.actor.member, alert)) return void (await ctx.respond.replyPrivately(message(`You cannot send ${alertName(alert)}.`, 'refusal')));
  const raw = ctx.values.reason;
  const reason = sanitizeLine(typeof raw === 'string' ? raw : '');
  if (!reason) return { reason: 'Give the reason: it is recorded and shown on every copy.' };
  if (reason.length > MAX_REASON) return { reason: `Keep it under ${MAX_REASON} characters.` };
  const sent = await dispatchAlert(ctx.services, alert.id, { kind: 'break-glass', reason }, by(ctx));
  if (!sent.ok) return void (await ctx.respond.replyPrivately(message(already(getAlert(ctx.services.db, alert.id) ?? alert))));
  await ctx.respond.replyPrivately(sentMessage(sent, 'You broke glass: your reason is in the audit log and on every copy.'));
  return undefined;
}

async function approve(ctx: OnAction): Promise<void> {
  const alert = alertOf(ctx);
  if (!alert) return ctx.respond.replyPrivately(gone());
  const member = ctx.actor.member;
  if (alert.composerId === member.id) return ctx.respond.replyPrivately(message('A second person must approve it: you sent it. Another board member or coordinator can.', 'refusal'));
  if (TLP[alert.tlp as TlpLabel].namedOnly && !alert.namedMemberIds.includes(member.id)) {
    return ctx.respond.replyPrivately(message(`${alertName(alert)} is TLP:RED and does not name you, so you cannot approve it.`, 'refusal'));
  }
  if (alert.status !== 'awaiting-approval') return ctx.respond.replyPrivately(message(already(alert)));
  const sent = await dispatchAlert(ctx.services, alert.id, { kind: 'approve' }, by(ctx));
  if (!sent.ok) return ctx.respond.replyPrivately(message(already(getAlert(ctx.services.db, alert.id) ?? alert)));
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(sentMessage(sent, 'You approved it; the audit log records it.'));
}

async function decline(ctx: OnAction): Promise<void> {
  const alert = alertOf(ctx);
  if (!alert) return ctx.respond.replyPrivately(gone());
  if (alert.composerId === ctx.actor.member.id) return ctx.respond.replyPrivately(message('Cancel it from your preview instead.', 'refusal'));
  if (TLP[alert.tlp as TlpLabel].namedOnly && !alert.namedMemberIds.includes(ctx.actor.member.id)) return ctx.respond.replyPrivately(message(`${alertName(alert)} does not name you.`, 'refusal'));
  const { services } = ctx;
  const declined = declineAlert(services.db, alert.id, by(ctx), services.clock());
  if (!declined) return ctx.respond.replyPrivately(message(already(getAlert(services.db, alert.id) ?? alert)));
  await redraw(services, services.db.transaction((tx) => previewRedraw(tx, declined, services.clock())));
  const target = dmTargetOf(services, declined.composerId);
  if (target) await sendBatch(services, `alert-${alert.id}-declined`, [dmItem(target, declinedCard(viewOf(services.db, declined), ctx.actor.member.name))]);
  await (ctx.respond.replace ?? ctx.respond.replyPrivately)(message(`You declined ${alertName(alert)}; its sender has been told. Nothing was sent.`));
}

export function registerSendActions(registry: Registry): void {
  registry.action({ actionId: ALERT_SEND, permission: 'issuer', handler: send });
  registry.action({ actionId: ALERT_CANCEL, permission: 'issuer', handler: cancel });
  registry.action({ actionId: ALERT_BREAK_GLASS, permission: 'coordinator', handler: openBreakGlass });
  registry.form({ formId: BREAK_GLASS_FORM, permission: 'coordinator', handler: breakGlass });
  registry.action({ actionId: ALERT_APPROVE, permission: 'board', handler: approve });
  registry.action({ actionId: ALERT_DECLINE, permission: 'board', handler: decline });
}
