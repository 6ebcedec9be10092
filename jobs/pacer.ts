// Per-conversation pacing shared by every worker process through Redis: a send reserves the earliest
// slot that keeps every window under its limit, and goes when what was actually sent leaves room; a
// 429's Retry-After holds the conversation back for every process. The current time is an input, so
// tests can drive it.
// @see https://api.slack.com/apis/rate-limits (about one message per second per channel)
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit (per bot per conversation)
import type { Redis } from 'ioredis';
import type { Platform } from '../src/core/identity.js';

export interface PaceRule {
  limit: number;
  windowMs: number;
}

/**
 * Added to every window. Sends are counted from when their answer came (see `sentAt`), which is after
 * the platform saw them, so the margin only covers clock granularity and the moment between admission
 * and the answer of a send still in flight.
 */
export const PACE_MARGIN_MS = 20;

const rule = (limit: number, windowMs: number): PaceRule => ({ limit, windowMs: windowMs + PACE_MARGIN_MS });

/** The platforms' documented limits per conversation, exactly, plus the margin. */
export const PACE_RULES: Record<Platform, PaceRule[]> = {
  // One message a second per channel. Slack tolerates short bursts but guarantees none, so none are spent.
  slack: [rule(1, 1000)],
  // Per bot per conversation: 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour.
  teams: [rule(7, 1000), rule(8, 2000), rule(60, 30_000), rule(1800, 3_600_000)],
  console: [],
};

// One script paces a whole chunk of sends, in two steps per send:
// - plan: reserve the earliest slot that keeps every window of the conversation's reservations under
//   its limit (slots only move forward, so a conversation's posts keep their order);
// - admit, when that slot is now: check the same windows against what was actually sent. A post sent
//   late pushes the next one back by as much, instead of landing under a second after it.
// KEYS, per send: the reservations (sorted set) of its conversation; the script names the other two from
// it, the sends (sorted set) and "blocked until" (a 429's Retry-After). Every byte of a call crosses the
// socket and costs the sender's thread (loopback writes run the receiver's TCP path too): one key per
// send instead of three is a third of the payload. Keys derived in a script are fine on one Redis
// server, which is what the engine runs on (no cluster). ARGV: now, a member prefix, how early counts
// as now, the key prefix, the number of rule sets, each rule set as its count then limit/window pairs,
// then per send its rule set and mode (1: reserve then admit if due; 2: its reserved slot is due, admit
// only). Returns per send: admitted (1/0), when it may go (now if admitted), the slot reserved. A
// conversation named twice gets two slots, one after the other.
const PACE = `
local now = tonumber(ARGV[1])
local prefix = ARGV[2]
local early = tonumber(ARGV[3])
local keyPrefix = ARGV[4]
local planPart = #keyPrefix + #'pace:' + 1
local sets = {}
local at = 6
for s = 1, tonumber(ARGV[5]) do
  local n = tonumber(ARGV[at]); at = at + 1
  local rules = {}
  local maxWindow = 0
  for r = 1, n do
    local limit = tonumber(ARGV[at]); local window = tonumber(ARGV[at + 1]); at = at + 2
    table.insert(rules, {limit, window})
    if window > maxWindow then maxWindow = window end
  end
  sets[s] = {rules, maxWindow}
end
local function fit(zset, rules, t)
  local moved = true
  while moved do
    moved = false
    for _, rule in ipairs(rules) do
      local w = redis.call('ZRANGEBYSCORE', zset, '(' .. (t - rule[2]), t, 'WITHSCORES')
      local n = #w / 2
      if n >= rule[1] then
        t = tonumber(w[2 * (n - rule[1] + 1)]) + rule[2]
        moved = true
      end
    end
  end
  return t
end
local out = {}
for i = 1, #KEYS do
  local plan = KEYS[i]
  local conversation = string.sub(plan, planPart)
  local sent = keyPrefix .. 'paced:' .. conversation
  local set = sets[tonumber(ARGV[at + 2 * (i - 1)])]
  local mode = tonumber(ARGV[at + 2 * (i - 1) + 1])
  local rules = set[1]; local maxWindow = set[2]
  local member = prefix .. '-' .. i
  local floor = now
  local blocked = tonumber(redis.call('GET', keyPrefix .. 'pace-block:' .. conversation) or '0')
  if blocked > floor then floor = blocked end
  local slot = floor
  if mode == 1 then
    -- A conversation nobody sent to lately (every one in a fan-out) has no set: nothing to trim or fit.
    local last = redis.call('ZRANGE', plan, -1, -1, 'WITHSCORES')
    if last[2] then
      redis.call('ZREMRANGEBYSCORE', plan, '-inf', '(' .. (now - maxWindow))
      if tonumber(last[2]) > slot then slot = tonumber(last[2]) end
      slot = fit(plan, rules, slot)
    end
    redis.call('ZADD', plan, slot, member)
    redis.call('PEXPIRE', plan, (slot - now) + maxWindow + 1000)
  end
  local go = 0
  local when = slot
  if slot <= now + early then
    when = floor
    if redis.call('EXISTS', sent) == 1 then
      redis.call('ZREMRANGEBYSCORE', sent, '-inf', '(' .. (now - maxWindow))
      when = fit(sent, rules, floor)
    end
    if when <= now + early then
      redis.call('ZADD', sent, now, member)
      redis.call('PEXPIRE', sent, maxWindow + 1000)
      go = 1
      when = now
    end
  end
  table.insert(out, go)
  table.insert(out, when)
  table.insert(out, slot)
end
return out
`;

const BLOCK = `
local blockedUntil = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if blockedUntil > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(1, blockedUntil - tonumber(ARGV[2])))
end
return blockedUntil
`;

// Moves admitted sends to when their answers came (see Pacer.sentAt). KEYS: each send's sends set;
// ARGV: per send, its member then the time. One script call for a chunk: a pipeline of ZADDs cost the
// client a command object per send, more than the call itself.
const SENT_AT = `
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], 'XX', 'GT', ARGV[2 * i], ARGV[2 * i - 1])
end
return #KEYS
`;

let counter = 0;

type Scripted = Redis & {
  pppPace(numberOfKeys: number, ...args: string[]): Promise<(number | string)[]>;
  pppBlock(k1: string, ...args: string[]): Promise<number>;
  pppSentAt(numberOfKeys: number, ...args: string[]): Promise<number>;
};

export interface PaceRequest {
  conversation: string;
  rules: PaceRule[];
  /** The send holds a reserved slot that is due now: only its admission is asked. */
  reserved?: boolean;
}

export interface PaceAnswer {
  /** It may go now (and counts as sent for the windows). */
  go: boolean;
  /** When it may go: now if `go`, else the slot it holds (reserved, or the earliest the sends allow). */
  at: number;
  /** The slot reserved in the plan (for a send that asked for one). */
  slot: number;
  /** The send's entry among the conversation's sends, moved to when its answer came with `sentAt`. */
  member: string;
}

/** A slot this close counts as now. */
export const EARLY_MS = 5;

export class Pacer {
  private readonly redis: Scripted;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // Defined commands run by EVALSHA: the script is sent once, not with every send.
    if (!('pppPace' in redis)) {
      // The number of keys varies with the chunk: given with each call.
      redis.defineCommand('pppPace', { lua: PACE });
      redis.defineCommand('pppBlock', { numberOfKeys: 1, lua: BLOCK });
      redis.defineCommand('pppSentAt', { lua: SENT_AT });
    }
    this.redis = redis as Scripted;
  }

  private planKey(conversation: string): string {
    return `${this.prefix}:pace:${conversation}`;
  }

  private sentKey(conversation: string): string {
    return `${this.prefix}:paced:${conversation}`;
  }

  private blockKey(conversation: string): string {
    return `${this.prefix}:pace-block:${conversation}`;
  }

  /** Reserves the next slot for one send to `conversation`; returns the slot (epoch ms). */
  async reserve(conversation: string, rules: PaceRule[], now: number): Promise<number> {
    return (await this.pace([{ conversation, rules }], now))[0]!.slot;
  }

  /**
   * Paces a chunk of sends in one round trip, in the order given: each gets a slot (unless it holds
   * one already) and, when that slot is now, is admitted if what was actually sent leaves room.
   * Sends without rules (the console) go now.
   */
  async pace(requests: readonly PaceRequest[], now: number): Promise<PaceAnswer[]> {
    const answers: PaceAnswer[] = requests.map(() => ({ go: true, at: now, slot: now, member: '' }));
    const paced = requests.map((r, i) => ({ ...r, i })).filter((r) => r.rules.length > 0);
    if (paced.length === 0) return answers;
    const sets: PaceRule[][] = [];
    const setOf = (rules: PaceRule[]) => {
      const found = sets.indexOf(rules);
      if (found >= 0) return found + 1;
      sets.push(rules);
      return sets.length;
    };
    const keys: string[] = [];
    const perSend: string[] = [];
    for (const r of paced) {
      keys.push(this.planKey(r.conversation));
      perSend.push(String(setOf(r.rules)), r.reserved ? '2' : '1');
    }
    const member = `${now}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const ruleArgs = sets.flatMap((rules) => [String(rules.length), ...rules.flatMap((r) => [String(r.limit), String(r.windowMs)])]);
    const out = await this.redis.pppPace(keys.length, ...keys, String(now), member, String(EARLY_MS), `${this.prefix}:`, String(sets.length), ...ruleArgs, ...perSend);
    paced.forEach((r, n) => {
      answers[r.i] = { go: Number(out[3 * n]) === 1, at: Number(out[3 * n + 1]), slot: Number(out[3 * n + 2]), member: `${member}-${n + 1}` };
    });
    return answers;
  }

  /**
   * Moves admitted sends to when their answers came. The platform saw each post somewhere between the
   * request and the answer; counting from the answer, the next post cannot land under a window after
   * it however long this one took to get there. One round trip for a chunk.
   */
  async sentAt(sends: readonly { conversation: string; member: string; at: number }[]): Promise<void> {
    const real = sends.filter((s) => s.member);
    if (real.length === 0) return;
    const args: string[] = new Array(real.length * 3);
    real.forEach((s, i) => {
      args[i] = this.sentKey(s.conversation);
      args[real.length + 2 * i] = s.member;
      args[real.length + 2 * i + 1] = String(s.at);
    });
    await this.redis.pppSentAt(real.length, ...args);
  }

  /** After a 429: nothing more goes to this conversation before `until`. */
  async block(conversation: string, until: number, now: number): Promise<void> {
    await this.redis.pppBlock(this.blockKey(conversation), String(until), String(now));
  }
}
