// Who and where an alert reaches, resolved from the roster and the vetted conversations at the moment it
// is previewed and again when it is sent: TLP decides the conversations, severity the direct messages.
import { activeMembers, reachOf, type Reach } from '../members/audience.js';
import type { Services } from '../services.js';
import { conversationsFor, conversationsLeftOut, type Conversation } from './conversations.js';
import { goesByDirectMessage } from './model.js';
import { TLP, type TlpLabel } from './tlp.js';

export interface AlertAudience {
  label: TlpLabel;
  conversations: Conversation[];
  /** Vetted conversations this label may not reach (general ones for AMBER). */
  leftOut: number;
  /** Whether members get it by direct message too (urgent, critical, and RED always). */
  direct: boolean;
  /**
   * Every member it is meant for — active members, or for RED only the named ones who are still active —
   * split into those the bot can message and those it cannot reach on any connected platform. Its sender
   * is not among them: they have it already, and follow it on their own status card.
   */
  reach: Reach;
}

export function resolveAudience(services: Services, alert: { severity: string; tlp: string; namedMemberIds: number[]; composerId: number }): AlertAudience {
  const label = alert.tlp as TlpLabel;
  const rule = TLP[label];
  const people = (rule.namedOnly ? (alert.namedMemberIds.length > 0 ? activeMembers(services, { memberIds: alert.namedMemberIds }) : []) : activeMembers(services)).filter(
    (m) => m.id !== alert.composerId,
  );
  return {
    label,
    conversations: conversationsFor(services.db, label),
    leftOut: conversationsLeftOut(services.db, label),
    direct: goesByDirectMessage(alert),
    reach: reachOf(services, people),
  };
}

/** How many members the alert is meant for: the "of 41" of "acknowledged 14 of 41". */
export function audienceSize(audience: AlertAudience): number {
  return audience.reach.reachable.length + audience.reach.unreachable.length;
}
