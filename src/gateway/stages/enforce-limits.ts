import type { Clock } from '../../core/clock.js';
import { SwitchyardError } from '../../core/errors.js';
import { type Admission, type BudgetScope, budgetScopes, type LimitStore } from '../../limits/limit-store.js';
import { redisUnreachableReason } from '../../limits/redis-unreachable.js';
import { SpendUnreadable } from '../../limits/spend-source.js';
import type { AskedTiers, ModelCatalog } from '../../routing/catalog.js';
import type { UnpricedPolicy } from '../unpriced-policy.js';
import type { Stage } from '../pipeline.js';
import { DEFAULT_MAX_OUTPUT_TOKENS, imageReferenceTokenBound, pdfTokenBound, worstCaseCost } from '../worst-case-cost.js';
import type { Log } from '../../core/log.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { requestedSearches } from '../requested-searches.js';

export interface EnforceLimitsOptions {
  /** When the limit store cannot be reached: `closed` refuses calls (503), `open` lets them through unlimited. */
  onStoreError?: 'open' | 'closed';
  /** What budgeted keys' calls to models with no price do (`limits.unpriced`); `refuse` when absent. */
  unpriced?: UnpricedPolicy;
  /** Output tokens reserved for a request that sets no cap. */
  defaultMaxOutputTokens?: number;
  log?: Log;
}

/**
 * Rate limits and budgets: admits the call against an estimate of its tokens (a token per four
 * bytes of body, plus what its PDFs' pages and its images given by URL cost) and a reservation of its worst-case cost, and once the answer has been
 * delivered (or has failed) settles both with what was used and spent — for streams too, whose
 * usage is known only at their end.
 */
export function enforceLimits(limits: LimitStore, catalog: ModelCatalog, clock: Clock, options: EnforceLimitsOptions = {}): Stage {
  let lastLogged = 0;
  return async (call, next) => {
    const key = call.key;
    if (!key) return next();
    // A PDF's pages, and an image given by URL, cost far more than the bytes that carry them: both figures count them.
    const mediaTokens = pdfTokenBound(call, catalog) + imageReferenceTokenBound(call, catalog);
    const estimatedTokens = Math.ceil(call.input.bodyText.length / 4) + mediaTokens;
    const budgets = budgetScopes(key);
    const hasBudget = budgets.length > 0;
    // Checked where the targets are known (a route picks its model later): see pricedTargets.
    if (hasBudget && options.unpriced !== 'allow') call.unpricedRefusal = { budget: budgets[0] as BudgetScope };
    // The tokens' worst case, and the searches' fees (billed per search, not per token): the search a
    // search model runs on every call, or the most the request's search tool allows, whichever is more.
    const reserveUsd = hasBudget
      ? worstCaseCost(call, catalog.highestPrice(call.model, askedTiers(call.body)), options.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, catalog.outputBound(call.model), mediaTokens) + searchFeesBound(call.body, call.model, catalog)
      : 0;
    let admission: Admission;
    try {
      admission = await limits.admit(key, { estimatedTokens, reserveUsd }, clock.now());
    } catch (error) {
      if (error instanceof SwitchyardError) throw error;
      // The store is down, not the key over a limit: the configured policy decides.
      const reason = storeErrorReason(error as Error);
      if (clock.now() - lastLogged > 10_000) {
        lastLogged = clock.now();
        options.log?.(`${reason} (failing ${options.onStoreError ?? 'closed'})`, { level: 'warn' });
      }
      call.decide('limits', { degraded: true, policy: options.onStoreError ?? 'closed', reason });
      if (options.onStoreError !== 'open') throw new SwitchyardError('unavailable', unavailableMessage(error as Error), { retryAfter: 1 });
      // Served unlimited, but not for free: its cost goes to the budgets once the store answers.
      call.onSettled(() => limits.chargeUnadmitted(key, call.costUsd, clock.now()));
      return next();
    }
    if (admission.reservedUsd > 0) call.decide('limits', { reservedUsd: admission.reservedUsd });
    call.onSettled(() => {
      const usage = call.totalUsage();
      const used = usage ? (call.input.endpoint === 'embeddings' ? usage.inputTokens : usage.inputTokens + usage.outputTokens) : 0;
      return limits.settle(key, admission, used, call.costUsd, clock.now());
    });
    return next();
  };
}

/**
 * Why the admit step failed, for the log and the trace: the limit store (Redis) down, or, with the
 * limit store answering, the trace store a budget's spend is read from (`SpendUnreadable`).
 */
function storeErrorReason(error: Error): string {
  if (error instanceof SpendUnreadable) return `budget spend unreadable: ${error.message}`;
  return `limit store unreachable: ${redisUnreachableReason(error)}`;
}

/**
 * The 503's message. A budget whose spend cannot be read names the trace store's kind (it said
 * "limit store unreachable" while Redis answered and `/health` showed it reachable), but not its
 * error: that names the database's host and port, which an API client has no use for and an
 * operator may not want shown outside; the log, the trace and `/health` carry it.
 */
function unavailableMessage(error: Error): string {
  if (error instanceof SpendUnreadable) {
    return `the budget of ${error.scope.kind} "${error.scope.name}" cannot be checked right now: its spend is read from the trace store (${error.storeKind}), which did not answer; the limit store answers; retry shortly (the gateway's log and /health name the cause)`;
  }
  return 'rate limits and budgets cannot be checked right now (limit store unreachable); retry shortly';
}

/** The searches' worst case: a search model's fee on every call, or what the request's search tool allows (`requestedSearches`). */
function searchFeesBound(body: JsonObject, model: string, catalog: ModelCatalog): number {
  const searches = requestedSearches(body);
  const always = catalog.searchFeeBound(model);
  return searches === 0 ? always : Math.max(always, catalog.requestedSearchBound(model, searches));
}

/** The pricier tiers a request asks for: OpenAI's priority tier (also named `fast`) and ultrafast tier, Claude's fast mode. */
function askedTiers(body: { service_tier?: unknown; speed?: unknown }): AskedTiers {
  return { priority: body.service_tier === 'priority' || body.service_tier === 'fast', ultrafast: body.service_tier === 'ultrafast', fast: body.speed === 'fast' };
}
