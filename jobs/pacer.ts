// Per-conversation pacing shared by every worker process through Redis. A send reserves the earliest
// slot that keeps every window under its limit; slots only move forward, so a conversation's posts
// keep their order. The current time is an input, so tests can drive it.
// @see https://api.slack.com/apis/rate-limits (about one message per second per channel)
// @see https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit (per bot per conversation)
import type { Redis } from 'ioredis';
import type { Platform } from '../src/core/identity.js';

export interface PaceRule {
  limit: number;
  windowMs: number;
}

export const PACE_RULES: Record<Platform, PaceRule[]> = {
  // A little over a second: a post that the queue hands to a worker a few milliseconds late must not
  // land under a second after the one before it.
  slack: [{ limit: 1, windowMs: 1100 }],
  teams: [
    { limit: 7, windowMs: 1000 },
    { limit: 8, windowMs: 2000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ],
  console: [],
};

// KEYS[1]: sorted set of reserved slot times; KEYS[2]: "blocked until" (a 429's Retry-After).
// ARGV: now, member id, then limit/window pairs. Returns the reserved slot time.
const RESERVE = `
local now = tonumber(ARGV[1])
local member = ARGV[2]
local t = now
local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
if blocked > t then t = blocked end
local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if last[2] and tonumber(last[2]) > t then t = tonumber(last[2]) end
local maxWindow = 0
local rules = {}
for i = 3, #ARGV, 2 do
  local limit = tonumber(ARGV[i]); local window = tonumber(ARGV[i + 1])
  table.insert(rules, {limit, window})
  if window > maxWindow then maxWindow = window end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - maxWindow))
local moved = true
while moved do
  moved = false
  for _, rule in ipairs(rules) do
    local inWindow = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (t - rule[2]), t)
    if #inWindow >= rule[1] then
      local oldest = tonumber(redis.call('ZSCORE', KEYS[1], inWindow[#inWindow - rule[1] + 1]))
      t = oldest + rule[2]
      moved = true
    end
  end
end
redis.call('ZADD', KEYS[1], t, member)
redis.call('PEXPIRE', KEYS[1], (t - now) + maxWindow + 1000)
return t
`;

const BLOCK = `
local blockedUntil = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if blockedUntil > current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(1, blockedUntil - tonumber(ARGV[2])))
end
return blockedUntil
`;

let counter = 0;

type Scripted = Redis & {
  pppReserve(k1: string, k2: string, ...args: string[]): Promise<number>;
  pppBlock(k1: string, ...args: string[]): Promise<number>;
};

export class Pacer {
  private readonly redis: Scripted;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    // Defined commands run by EVALSHA: the script is sent once, not with every send.
    if (!('pppReserve' in redis)) {
      redis.defineCommand('pppReserve', { numberOfKeys: 2, lua: RESERVE });
      redis.defineCommand('pppBlock', { numberOfKeys: 1, lua: BLOCK });
    }
    this.redis = redis as Scripted;
  }

  private keys(conversation: string): [string, string] {
    return [`${this.prefix}:pace:${conversation}`, `${this.prefix}:pace-block:${conversation}`];
  }

  /** Reserves the next slot for one send to `conversation`; returns when (epoch ms) it may go. */
  async reserve(conversation: string, rules: PaceRule[], now: number): Promise<number> {
    if (rules.length === 0) return now;
    const member = `${now}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    const args = [String(now), member, ...rules.flatMap((r) => [String(r.limit), String(r.windowMs)])];
    const [zset, blocked] = this.keys(conversation);
    return Number(await this.redis.pppReserve(zset, blocked, ...args));
  }

  /** After a 429: nothing more goes to this conversation before `until`. */
  async block(conversation: string, until: number, now: number): Promise<void> {
    await this.redis.pppBlock(this.keys(conversation)[1], String(until), String(now));
  }
}
