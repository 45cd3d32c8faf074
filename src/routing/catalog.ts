import { clip, quoteClipped } from '../core/clip.js';
import type { Config, ModelConfig, RetryPolicy, TargetConfig, Timeouts } from '../config/schema.js';
import { SwitchyardError } from '../core/errors.js';
import { closestName } from '../core/format-issues.js';
import type { ChatProvider } from '../providers/spec.js';
import { outputLimit } from '../tokens/output-limits.js';
import { contextWindow } from '../tokens/context-windows.js';
import { lookupPrice, type PriceEntry } from '../tokens/price-table.js';
import { claudePdfTokens, type PdfSummary } from '../tokens/pdf-tokens.js';
import { type ChatImage, claudeImageTokens } from '../tokens/image-tokens.js';
import { anthropicSearchUsd, geminiSearchUsd, openAIChatSearchUsd, openAISearchUsd } from '../tokens/web-search-price.js';

/** The pricier tiers a request opts into, which a budget's worst case must cover. */
export interface AskedTiers {
  priority?: boolean;
  ultrafast?: boolean;
  fast?: boolean;
}

/** One place a request can go: a provider and the model name it knows. */
export interface Target {
  provider: ChatProvider;
  model: string;
  price: PriceEntry | undefined;
  weight: number;
  /** The most output tokens the model can produce (the config's `output_limit`, else `tokens/output-limits.ts`), undefined when unknown. */
  outputLimit: number | undefined;
  /** The most prompt tokens the model takes (the config's `context_window`, else `tokens/context-windows.ts`), undefined when unknown. */
  contextWindow: number | undefined;
}

/** What `target` bills every call for the search it always runs; 0 for a model that searches only when asked. */
function alwaysSearchedUsd(target: Target): number {
  const vendor = openAIChatSearchUsd(target.model);
  return vendor === undefined ? 0 : (target.price?.web_search_usd ?? vendor);
}

/**
 * The most `target` bills for `searches` web searches one call may run: each at the config's
 * `price.web_search_usd`, else as its vendor bills them (Claude and OpenAI's Responses per
 * search, Gemini 3 per query, Gemini 2.x once per grounded prompt); 0 where the price is unknown.
 */
function searchesUsd(target: Target, searches: number): number {
  if (target.price?.web_search_usd !== undefined) return target.price.web_search_usd * searches;
  const native = target.provider.native;
  const vendor = native.has('anthropic') ? anthropicSearchUsd(searches) : native.has('gemini') ? geminiSearchUsd(target.model, searches) : (openAIChatSearchUsd(target.model) ?? openAISearchUsd(searches));
  return vendor ?? 0;
}

/** How a configured model name is served. */
export interface ModelPlan {
  name: string;
  strategy: 'single' | 'fallbacks' | 'loadbalance';
  /** How a load-balanced plan picks its first target (weighted when absent). */
  balance?: 'weighted' | 'latency' | 'least_busy' | 'headroom';
  targets: readonly Target[];
  retry: RetryPolicy;
  timeouts: Timeouts;
}

/**
 * Resolves the model names clients send to plans. Built once from the config; lookups are a
 * map read on the request path.
 */
export class ModelCatalog {
  private readonly plans = new Map<string, ModelPlan>();
  private readonly routes: ReadonlySet<string>;
  private readonly outputBounds = new Map<string, number | undefined>();
  private readonly anyOutputBound: number | undefined;
  /** Per model name, the most its calls are billed for searches they always run (`searchFeeBound`). */
  private readonly searchFees = new Map<string, number>();
  private anySearchFee = 0;
  /** Each target's price by provider and upstream model (`priceOf`). */
  private readonly prices = new Map<string, PriceEntry | undefined>();

  /**
   * @param unserved names the gateway knows but does not serve, with why (the built-in models of
   *   a provider whose key a start without a config did not find): said in their 404.
   */
  constructor(
    config: Config,
    providers: ReadonlyMap<string, ChatProvider>,
    private readonly unserved: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const [name, model] of Object.entries(config.models)) {
      const plan = buildPlan(name, model, config, providers);
      this.plans.set(name, plan);
      this.outputBounds.set(name, largestOutputLimit(plan.targets));
      const searchFee = Math.max(0, ...plan.targets.map(alwaysSearchedUsd));
      this.searchFees.set(name, searchFee);
      this.anySearchFee = Math.max(this.anySearchFee, searchFee);
      for (const target of plan.targets) {
        const key = `${target.provider.name}\u0000${target.model}`;
        // Two names on one upstream model with different prices: the first configured one's.
        if (!this.prices.has(key)) this.prices.set(key, target.price);
      }
    }
    this.routes = new Set(Object.keys(config.routes ?? {}));
    this.anyOutputBound = largestOutputLimit([...this.plans.values()].flatMap((plan) => plan.targets));
  }

  /** Every name a client can call: models, then routes. */
  get names(): string[] {
    return [...this.plans.keys(), ...this.routes];
  }

  isRoute(name: string): boolean {
    return this.routes.has(name);
  }

  /**
   * The highest price any target could bill a call to `name`: of its own targets for a model,
   * of every configured model for a route (which may pick any of them). Budgets reserve with it.
   * `asked` is what the request opts into (`service_tier: "priority"`, Claude's `speed: "fast"`):
   * those tiers' prices bound the call too; US-only inference always does (a Claude workspace can
   * make it the default without the request saying so).
   */
  highestPrice(name: string, asked: AskedTiers = {}): PriceEntry | undefined {
    const plan = this.plans.get(name);
    const plans = plan ? [plan] : [...this.plans.values()];
    let highest: PriceEntry | undefined;
    for (const candidate of plans) {
      for (const target of candidate.targets) {
        const price = target.price;
        if (!price) continue;
        // A long request is billed at the long-context prices, a call the provider serves on its
        // priority tier or in fast mode at theirs, US-only inference at a multiple: all bound the call.
        const lists = [price, asked.priority ? price.priority : undefined, asked.ultrafast ? price.ultrafast : undefined, asked.fast ? price.fast : undefined].flatMap((list) => (list ? [list, list.long_context] : []));
        const factor = price.us_inference_multiplier ?? 1;
        highest = {
          input_per_mtok: Math.max(
            highest?.input_per_mtok ?? 0,
            ...lists.flatMap((tier) => (tier ? [tier.input_per_mtok, tier.cache_write_per_mtok ?? 0, tier.cache_write_1h_per_mtok ?? 0, tier.cache_write_12h_per_mtok ?? 0] : [])).map((usd) => usd * factor),
          ),
          output_per_mtok: Math.max(highest?.output_per_mtok ?? 0, ...lists.map((tier) => (tier?.output_per_mtok ?? 0) * factor)),
        };
      }
    }
    return highest;
  }

  /**
   * The most output tokens any target could produce for a call to `name` (of every configured
   * model for a route), or undefined when some target's limit is unknown: a request's `max_tokens`
   * above it cannot be spent, so budgets reserve no more. Computed once, a map read per request.
   */
  outputBound(name: string): number | undefined {
    return this.plans.has(name) ? this.outputBounds.get(name) : this.anyOutputBound;
  }

  /**
   * The most any target bills a call to `name` for the web search it runs whatever the request
   * says (OpenAI's search models on chat search on every call: `openAIChatSearchUsd`, or the
   * target's `price.web_search_usd`), of every configured model for a route; 0 for the rest.
   * Budgets reserve it beside the tokens. Computed once, a map read per request.
   *
   * @example catalog.searchFeeBound('search') // 0.025 for a model served by gpt-4o-search-preview
   */
  searchFeeBound(name: string): number {
    return this.plans.has(name) ? (this.searchFees.get(name) ?? 0) : this.anySearchFee;
  }

  /**
   * The most any target of `name` (of every configured model for a route) bills for `searches`
   * web searches in one call (`searchesUsd`): what a request that offers a search tool reserves
   * for it. Walks the targets; only such requests ask.
   *
   * @example catalog.requestedSearchBound('claude', 3) // 0.03 for a Claude model
   */
  requestedSearchBound(name: string, searches: number): number {
    const plan = this.plans.get(name);
    const plans = plan ? [plan] : this.plans.values();
    let most = 0;
    for (const { targets } of plans) for (const target of targets) most = Math.max(most, searchesUsd(target, searches));
    return most;
  }

  /**
   * The most tokens any target could count for one PDF in a call to `name` (of every configured
   * model for a route), by each target's vendor rule (`ChatProvider.pdfTokens`); Claude's rule
   * (each page as an image at up to ~1,600 tokens, plus the text) for a provider that has none.
   * Budgets reserve with it: a PDF's pages cost far more than the bytes that carry them.
   *
   * @example catalog.pdfTokenBound('claude', summarisePdf(pdf, { text: false })) // 3 × 1,575 for 3 Letter pages
   */
  pdfTokenBound(name: string, pdf: PdfSummary): number {
    const plan = this.plans.get(name);
    let most = 0;
    for (const candidate of plan ? [plan] : this.plans.values()) {
      for (const target of candidate.targets) most = Math.max(most, target.provider.pdfTokens?.(target.model, pdf) ?? claudePdfTokens(pdf));
    }
    return most;
  }

  /**
   * The most an image of unknown size (given by URL or file id, which the gateway does not fetch)
   * can cost on any target of `name` (every plan's, for a name it has not got), by each target's
   * vendor rule for an image of unknown size (`imageTokens`: OpenAI's largest tiling, Claude's
   * largest image it reads, Gemini's fixed or one-tile cost), Claude's for a provider that has
   * none. Budgets reserve with it: the URL's bytes are a few dozen, the image up to thousands of tokens.
   *
   * @example catalog.imageTokenBound('claude', { url: 'https://x/y.png' }) // 1600
   */
  imageTokenBound(name: string, image: ChatImage): number {
    const plan = this.plans.get(name);
    let most = 0;
    for (const candidate of plan ? [plan] : this.plans.values()) {
      for (const target of candidate.targets) most = Math.max(most, target.provider.imageTokens?.(target.model, image) ?? claudeImageTokens(target.model, undefined));
    }
    return most;
  }

  /**
   * The price the config gives the provider's model `model` now (a map read): what a cached
   * answer from it would cost if it were asked again. Undefined when no configured target calls it
   * or it has no price.
   *
   * @example catalog.priceOf('openai', 'gpt-5.4-mini')?.input_per_mtok // 0.25
   */
  priceOf(provider: string, model: string): PriceEntry | undefined {
    return this.prices.get(`${provider}\u0000${model}`);
  }

  /** The plan for a model name, or a 404 that names it and lists the configured ones (routes included). */
  resolve(name: unknown): ModelPlan {
    if (typeof name !== 'string' || name === '') {
      throw new SwitchyardError('invalid_request', `"model" must be a non-empty string, got ${JSON.stringify(name) ?? 'nothing'}`, { param: 'model' });
    }
    const plan = this.plans.get(name);
    if (plan) return plan;
    const why = this.unserved.get(bareModelName(name));
    if (why !== undefined) throw new SwitchyardError('model_not_found', `model ${quoteClipped(name)} is not served here: ${why}`, { param: 'model' });
    throw modelNotConfigured(name, this.names, { param: 'model' }, this.namesServing(bareModelName(name)));
  }

  /**
   * The configured names whose targets call the provider's model `model`: a client that sends
   * `gpt-5.4-mini` to a config that names it `small` is told to send `small`. Only on a refused
   * request, so a walk over the plans.
   */
  private namesServing(model: string): string[] {
    const names: string[] = [];
    for (const plan of this.plans.values()) if (plan.targets.some((target) => target.model === model)) names.push(plan.name);
    return names;
  }
}

/**
 * A model name without what other gateways and SDKs put around it: a provider prefix
 * (`openai/gpt-5.4-mini`, as OpenRouter and LiteLLM spell it) and a date or `-latest` suffix
 * (`claude-sonnet-4-6-20260101`).
 *
 * @example bareModelName('anthropic/claude-sonnet-4-6-latest') // 'claude-sonnet-4-6'
 */
export function bareModelName(name: string): string {
  return name.replace(/^[\w.-]+\//, '').replace(/-(\d{8}|latest)$/, '');
}

/**
 * The 404 for a model name no plan (or no key's list) has, naming the ones there are. A client's
 * string goes into the message bounded: it is echoed, logged and stored. So does the list: the
 * first 20 names, each cut at 64 characters, then how many more (a config of 300 models, one of
 * them 10 kB long, made a 17 kB message on every mistyped model, on the trace page too).
 *
 * @example throw modelNotConfigured('gpt-9', ['small', 'claude'])
 */
export function modelNotConfigured(name: string, known: readonly string[], details: { param?: string } = {}, servedBy: readonly string[] = []): SwitchyardError {
  const listed = known.slice(0, LISTED_MODELS).map((model) => clip(model, 64));
  const more = known.length > LISTED_MODELS ? ` and ${known.length - LISTED_MODELS} more: GET /v1/models lists them` : '';
  const meant = likelyMeant(name, known);
  const serving = servedBy.slice(0, LISTED_MODELS).map((model) => quoteClipped(model));
  const hint =
    meant !== undefined
      ? `; did you mean ${quoteClipped(meant)}?`
      : serving.length === 1
        ? `; ${quoteClipped(bareModelName(name))} is the provider's name behind the configured model ${serving[0]}: send model ${serving[0]}`
        : serving.length > 1
          ? `; ${quoteClipped(bareModelName(name))} is the provider's name behind the configured models ${serving.join(', ')}: send one of those`
          : '';
  return new SwitchyardError('model_not_found', `model ${quoteClipped(name)} is not configured on this gateway${hint} (configured: ${listed.join(', ') || 'none configured'}${more})`, details);
}

/**
 * The configured name a mistyped model most likely meant (`claude-sonet-4-6`), as config errors
 * name a mistyped field. A client sends any string, so the search is bounded: a name of up to 32
 * characters (`claude-3-5-sonnet-20241022` has 26) against a config of up to 100 names (beyond,
 * the message's GET /v1/models lists them): 40 µs for the 8 built-in models, about 1 ms for 100
 * names of 32 characters that differ only at the end (2 cores at load ~8).
 *
 * @example likelyMeant('claude-sonet-4-6', ['gpt-5.4-mini', 'claude-sonnet-4-6']) // 'claude-sonnet-4-6'
 */
function likelyMeant(name: string, known: readonly string[]): string | undefined {
  if (name.length > SUGGEST_UP_TO_CHARS || known.length > SUGGEST_AMONG_MODELS) return undefined;
  const bare = bareModelName(name);
  return bare !== name && known.includes(bare) ? bare : closestName(name, known);
}

const SUGGEST_UP_TO_CHARS = 32;
const SUGGEST_AMONG_MODELS = 100;

const LISTED_MODELS = 20;

function buildPlan(name: string, model: ModelConfig, config: Config, providers: ReadonlyMap<string, ChatProvider>): ModelPlan {
  const toTarget = (target: Pick<TargetConfig, 'provider' | 'model' | 'price' | 'weight' | 'output_limit' | 'context_window'>): Target => {
    const provider = providers.get(target.provider);
    if (!provider) throw new SwitchyardError('config_invalid', `models.${name}: unknown provider "${target.provider}"`);
    return {
      provider,
      model: target.model,
      price: target.price ?? model.price ?? lookupPrice(target.model),
      weight: target.weight,
      outputLimit: target.output_limit ?? model.output_limit ?? outputLimit(target.model),
      contextWindow: target.context_window ?? model.context_window ?? contextWindow(target.model),
    };
  };
  const retry = { ...config.retry, ...model.retry };
  const timeouts = { ...config.timeouts, ...model.timeouts };
  if (model.fallbacks) return { name, strategy: 'fallbacks', targets: model.fallbacks.map(toTarget), retry, timeouts };
  if (model.loadbalance) return { name, strategy: 'loadbalance', balance: model.balance, targets: model.loadbalance.map(toTarget), retry, timeouts };
  const single = toTarget({ provider: model.provider as string, model: model.model as string, price: model.price, weight: 1, output_limit: model.output_limit, context_window: model.context_window });
  return { name, strategy: 'single', targets: [single], retry, timeouts };
}

/** The largest output limit among `targets`, or undefined when any is unknown (no bound then). */
function largestOutputLimit(targets: readonly Target[]): number | undefined {
  let largest = 0;
  for (const target of targets) {
    if (target.outputLimit === undefined) return undefined;
    largest = Math.max(largest, target.outputLimit);
  }
  return largest > 0 ? largest : undefined;
}
