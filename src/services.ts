// What every handler, job and adapter is given — the database, configuration, clock, log, the registry's
// renderers and tasks, and the two ports (Messenger, Outbox) — and the one builder that assembles them.
import type { Db } from '../db/client.js';
import type { Card } from './cards/card.js';
import type { AuditPhrase } from './core/audit.js';
import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import type { Log } from './core/log.js';
import { MessengerHub, type Messenger } from './messenger.js';
import type { Outbox } from './outbox.js';
import type { timers } from '../db/schema.js';

/** Draws a posted message again from SQLite (a tally, a delivery status); undefined: nothing to draw. */
export type Renderer = (services: Services, subject: string) => Card | undefined;

/** Daily housekeeping (vetting lapses, retention): idempotent, run by the maintenance job. */
export interface TaskSpec {
  name: string;
  /** Returns a short summary for the log. */
  run(services: Services): Promise<string | void> | string | void;
}

/** What a timer's handler is given when its time comes (or, after downtime, late by `lateByMs`). */
export interface TimerContext {
  services: Services;
  timer: typeof timers.$inferSelect;
  now: Date;
  lateByMs: number;
}

/**
 * Work due at a time (src/timers/store.ts): a reminder, an escalation, a close. Declared once by its
 * feature; a handler is idempotent, since a crash between its sends and the timer's settling reruns it.
 */
export interface TimerSpec {
  kind: string;
  handler(ctx: TimerContext): Promise<void>;
}

/** What the jobs and features read back from the registry (commands/registry.ts implements it). */
export interface Catalog {
  getRenderer(name: string): Renderer | undefined;
  tasks(): readonly TaskSpec[];
  getTimer(kind: string): TimerSpec | undefined;
  /** Whether a command of that name exists (`join`, to offer it in a refusal). */
  has(command: string): boolean;
  /** Whether some feature handles this button: a feature offers another feature's button only then. */
  hasAction(actionId: string): boolean;
  /** The words for an audited action, as the feature that audits it registered them. */
  auditPhrase(action: string): AuditPhrase | undefined;
}

export interface Services {
  db: Db;
  config: Config;
  clock: Clock;
  log: Log;
  registry: Catalog;
  /** Proactive sending (posts, edits, DMs, files) on every platform this process serves. */
  messenger: Messenger;
  /** The delivery engine: every proactive message and every redraw goes through it. */
  outbox: Outbox;
}

export interface ServiceParts<R extends Catalog> {
  db: Db;
  config: Config;
  clock: Clock;
  log: Log;
  registry: R;
}

/**
 * Assembles the services with an empty MessengerHub (each adapter adds its platform before it starts)
 * and the delivery engine `outbox` builds from them. The engine exists before any adapter can take a
 * request; its workers and first reconcile pass start when the caller says (after the adapters are in
 * the hub, so a delivery never finds its platform missing).
 */
export function createServices<R extends Catalog, O extends Outbox>(
  parts: ServiceParts<R>,
  outbox: (services: Services) => O,
): Services & { registry: R; messenger: MessengerHub; outbox: O } {
  let engine: O | undefined;
  const services = {
    db: parts.db,
    config: parts.config,
    clock: parts.clock,
    log: parts.log,
    registry: parts.registry,
    messenger: new MessengerHub(),
    // The engine is handed the services it belongs to; only while it is being built is there none.
    get outbox(): O {
      if (!engine) throw new Error('the delivery engine was used while it was being built');
      return engine;
    },
  };
  engine = outbox(services);
  return services;
}
