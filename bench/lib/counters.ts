// Counts what a delivery costs besides the send: Redis commands each client sends (by command, and by
// script for EVALSHA) and SQLite statements run (by SQL text), for the profile in bench/profile-fanout.ts.
// Patches prototypes in this process only: a profiling run, never the timed one.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { createRequire } from 'node:module';

const Pipeline = (createRequire(import.meta.url)('ioredis/built/Pipeline.js') as { default: { prototype: object } }).default;

export interface Counts {
  redis: Map<string, number>;
  sqlite: Map<string, number>;
  transactions: number;
  prepares: number;
  /** Commands sent alone plus pipelines (a pipeline is one round trip). */
  roundTrips: number;
}

const counts: Counts = { redis: new Map(), sqlite: new Map(), transactions: 0, prepares: 0, roundTrips: 0 };
const scripts = new Map<string, string>();
let installed = false;

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export function installCounters(): Counts {
  if (installed) return counts;
  installed = true;
  const proto = Redis.prototype as unknown as {
    sendCommand(cmd: { name: string; args: unknown[] }, stream?: unknown): unknown;
    defineCommand(name: string, def: { lua: string; numberOfKeys?: number }): void;
  };
  const define = proto.defineCommand;
  proto.defineCommand = function (name, def) {
    scripts.set(createHash('sha1').update(def.lua).digest('hex'), name);
    return define.call(this, name, def);
  };
  const send = proto.sendCommand;
  proto.sendCommand = function (cmd, stream) {
    let key = cmd.name;
    if (key === 'evalsha' || key === 'eval') key = `${key} ${scripts.get(String(cmd.args[0])) ?? (key === 'eval' ? 'inline' : String(cmd.args[0]).slice(0, 8))}`;
    // A pipeline hands its stream along: its commands share one round trip, counted once below.
    bump(counts.redis, stream ? `  in a pipeline: ${key}` : key);
    if (!stream) counts.roundTrips++;
    return send.call(this, cmd, stream);
  };
  const pipeline = Pipeline.prototype as unknown as { exec(...a: unknown[]): unknown };
  const exec = pipeline.exec;
  pipeline.exec = function (...a: unknown[]) {
    counts.roundTrips++;
    bump(counts.redis, 'pipeline (one round trip)');
    return exec.apply(this, a);
  };
  const probe = new Database(':memory:');
  const stmtProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...a: unknown[]) => unknown> & { source?: string };
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = stmtProto[method]!;
    stmtProto[method] = function (this: { source: string }, ...args: unknown[]) {
      bump(counts.sqlite, this.source.replace(/\s+/g, ' ').slice(0, 140));
      return original.apply(this, args);
    };
  }
  const dbProto = Database.prototype as unknown as { prepare(...a: unknown[]): unknown; transaction(fn: unknown): unknown };
  const prepare = dbProto.prepare;
  dbProto.prepare = function (...a: unknown[]) {
    counts.prepares++;
    return prepare.apply(this, a);
  };
  const transaction = dbProto.transaction;
  dbProto.transaction = function (fn: unknown) {
    const tx = transaction.call(this, fn) as ((...a: unknown[]) => unknown) & Record<string, (...a: unknown[]) => unknown>;
    const wrap = (f: (...a: unknown[]) => unknown) =>
      function (this: unknown, ...a: unknown[]) {
        counts.transactions++;
        return f.apply(this, a);
      };
    const wrapped = wrap(tx) as typeof tx;
    for (const k of ['deferred', 'immediate', 'exclusive']) wrapped[k] = wrap(tx[k]!);
    return wrapped;
  };
  return counts;
}

export function resetCounts(): void {
  counts.redis.clear();
  counts.sqlite.clear();
  counts.transactions = 0;
  counts.prepares = 0;
  counts.roundTrips = 0;
}

/** Top entries of a count map as rows, per delivery. */
export function perDelivery(m: Map<string, number>, deliveries: number, top = 20): { what: string; total: number; 'per delivery': number }[] {
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([what, total]) => ({ what, total, 'per delivery': Math.round((total / deliveries) * 100) / 100 }));
}

export const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
