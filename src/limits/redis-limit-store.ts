import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { VirtualKey } from './keys.js';
import { budgetExceeded, type KeyUsage, type LimitStore, periodStart, rateLimited, WINDOW_MS } from './limit-store.js';

/**
 * One atomic step per request, so limits hold exactly across gateway replicas: budget check,
 * then the sliding windows (sorted sets scored by arrival time), then the admission itself.
 * Token entries are members "<id>:<tokens>" because a sorted set keeps one score per member.
 * Returns {0} admitted, {1, spent} over budget, {2, oldest} over requests, {3, used, oldest} over tokens.
 */
const ADMIT = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local rpm, tpm, est, budget = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local member = ARGV[7]
if budget > 0 then
  local spent = tonumber(redis.call('GET', KEYS[3]) or '0')
  if spent >= budget then return {1, tostring(spent)} end
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if rpm > 0 and redis.call('ZCARD', KEYS[1]) >= rpm then
  return {2, redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2]}
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
if tpm > 0 then
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1)
  local used = 0
  for i = 1, #entries do used = used + tonumber(string.match(entries[i], ':(-?%d+)$')) end
  if #entries > 0 and used + est > tpm then
    return {3, tostring(used), redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')[2]}
  end
end
redis.call('ZADD', KEYS[1], now, member)
redis.call('PEXPIRE', KEYS[1], window * 2)
if est > 0 then
  redis.call('ZADD', KEYS[2], now, member .. ':' .. est)
  redis.call('PEXPIRE', KEYS[2], window * 2)
end
return {0}`;

/** Usage: window sums after dropping expired entries, and the period's spend. */
const USAGE = `
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local entries = redis.call('ZRANGE', KEYS[2], 0, -1)
local used = 0
for i = 1, #entries do used = used + tonumber(string.match(entries[i], ':(-?%d+)$')) end
return {redis.call('ZCARD', KEYS[1]), used, redis.call('GET', KEYS[3]) or '0'}`;

/**
 * Rate limits and budgets in Redis, shared by every gateway replica. Spend is seeded once per
 * period from the trace store (SET NX), then kept in Redis with INCRBYFLOAT.
 */
export class RedisLimitStore implements LimitStore {
  private readonly seeded = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly initialSpend: ReadonlyMap<string, number> = new Map(),
    private readonly prefix = 'switchyard:limits',
  ) {}

  private keys(key: VirtualKey, now: number): [string, string, string] {
    const base = `${this.prefix}:${key.name}`;
    return [`${base}:requests`, `${base}:tokens`, `${base}:spend:${periodStart(key.budget?.period ?? 'total', now)}`];
  }

  private async seed(key: VirtualKey, spendKey: string): Promise<void> {
    if (this.seeded.has(spendKey)) return;
    const initial = this.initialSpend.get(key.name);
    if (initial !== undefined && initial > 0) await this.redis.set(spendKey, String(initial), 'NX');
    this.seeded.add(spendKey);
  }

  async admit(key: VirtualKey, estimatedTokens: number, now: number): Promise<void> {
    const [requests, tokens, spend] = this.keys(key, now);
    await this.seed(key, spend);
    const limits = key.rateLimit;
    const result = (await this.redis.eval(
      ADMIT,
      3,
      requests,
      tokens,
      spend,
      now,
      WINDOW_MS,
      limits?.requestsPerMinute ?? 0,
      limits?.tokensPerMinute ?? 0,
      Math.max(Math.round(estimatedTokens), 0),
      key.budget?.usd ?? 0,
      randomUUID(),
    )) as [number, string?, string?];
    switch (result[0]) {
      case 1:
        throw budgetExceeded(key, Number(result[1]));
      case 2:
        throw rateLimited(key, `${limits?.requestsPerMinute} requests per minute`, Number(result[1]), now);
      case 3:
        throw rateLimited(key, `${limits?.tokensPerMinute} tokens per minute (${result[1]} used)`, Number(result[2]), now);
    }
  }

  async record(key: VirtualKey, estimatedTokens: number, usedTokens: number, costUsd: number, now: number): Promise<void> {
    const [, tokens, spend] = this.keys(key, now);
    const correction = Math.round(usedTokens - estimatedTokens);
    const pipeline = this.redis.multi();
    if (correction !== 0) pipeline.zadd(tokens, now, `${randomUUID()}:${correction}`).pexpire(tokens, WINDOW_MS * 2);
    if (costUsd > 0) pipeline.incrbyfloat(spend, costUsd);
    await pipeline.exec();
  }

  async usage(key: VirtualKey, now: number): Promise<KeyUsage> {
    const [requests, tokens, spend] = this.keys(key, now);
    await this.seed(key, spend);
    const [count, used, spent] = (await this.redis.eval(USAGE, 3, requests, tokens, spend, now, WINDOW_MS)) as [number, number, string];
    return { requestsLastMinute: count, tokensLastMinute: used, spendUsd: Number(spent), periodStart: periodStart(key.budget?.period ?? 'total', now) };
  }
}
