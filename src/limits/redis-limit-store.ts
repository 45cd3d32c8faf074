import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { VirtualKey } from './keys.js';
import { OwedSpendPayer } from './owed-spend-payer.js';
import { redisUnreachableReason } from './redis-unreachable.js';
import type { OwedSpendStore } from './owed-spend.js';
import {
  type Admission,
  type AdmitRequest,
  type BudgetScope,
  budgetExceeded,
  budgetScopes,
  DEFAULT_RESERVATION_TTL_MS,
  type KeyUsage,
  type LimitStore,
  type RateUsage,
  noSeed,
  periodStart,
  perMinute,
  rateLimited,
  type RateScope,
  rateScopes,
  type SeedSpend,
  WINDOW_MS,
} from './limit-store.js';

/**
 * Sums the amounts of members "<id>:<amount>" of a sorted set after taking out those scored at
 * or before `cutoff`: the reservations of one budget, a handful (one per call in flight). A
 * reservation that lapsed belonged to a call whose replica died before settling it; what the
 * provider billed is unknown, so its worst case is charged to the budget's spend.
 */
const SUM_MEMBERS = `
local function amount(member) return tonumber(string.match(member, ':([^:]+)$')) end
local function sum_members(key, cutoff, spend_key)
  local lapsed = redis.call('ZRANGEBYSCORE', key, '-inf', cutoff)
  if #lapsed > 0 then
    local charged = 0
    for i = 1, #lapsed do charged = charged + amount(lapsed[i]) end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', cutoff)
    if charged > 0 then redis.call('INCRBYFLOAT', spend_key, string.format('%.12f', charged)) end
  end
  local entries = redis.call('ZRANGE', key, 0, -1)
  local sum = 0
  for i = 1, #entries do sum = sum + amount(entries[i]) end
  return sum, #entries
end
-- A token window holds every request of the last minute (thousands), so its total is kept in a
-- second key and only the entries that fall out of the window are read and subtracted: exact,
-- and the cost of a step does not grow with the traffic.
local function window_total(key, total_key, cutoff)
  local expired = redis.call('ZRANGEBYSCORE', key, '-inf', cutoff)
  local count = redis.call('ZCARD', key) - #expired
  if count == 0 then
    if #expired > 0 then redis.call('DEL', key) end
    redis.call('DEL', total_key)
    return 0, 0
  end
  local total = tonumber(redis.call('GET', total_key) or '0')
  if #expired > 0 then
    for i = 1, #expired do total = total - amount(expired[i]) end
    redis.call('ZREMRANGEBYSCORE', key, '-inf', cutoff)
    redis.call('SET', total_key, total, 'KEEPTTL')
  end
  return total, count
end
local function window_add(key, total_key, time, member, value, ttl)
  redis.call('ZADD', key, time, member .. ':' .. value)
  redis.call('INCRBY', total_key, value)
  redis.call('PEXPIRE', key, ttl)
  redis.call('PEXPIRE', total_key, ttl)
end
`;

/**
 * One atomic step per request, so limits hold exactly across gateway replicas: every budget the
 * request falls under (spend + reservations in flight + this request's worst case ≤ budget),
 * then every sliding window it counts in (the key's, and its team's when the team has a rate
 * limit: sorted sets scored by arrival time), then the admission itself, which holds the
 * reservation in each budget's set, scored by when it expires.
 * KEYS: per window its requests, tokens and tokens total, then per budget its spend, its
 * reservations and its seeded mark. ARGV: now, window, estimate, id, reserve, expiry, windows, per
 * window its requests and tokens per minute (0 = none), budgets, per budget its amount.
 * Returns {0} admitted, {1, budget index, spent, reserved} over a budget, {2, window index,
 * oldest} over requests, {3, window index, used, oldest} over tokens, {4, budget index} when a
 * budget's spend was never seeded from the traces or Redis lost it (restarted empty, flushed,
 * failed over to a replica without it): counting from 0 then would hand out the budget again.
 */
const ADMIT = `${SUM_MEMBERS}
local now, window, est = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local id, reserve, expires = ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local windows = tonumber(ARGV[7])
local budgets = tonumber(ARGV[8 + 2 * windows])
local b = 3 * windows
for i = 1, budgets do
  if redis.call('EXISTS', KEYS[b + 3 * i]) == 0 then return {4, i} end
end
for i = 1, budgets do
  local budget = tonumber(ARGV[8 + 2 * windows + i])
  local held = sum_members(KEYS[b + 3 * i - 1], now, KEYS[b + 3 * i - 2])
  local spent = tonumber(redis.call('GET', KEYS[b + 3 * i - 2]) or '0')
  if spent >= budget or spent + held + reserve > budget then return {1, i, tostring(spent), tostring(held)} end
end
for w = 1, windows do
  local requests, tokens, total = KEYS[3 * w - 2], KEYS[3 * w - 1], KEYS[3 * w]
  local rpm, tpm = tonumber(ARGV[6 + 2 * w]), tonumber(ARGV[7 + 2 * w])
  redis.call('ZREMRANGEBYSCORE', requests, '-inf', now - window)
  if rpm > 0 and redis.call('ZCARD', requests) >= rpm then
    return {2, w, redis.call('ZRANGE', requests, 0, 0, 'WITHSCORES')[2]}
  end
  local used, count = window_total(tokens, total, now - window)
  if tpm > 0 and count > 0 and used + est > tpm then
    return {3, w, tostring(used), redis.call('ZRANGE', tokens, 0, 0, 'WITHSCORES')[2]}
  end
end
for w = 1, windows do
  redis.call('ZADD', KEYS[3 * w - 2], now, id)
  redis.call('PEXPIRE', KEYS[3 * w - 2], window * 2)
  if est > 0 then window_add(KEYS[3 * w - 1], KEYS[3 * w], now, id, est, window * 2) end
end
if reserve > 0 then
  for i = 1, budgets do
    local held = KEYS[b + 3 * i - 1]
    redis.call('ZADD', held, expires, id .. ':' .. ARGV[5])
    -- The set lives as long as the spend its holds are charged to: one expiring with its last hold
    -- took a hold its dead replica left along, uncharged, unless a call came in between.
    local spend_ttl = redis.call('PTTL', KEYS[b + 3 * i - 2])
    if spend_ttl == -1 then redis.call('PERSIST', held) else redis.call('PEXPIRE', held, math.max(spend_ttl, expires - now)) end
  end
end
return {0}`;

/**
 * Settles one request atomically: its reservations released, its cost added to every budget,
 * its token estimate corrected in every window. KEYS: per window its tokens and tokens total,
 * then per budget its spend and reservations. ARGV: now, window, correction, member, cost,
 * held member, windows, budgets, per budget its spend's time to live.
 */
const SETTLE = `${SUM_MEMBERS}
local now, window, correction, member, cost, held = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local windows, budgets = tonumber(ARGV[7]), tonumber(ARGV[8])
local b = 2 * windows
for i = 1, budgets do
  redis.call('ZREM', KEYS[b + 2 * i], held)
  if cost > 0 then redis.call('INCRBYFLOAT', KEYS[b + 2 * i - 1], ARGV[5]) end
  local ttl = tonumber(ARGV[8 + i])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[b + 2 * i - 1], ttl) end
end
if correction ~= 0 then
  for w = 1, windows do window_add(KEYS[2 * w - 1], KEYS[2 * w], now, member, correction, window * 2) end
end
return 0`;

/**
 * Seeds a budget's spend from the traces once per period and after Redis lost it, on every
 * replica at most once (the mark). The larger of what Redis counts and what the traces hold wins:
 * calls settled since a loss are in Redis but maybe not yet in the traces, and a spend counted
 * before the mark existed must not be added twice. A key's budget also takes over what a gateway
 * counting by key name left under the name (KEYS 3 and 4: its spend and mark), which can hold
 * more than the traces (a lapsed hold is charged its worst case; a trace can be lost), and then
 * deletes them: a `total` budget's never expire, and were left there unread. KEYS: spend, mark[,
 * the name's spend, the name's mark]. ARGV: from the traces, time to live (0 = none).
 */
const SEED = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local counted = tonumber(redis.call('GET', KEYS[1]) or '0')
local traced, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local start = ARGV[1]
if #KEYS > 2 then
  local by_name = redis.call('GET', KEYS[3])
  if by_name and tonumber(by_name) > traced then
    start, traced = by_name, tonumber(by_name)
  end
  redis.call('DEL', KEYS[3], KEYS[4])
end
if traced > counted or redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], start) end
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('SET', KEYS[2], '1', 'PX', ttl)
else
  redis.call('SET', KEYS[2], '1')
end
return 1`;

/** Usage: window totals after dropping expired entries, the period's spend and reservations. KEYS: requests, tokens, tokens total[, spend, reservations]. */
const USAGE = `${SUM_MEMBERS}
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = window_total(KEYS[2], KEYS[3], now - window)
local held = 0
if #KEYS > 3 then held = sum_members(KEYS[5], now, KEYS[4]) end
return {redis.call('ZCARD', KEYS[1]), tostring(used), (#KEYS > 3 and redis.call('GET', KEYS[4])) or '0', tostring(held)}`;

/** A budget's spend and the holds of calls in flight. KEYS: spend, reservations. */
const BUDGET_USAGE = `${SUM_MEMBERS}
local held = sum_members(KEYS[2], tonumber(ARGV[1]), KEYS[1])
return {redis.call('GET', KEYS[1]) or '0', tostring(held)}`;

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');
const SCRIPTS = { ADMIT: { text: ADMIT, sha: sha1(ADMIT) }, SETTLE: { text: SETTLE, sha: sha1(SETTLE) }, USAGE: { text: USAGE, sha: sha1(USAGE) }, BUDGET_USAGE: { text: BUDGET_USAGE, sha: sha1(BUDGET_USAGE) }, SEED: { text: SEED, sha: sha1(SEED) } };

/**
 * Runs a script by its SHA (the body is sent once per server, not with every request), loading
 * it when the server does not know it yet (a restart, a failover).
 */
async function runScript(redis: Redis, script: { text: string; sha: string }, keys: string[], args: (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.text, keys.length, ...keys, ...args);
  }
}

/** How long a period's spend is kept after it was last added to: past the end of the period. */
const SPEND_TTL_MS: Record<BudgetScope['budget']['period'], number> = { total: 0, daily: 2 * 86_400_000, monthly: 40 * 86_400_000 };

/**
 * Rate limits and budgets in Redis, shared by every gateway replica (one Redis server or a
 * primary with replicas; not Redis Cluster, since one step touches a key's and its team's
 * entries). Spend is seeded from the trace store once per period, and again whenever Redis has
 * lost it (a mark key says it was seeded; the admit step checks the mark), then kept in Redis
 * with INCRBYFLOAT; reservations of requests in flight live in a sorted set per budget,
 * scored by their expiry, so a replica killed mid-request has its holds charged after the TTL.
 * Calls served while Redis was unreachable (limits.on_error: open) are owed: kept in the shared
 * store as they settle and paid, once, by whichever replica reaches Redis first (OwedSpendPayer).
 */
export class RedisLimitStore implements LimitStore {
  /** Seeds in progress in this process, so concurrent first requests share one read of the traces. */
  private readonly seeding = new Map<string, Promise<void>>();
  /** What calls served while Redis could not be reached (limits.on_error: open) owe their budgets. */
  private readonly owed: OwedSpendPayer;

  /**
   * @param owed where debts of calls served during an outage are kept until Redis takes them: the
   *   configured store, shared by every replica, so none is lost with the replica that owed it
   *   (default: this process only).
   */
  constructor(
    private readonly redis: Redis,
    private readonly seed: SeedSpend = noSeed,
    private readonly prefix = 'switchyard:limits',
    private readonly reservationTtlMs = DEFAULT_RESERVATION_TTL_MS,
    owed?: OwedSpendStore,
  ) {
    this.owed = new OwedSpendPayer(redis, prefix, { store: owed });
  }

  /**
   * Pays into Redis what calls served during an outage owe, this replica's and (with a shared
   * store) those any other replica left; each debt is added once, however many replicas pay at
   * the same time. Rejects while Redis cannot be reached. Runs by itself every few seconds.
   */
  payOwed(): Promise<void> {
    return this.owed.pay();
  }

  /** Stops looking for debts to pay (keeping in the store any it could not keep before). */
  close(): Promise<void> {
    return this.owed.close();
  }

  private windowKeys(scope: RateScope): [string, string, string] {
    const base = `${this.prefix}:${scope.id}`;
    return [`${base}:requests`, `${base}:tokens`, `${base}:tokens-total`];
  }

  /** A budget's spend, its reservations and the mark that its spend was seeded, for one period. */
  private budgetKeys(scope: BudgetScope, now: number): [string, string, string] {
    const base = `${this.prefix}:${scope.id}`;
    const start = periodStart(scope.budget.period, now);
    return [`${base}:spend:${start}`, `${base}:held:${start}`, `${base}:seeded:${start}`];
  }

  /**
   * Where a gateway that counted keys by name (before key identities) kept a key scope's spend and
   * mark for the period: the seed takes them over. None for a team, or a key named like its id.
   */
  private byNameKeys(scope: BudgetScope, now: number): string[] {
    if (scope.kind !== 'key' || scope.id === `key:${scope.name}`) return [];
    const base = `${this.prefix}:key:${scope.name}`;
    const start = periodStart(scope.budget.period, now);
    return [`${base}:spend:${start}`, `${base}:seeded:${start}`];
  }

  /** Seeds a scope's spend for the period from the traces unless it is marked seeded. */
  private seedNow(scope: BudgetScope, now: number): Promise<void> {
    const [spendKey, , markKey] = this.budgetKeys(scope, now);
    let done = this.seeding.get(markKey);
    if (!done) {
      done = (async () => {
        const traced = await this.seed(scope, periodStart(scope.budget.period, now));
        await runScript(this.redis, SCRIPTS.SEED, [spendKey, markKey, ...this.byNameKeys(scope, now)], [Math.max(traced, 0).toFixed(12), SPEND_TTL_MS[scope.budget.period]]);
      })();
      this.seeding.set(markKey, done);
      void done.then(
        () => this.seeding.delete(markKey),
        () => this.seeding.delete(markKey),
      );
    }
    return done;
  }

  /** Seeds the scope first when its mark is gone (for reads; the admit step checks in its script). */
  private async ensureSeeded(scope: BudgetScope, now: number): Promise<void> {
    if ((await this.redis.exists(this.budgetKeys(scope, now)[2])) === 0) await this.seedNow(scope, now);
  }

  async admit(key: VirtualKey, request: AdmitRequest, now: number): Promise<Admission> {
    // What this replica owes from an outage counts before it admits anything more.
    await this.owed.payBeforeAdmit();
    // A budget not (or no longer) seeded is seeded and the step run again; twice is enough unless
    // Redis loses the mark again in between.
    for (let attempt = 0; ; attempt++) {
      const result = await this.tryAdmit(key, request, now);
      if (result.seed === undefined) return result.admission;
      if (attempt === 2) throw new Error(`the spend of ${result.seed.kind} "${result.seed.name}" could not be seeded in Redis`);
      await this.seedNow(result.seed, now);
    }
  }

  private async tryAdmit(key: VirtualKey, request: AdmitRequest, now: number): Promise<{ admission: Admission; seed?: undefined } | { seed: BudgetScope }> {
    const scopes = budgetScopes(key);
    const budgetKeys = scopes.map((scope) => this.budgetKeys(scope, now));
    const windows = rateScopes(key);
    const id = randomUUID();
    const reserveUsd = scopes.length > 0 ? Math.max(request.reserveUsd, 0) : 0;
    const estimatedTokens = Math.max(Math.round(request.estimatedTokens), 0);
    const expiresAt = now + this.reservationTtlMs;
    const keys = [...windows.flatMap((scope) => this.windowKeys(scope)), ...budgetKeys.flat()];
    const result = (await runScript(this.redis, SCRIPTS.ADMIT, keys, [
      now,
      WINDOW_MS,
      estimatedTokens,
      id,
      String(reserveUsd),
      expiresAt,
      windows.length,
      ...windows.flatMap((scope) => [scope.limit?.requestsPerMinute ?? 0, scope.limit?.tokensPerMinute ?? 0]),
      scopes.length,
      ...scopes.map((scope) => String(scope.budget.usd)),
    ])) as [number, ...(string | number)[]];
    const over = windows[Number(result[1]) - 1] as RateScope;
    switch (result[0]) {
      case 1:
        throw budgetExceeded(scopes[Number(result[1]) - 1] as BudgetScope, Number(result[2]), Number(result[3]), reserveUsd);
      case 2:
        throw rateLimited(over, 'requests', perMinute(over.limit?.requestsPerMinute, 'request'), Number(result[2]), now);
      case 3:
        throw rateLimited(over, 'tokens', `${perMinute(over.limit?.tokensPerMinute, 'token')} (${result[2]} used)`, Number(result[3]), now);
      case 4:
        return { seed: scopes[Number(result[1]) - 1] as BudgetScope };
    }
    return { admission: { id, estimatedTokens, reservedUsd: reserveUsd, expiresAt } };
  }

  async settle(key: VirtualKey, admission: Admission, usedTokens: number, costUsd: number, now: number): Promise<void> {
    const scopes = budgetScopes(key);
    // The reservation was held in the period the request was admitted in; the cost goes to this one.
    const admittedAt = admission.expiresAt - this.reservationTtlMs;
    const windows = rateScopes(key);
    const keys = windows.flatMap((scope) => this.windowKeys(scope).slice(1));
    for (const scope of scopes) keys.push(this.budgetKeys(scope, now)[0], this.budgetKeys(scope, admittedAt)[1]);
    try {
      await this.runSettle(keys, admission, usedTokens, costUsd, now, windows.length, scopes);
    } catch (error) {
      // Redis went away while the call ran: the cost is owed like an unadmitted call's, and paying
      // it releases the hold, so the budget counts the cost rather than the worst case once the hold lapses.
      const held = `${admission.id}:${admission.reservedUsd}`;
      const debts = scopes.map((scope) => ({
        spendKey: this.budgetKeys(scope, now)[0],
        ttlMs: SPEND_TTL_MS[scope.budget.period],
        usd: Math.max(costUsd, 0),
        hold: { key: this.budgetKeys(scope, admittedAt)[1], member: held },
      }));
      const reason = redisUnreachableReason(error as Error);
      if (admission.reservedUsd > 0) {
        await this.owed.owe(debts, now);
        throw new Error(`limits not settled (${reason}): the call's cost is owed to its budgets and paid into Redis once it answers`, { cause: error });
      }
      throw new Error(`limits not settled (${reason}): the call's tokens are left out of its rate window`, { cause: error });
    }
  }

  private async runSettle(keys: string[], admission: Admission, usedTokens: number, costUsd: number, now: number, windows: number, scopes: readonly BudgetScope[]): Promise<void> {
    await runScript(this.redis, SCRIPTS.SETTLE, keys, [
      now,
      WINDOW_MS,
      Math.round(usedTokens - admission.estimatedTokens),
      randomUUID(),
      Math.max(costUsd, 0).toFixed(12),
      `${admission.id}:${admission.reservedUsd}`,
      windows,
      scopes.length,
      ...scopes.map((scope) => SPEND_TTL_MS[scope.budget.period]),
    ]);
  }

  async chargeUnadmitted(key: VirtualKey, costUsd: number, now: number): Promise<void> {
    if (!(costUsd > 0)) return;
    const debts = budgetScopes(key).map((scope) => ({ spendKey: this.budgetKeys(scope, now)[0], ttlMs: SPEND_TTL_MS[scope.budget.period], usd: costUsd }));
    await this.owed.owe(debts, now);
  }

  async usage(key: VirtualKey, now: number): Promise<KeyUsage> {
    const scope = budgetScopes(key).find((s) => s.kind === 'key');
    const keys: string[] = [...this.windowKeys(rateScopes(key)[0] as RateScope)];
    if (scope) {
      await this.ensureSeeded(scope, now);
      keys.push(...this.budgetKeys(scope, now).slice(0, 2));
    }
    const [count, used, spent, held] = (await runScript(this.redis, SCRIPTS.USAGE, keys, [now, WINDOW_MS])) as [number, string, string, string];
    return {
      requestsLastMinute: count,
      tokensLastMinute: Number(used),
      spendUsd: Number(spent),
      reservedUsd: Number(held),
      periodStart: periodStart(key.budget?.period ?? 'total', now),
    };
  }

  async budgetUsage(scope: BudgetScope, now: number): Promise<{ spendUsd: number; reservedUsd: number; periodStart: number }> {
    await this.ensureSeeded(scope, now);
    const [spent, held] = (await runScript(this.redis, SCRIPTS.BUDGET_USAGE, this.budgetKeys(scope, now).slice(0, 2), [now])) as [string, string];
    return { spendUsd: Number(spent), reservedUsd: Number(held), periodStart: periodStart(scope.budget.period, now) };
  }

  async rateUsage(scope: RateScope, now: number): Promise<RateUsage> {
    const [count, used] = (await runScript(this.redis, SCRIPTS.USAGE, this.windowKeys(scope), [now, WINDOW_MS])) as [number, string];
    return { requestsLastMinute: count, tokensLastMinute: Number(used) };
  }
}
