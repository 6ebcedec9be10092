// Drawing an alert's posted cards again from SQLite, for the refresh jobs: a channel copy (its status
// line, its latest update, ALL CLEAR) and the sender's preview become its live status.
import type { Db } from '../../db/client.js';
import type { Card } from '../cards/card.js';
import type { Registry } from '../commands/registry.js';
import type { Services } from '../services.js';
import { tallyOf } from './answers.js';
import { copyCard } from './cards.js';
import { targetNames } from './ledger.js';
import { copyCounts } from './copies.js';
import { batchOf } from './model.js';
import { statusCard, type DeliverySummary } from './preview-card.js';
import { findMemberById } from '../members/store.js';
import { loadView, type AlertView } from './view.js';

/** A channel copy's refresh subject is the alert id; the status card's `alert-<id>-status` (not the batch: it is redrawn on its own ticks, not once per settled copy). */
export const COPY_RENDERER = 'alert-copy';
export const STATUS_RENDERER = 'alert-status';
export const copySubject = (id: number) => String(id);
export const statusSubject = (id: number) => `alert-${id}-status`;

/** How the copies stand, the few that failed named as people know the conversations and members. */
export function deliverySummary(db: Db, alertId: number): DeliverySummary {
  const batch = batchOf(alertId);
  const posts = copyCounts(db, batch, 'post');
  const dms = copyCounts(db, batch, 'dm');
  const troubled = [...posts.failed, ...posts.unconfirmed, ...dms.failed, ...dms.unconfirmed];
  return { posts, dms, names: troubled.length > 0 ? targetNames(db, alertId) : new Map() };
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

/**
 * Every channel copy of an alert shows the same card, and a redraw round asks for all of them at once:
 * the card is drawn once per state of the alert — its row's last change and its tally — and reused for
 * the others. Still read from SQLite each time, so a copy never shows less than the latest answers.
 */
const drawn = new WeakMap<Db['$client'], Map<string, { stamp: string; card: Card }>>();
const stamps = new WeakMap<Db['$client'], import('better-sqlite3').Statement<[number, number], { status: string; updated_at: number; last_update: number | null }>>();

function stampOf(db: Db, id: number): string | undefined {
  let statement = stamps.get(db.$client);
  if (!statement) {
    statement = db.$client.prepare('SELECT status, updated_at, (SELECT max(id) FROM alert_updates WHERE alert_id = ?) AS last_update FROM alerts WHERE id = ?');
    stamps.set(db.$client, statement);
  }
  const row = statement.get(id, id);
  if (!row) return undefined;
  const t = tallyOf(db, id);
  return `${row.status}|${row.updated_at}|${row.last_update ?? 0}|${t.total}|${t.answered}|${t.safe}|${t.needHelp}`;
}

function renderCopy(services: Services, subject: string): Card | undefined {
  if (!/^\d+$/.test(subject)) return undefined;
  const { db } = services;
  const stamp = stampOf(db, Number(subject));
  if (!stamp) return undefined;
  let cache = drawn.get(db.$client);
  if (!cache) drawn.set(db.$client, (cache = new Map()));
  const hit = cache.get(subject);
  if (hit?.stamp === stamp) return hit.card;
  const view = loadView(db, Number(subject));
  if (!view) return undefined;
  const card = copyCard(view, { partnership: services.config.name, zone: services.config.timezone, where: 'channel' });
  cache.set(subject, { stamp, card });
  return card;
}

function renderStatus(services: Services, subject: string): Card | undefined {
  const match = /^alert-(\d+)-status$/.exec(subject);
  const view = match ? loadView(services.db, Number(match[1])) : undefined;
  return view ? drawStatus(services, view) : undefined;
}

export function registerAlertRenderers(registry: Registry): void {
  registry.renderer(COPY_RENDERER, renderCopy);
  registry.renderer(STATUS_RENDERER, renderStatus);
}
