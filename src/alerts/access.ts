// Who may see an alert's ledger and act on it, and which alert a command means. The sender always may;
// for any label but RED every board member and coordinator may too; a RED alert only those it named.
import type { MemberActor } from '../auth/actor.js';
import { message, type Card } from '../cards/card.js';
import type { Caller } from '../commands/context.js';
import type { MemberRow } from '../members/model.js';
import { alertName, type AlertRow } from './model.js';
import { getAlert, recentAlerts } from './store.js';
import { TLP, tlpName, type TlpLabel } from './tlp.js';

const isBoard = (m: MemberRow) => m.tier === 'board' || m.isCoordinator;

/** May see the alert's title and ledger, update it and resolve it. */
export function mayManage(member: MemberRow, alert: AlertRow): boolean {
  if (alert.composerId === member.id) return true;
  if (!isBoard(member)) return false;
  return !TLP[alert.tlp as TlpLabel].namedOnly || alert.namedMemberIds.includes(member.id);
}

/** May read its title in a list: anyone who may manage it, and a RED alert's named recipients. */
export function mayRead(member: MemberRow, alert: AlertRow): boolean {
  return mayManage(member, alert) || (TLP[alert.tlp as TlpLabel].namedOnly ? alert.namedMemberIds.includes(member.id) : isBoard(member));
}

export type Picked = { ok: true; alert: AlertRow } | { ok: false; card: Card };

/**
 * The alert a command names by id, or without one the latest open alert the caller may act on. Every
 * refusal says why and what to type instead.
 */
export function pickAlert(ctx: Caller<MemberActor>, id: number | undefined, verb: string): Picked {
  const { services, turn, actor } = ctx;
  if (id !== undefined) {
    const alert = getAlert(services.db, id);
    if (!alert || (alert.status === 'draft' && alert.composerId !== actor.member.id)) {
      return { ok: false, card: message(`There is no alert #${id}. \`${turn.prefix}alert list\` shows the alerts you may see.`) };
    }
    if (!mayManage(actor.member, alert)) {
      const why = TLP[alert.tlp as TlpLabel].namedOnly
        ? `it is ${tlpName('RED')}: only its sender and the board members or coordinators it names may`
        : 'only its sender, board members and coordinators may';
      return { ok: false, card: message(`You cannot ${verb} ${alertName(alert)}: ${why}. Ask its sender or a coordinator.`, 'refusal') };
    }
    return { ok: true, alert };
  }
  const open = recentAlerts(services.db, 200, ['sent']).find((a) => mayManage(actor.member, a));
  if (!open) {
    return { ok: false, card: message(`There is no open alert you may ${verb}. \`${turn.prefix}alert list\` shows recent alerts; name one by its number: \`${turn.prefix}alert ${verb === 'see the status of' ? 'status' : verb} 12\`.`) };
  }
  return { ok: true, alert: open };
}

/** Reads `12`, `#12` at the start of a line: the alert it names, and the rest of the line. */
export function leadingId(line: string): { id?: number; rest: string } {
  const match = /^#?(\d{1,9})(?:\s+|$)([\s\S]*)$/.exec(line.trim());
  return match ? { id: Number(match[1]), rest: match[2]!.trim() } : { rest: line.trim() };
}
