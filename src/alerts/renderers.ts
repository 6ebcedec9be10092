// Drawing an alert's posted cards again from SQLite, for the refresh jobs: a channel copy (its status
// line, its latest update, ALL CLEAR) and the sender's preview become its live status.
import type { Db } from '../../db/client.js';
import type { Card } from '../cards/card.js';
import type { Registry } from '../commands/registry.js';
import type { Services } from '../services.js';
import { copyCard } from './cards.js';
import { targetNames } from './ledger.js';
import { copiesOf } from './copies.js';
import { batchOf } from './model.js';
import { statusCard, type DeliverySummary } from './preview-card.js';
import { findMemberById } from '../members/store.js';
import { loadView, type AlertView } from './view.js';

/** A channel copy's refresh subject is the alert id; the status card's is the alert's batch, so every settled copy redraws it. */
export const COPY_RENDERER = 'alert-copy';
export const STATUS_RENDERER = 'alert-status';
export const copySubject = (id: number) => String(id);

/** Where each copy went, named as people know the conversations and members. */
export function deliverySummary(db: Db, alertId: number): DeliverySummary {
  const copies = copiesOf(db, batchOf(alertId));
  return { posts: copies.filter((c) => c.kind === 'post'), dms: copies.filter((c) => c.kind === 'dm'), names: targetNames(db, alertId) };
}

/** Whether the sender may send it without a second approval: a coordinator may break glass. */
export function composerMayBreakGlass(db: Db, view: AlertView): boolean {
  return findMemberById(db, view.alert.composerId)?.isCoordinator === true;
}

export function drawStatus(services: Services, view: AlertView): Card {
  const sent = view.alert.status === 'sent' || view.alert.status === 'resolved';
  return statusCard(view, sent ? deliverySummary(services.db, view.alert.id) : undefined, {
    partnership: services.config.name,
    zone: services.config.timezone,
    canBreakGlass: composerMayBreakGlass(services.db, view),
  });
}

function renderCopy(services: Services, subject: string): Card | undefined {
  const view = /^\d+$/.test(subject) ? loadView(services.db, Number(subject)) : undefined;
  return view ? copyCard(view, { partnership: services.config.name, zone: services.config.timezone, where: 'channel' }) : undefined;
}

function renderStatus(services: Services, subject: string): Card | undefined {
  const match = /^alert-(\d+)$/.exec(subject);
  const view = match ? loadView(services.db, Number(match[1])) : undefined;
  return view ? drawStatus(services, view) : undefined;
}

export function registerAlertRenderers(registry: Registry): void {
  registry.renderer(COPY_RENDERER, renderCopy);
  registry.renderer(STATUS_RENDERER, renderStatus);
}
