/**
 * The gateway configuration file, as a zod schema. Field comments say why a default or bound is
 * what it is. Cross-references (a model naming a provider) are checked in `validate-references.ts`,
 * after the shape is known to be right.
 */
import { z } from 'zod';
import { redisUrl } from './redis-url.js';
import { httpUrl } from './http-url.js';
import { headerMap, headerText } from './header-text.js';
import { labelNameProblem } from '../core/label-name.js';
import { breakerSchema, cacheSchema } from './cache-schema.js';
import { guardrailsSchema } from './guardrails-schema.js';
import { routesSchema } from './route-schema.js';
import { DEFAULT_SQLITE_PATH } from './default-store.js';
import { monitoringSchema } from './monitor-schema.js';
import { clientIpHeaderSchema, trustedProxiesSchema } from './trusted-proxies-schema.js';
import { budgetSchema } from './budget-schema.js';

const positiveMs = z.number().int().positive();

/**
 * A price in USD per million tokens: finite and at most $100,000 (the dearest list price is in the
 * hundreds), so that no cost, budget or rollup reaches Infinity: 1e308 was taken, and a call's cost
 * times its tokens overflowed.
 */
const usdPerMtok = z.number().nonnegative().max(100_000);

const tierPrices = {
  /** USD per million input tokens. */
  input_per_mtok: usdPerMtok,
  /** USD per million output tokens (reasoning tokens are billed as output). */
  output_per_mtok: usdPerMtok.default(0),
  /** USD per million cached input tokens; providers bill them at a discount. Defaults to the input price. */
  cached_input_per_mtok: usdPerMtok.optional(),
  /**
   * USD per million input tokens written to the provider's prompt cache (Anthropic's 5-minute
   * writes, OpenAI's cache writes on GPT-6); they cost more than plain input. Defaults to the input price.
   */
  cache_write_per_mtok: usdPerMtok.optional(),
  /** USD per million input tokens written to Claude's 1-hour cache (2x input). Defaults to `cache_write_per_mtok`. */
  cache_write_1h_per_mtok: usdPerMtok.optional(),
  /**
   * USD per million input tokens OpenAI wrote to its cache for 12 hours (the Responses API's
   * `prompt_cache_options.ttl: "12h"`, openai 7.50; usage `cache_write_tokens_details.ttl_12h_tokens`).
   * No list price was published with it: defaults to `cache_write_per_mtok`, the 30-minute price.
   */
  cache_write_12h_per_mtok: usdPerMtok.optional(),
};

/**
 * The prices of a request whose input (cached and written tokens included) is above
 * `above_input_tokens`: vendors bill every token of such a request at a higher rate (OpenAI's
 * GPT-5.6 and GPT-6 past 272K input tokens, Gemini Pro past 200K, Claude Haiku 5.5 past 100K).
 */
const longContextSchema = z.strictObject({
  above_input_tokens: z.number().int().positive(),
  ...tierPrices,
});

/** The prices of one processing tier (a whole price list of its own, long-context prices included). */
const servicePriceSchema = z.strictObject({
  ...tierPrices,
  long_context: longContextSchema.optional(),
});

export const priceSchema = z.strictObject({
  ...tierPrices,
  long_context: longContextSchema.optional(),
  /**
   * Prices of a call the provider says it served on OpenAI's `flex` tier (about half the standard
   * price; Gemini's flex too). The response's `service_tier` decides, not the request's: a flex
   * request served at standard is billed at standard. Absent: such a call is billed at the standard
   * prices and its trace says the tier had no price.
   */
  flex: servicePriceSchema.optional(),
  /** Prices of a call served on the `priority` tier (OpenAI's `priority`, renamed `fast`; Claude's Priority Tier). */
  priority: servicePriceSchema.optional(),
  /**
   * Prices of a call OpenAI served on its access-controlled `ultrafast` tier (`gpt-5.6-sol`). No
   * list price was published with it: absent, such a call is billed at the standard prices and
   * its trace says the tier had no price.
   */
  ultrafast: servicePriceSchema.optional(),
  /** Prices of a call Claude answered in fast mode (`usage.speed: "fast"`, Opus 4.6 and Opus 5). */
  fast: servicePriceSchema.optional(),
  /**
   * USD per web search the model ran (Claude's and OpenAI's search calls, Gemini 3's queries, each
   * Gemini 2.x search), in place of the vendor's list price (web-search-price.ts): $0.01 on Claude
   * and OpenAI. For a price the gateway has wrong or none of (OpenAI's $0.025 `web_search_preview`
   * on a non-reasoning model, an alias). At most $100 a search, far past any list price.
   */
  web_search_usd: z.number().nonnegative().max(100).optional(),
  /**
   * Multiplier on every token price of a call Claude ran in the US only (`usage.inference_geo: "us"`):
   * 1.1 on Opus 4.6 and newer (Anthropic's pricing page). Absent: such calls cost the same.
   */
  us_inference_multiplier: z.number().min(1).max(10).optional(),
});

export const providerSchema = z
  .strictObject({
    type: z.enum(['openai', 'anthropic', 'gemini']),
    /** For openai: the URL that ends in /v1 (or /openai/v1 …); for anthropic and gemini: the host root. */
    base_url: httpUrl(),
    api_key: headerText().optional(),
    /** Extra headers sent upstream on every request (e.g. OpenAI-Organization, api-version). */
    headers: headerMap(),
    /** Upstream connections kept open per provider; enough for 64-way concurrency without queuing. */
    max_connections: z.number().int().min(1).max(4096).default(256),
    /** Set by the embedded default for the built-in simulator, so traces and banners say so. */
    simulated: z.boolean().default(false),
    /**
     * The scripts file the simulator behind a `simulated` provider is started with, as given to
     * `switchyard simulate --scripts` (relative to where commands run): the refused-connection hint
     * names it, since a suite whose expected answers are scripted fails without it.
     */
    simulator_scripts: z.string().min(1).optional(),
    /**
     * How `/v1/responses` reaches an openai provider: `native` sends the request as received to its
     * `/responses` (OpenAI itself; built-in tools work), `translate` sends chat completions, which
     * every OpenAI-compatible server understands.
     */
    responses: z.enum(['native', 'translate']).default('translate'),
  })
  .refine((provider) => provider.type === 'openai' || provider.responses === 'translate', {
    path: ['responses'],
    message: 'only an openai provider can speak the Responses API natively; leave "responses" out for anthropic and gemini',
  })
  .refine((provider) => provider.simulated || provider.simulator_scripts === undefined, {
    path: ['simulator_scripts'],
    message: 'only a simulated provider (simulated: true) is started from a simulator script; set simulated: true or leave "simulator_scripts" out',
  });

/**
 * The most output tokens a model can produce in one answer, for a model the built-in table
 * (`tokens/output-limits.ts`) does not know or has wrong: a local server's model, a fine-tune, a
 * new release. Output caps the client could not have sized are held to it and budgets reserve no
 * more than it, as for a model in the table.
 */
const outputLimitSchema = z.number().int().positive();

/**
 * The most prompt tokens a model takes, for a model the built-in table
 * (`tokens/context-windows.ts`) does not know or has wrong. A prompt clearly past it (estimated at
 * more than 1.4x) passes the target over before anything is sent, and after a target's
 * `context_length_exceeded` only targets with a larger window are tried.
 */
const contextWindowSchema = z.number().int().positive();

export const targetSchema = z.strictObject({
  provider: z.string().min(1),
  model: z.string().min(1),
  price: priceSchema.optional(),
  output_limit: outputLimitSchema.optional(),
  context_window: contextWindowSchema.optional(),
  /** Share of traffic in a load-balanced model; relative, not a percentage. */
  weight: z.number().positive().default(1),
});

export const modelSchema = z.strictObject({
  provider: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  price: priceSchema.optional(),
  /** Every target's output limit unless the target names its own (as `price`). */
  output_limit: outputLimitSchema.optional(),
  /** Every target's context window unless the target names its own (as `output_limit`). */
  context_window: contextWindowSchema.optional(),
  /** Tried in order: the next one only when the previous one failed after its retries. */
  fallbacks: z.array(targetSchema).min(1).optional(),
  /** Weighted split: one target is drawn per request, the others become its fallbacks. */
  loadbalance: z.array(targetSchema).min(1).optional(),
  /**
   * How a load-balanced model picks its first target: `weighted` draws by weight, `latency`
   * prefers the lowest recent latency, `least_busy` the fewest requests in flight, `headroom` the
   * most rate limit left (read from the providers' `x-ratelimit-*` headers). Targets whose
   * circuit is open are skipped whatever the rule.
   */
  balance: z.enum(['weighted', 'latency', 'least_busy', 'headroom']).default('weighted'),
  /** Per-model overrides of the global retry and timeout policy. */
  retry: z.lazy(() => retrySchema.partial()).optional(),
  timeouts: z.lazy(() => timeoutsSchema.partial()).optional(),
});

export const retrySchema = z.strictObject({
  /** Attempts per target, the first included. */
  max_attempts: z.number().int().min(1).max(10).default(3),
  base_delay_ms: z.number().int().min(0).default(200),
  max_delay_ms: z.number().int().min(0).default(8_000),
  /** A retry-after longer than this is not waited for: the next fallback is tried instead. */
  max_retry_after_ms: z.number().int().min(0).default(30_000),
});

export const timeoutsSchema = z.strictObject({
  /** Until the upstream's response headers arrive; a long non-streamed answer can take minutes. */
  attempt_ms: positiveMs.default(120_000),
  /** The whole request, all retries and fallbacks included. */
  total_ms: positiveMs.default(600_000),
});

/** A key's or team's name: one rule here, in the admin API, the CLI and the dashboard (`labelNameProblem`). */
const labelName = (field: string) =>
  z.string().superRefine((value, ctx) => {
    const problem = labelNameProblem(field, value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const keySchema = z.strictObject({
  key: headerText(z.string().min(8, 'a virtual key needs at least 8 characters')),
  name: labelName('a key name'),
  /** Model names this key may call; all when absent. */
  models: z.array(z.string().min(1)).optional(),
  budget: z.lazy(() => budgetSchema).optional(),
  rate_limit: z.lazy(() => rateLimitSchema).optional(),
  team: labelName('a team name').optional(),
});

/** Sliding 60-second windows, exact across replicas with `limits.store: redis`. */
export const rateLimitSchema = z.strictObject({
  requests_per_minute: z.number().int().positive().optional(),
  tokens_per_minute: z.number().int().positive().optional(),
});

export const serverSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(4000),
  /** OpenAI caps request bodies near this size too; larger is almost always a mistake. */
  body_limit_mb: z.number().positive().max(512).default(10),
  /** Credential for the admin API and dashboard; open on loopback when absent. */
  admin_key: headerText(z.string().min(8)).optional(),
  /**
   * A second credential, for people who work the review queue and nothing else (the reviewer
   * role): it reads and decides review items, and gets a 403 everywhere else. Needs admin_key.
   */
  reviewer_key: headerText(z.string().min(8)).optional(),
  /**
   * On SIGTERM, how long in-flight requests may take to finish before they are cut off. Below
   * the usual 30 s grace period of orchestrators, so traces are flushed before a SIGKILL.
   */
  shutdown_timeout_ms: z.number().int().min(0).max(600_000).default(20_000),
  /** A dashboard session unused this long ends; short enough that a forgotten tab doesn't stay signed in. */
  session_idle_minutes: z.number().int().min(1).max(7 * 24 * 60).default(120),
  /** A dashboard session ends this long after sign-in however active it is: a stolen one dies too. */
  session_max_hours: z.number().int().min(1).max(30 * 24).default(12),
  /**
   * The load balancers and reverse proxies in front of the gateway (addresses, CIDR ranges,
   * `loopback`, `private`, `linklocal`). Only a request whose connection comes from one of them
   * has its client read from `client_ip_header` (and its scheme from X-Forwarded-Proto); none by
   * default, since any client can write those headers.
   */
  trusted_proxies: trustedProxiesSchema.default([]),
  /** Where the trusted proxies write the client's address: `x-forwarded-for` (default) or RFC 7239 `forwarded`. */
  client_ip_header: clientIpHeaderSchema.optional(),
  /** `serve`'s log: `text` for a terminal, `json` (one object a line) for a log pipeline; `$SWITCHYARD_LOG_FORMAT` overrides it. */
  log_format: z.enum(['text', 'json']).default('text'),
  /** The least an event must matter to be logged (`error`, `warn`, `info`, `debug`); `$SWITCHYARD_LOG_LEVEL` overrides it. */
  log_level: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
}).superRefine((server, ctx) => {
  if (server.client_ip_header !== undefined && server.trusted_proxies.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['client_ip_header'], message: 'is read only from server.trusted_proxies, and none is listed: add the load balancers\' addresses' });
  }
  // Without an admin key the API is open on loopback (everyone is admin) or off: a reviewer key alone would guard nothing.
  if (server.reviewer_key !== undefined && server.admin_key === undefined) {
    ctx.addIssue({ code: 'custom', path: ['reviewer_key'], message: 'needs server.admin_key: without one the admin API is open on loopback (to everyone, as admin) or off' });
  }
  if (server.reviewer_key !== undefined && server.reviewer_key === server.admin_key) {
    ctx.addIssue({ code: 'custom', path: ['reviewer_key'], message: 'must differ from server.admin_key (the same key would be both roles)' });
  }
});

export const tracesSchema = z.strictObject({
  /** `full` keeps request and response bodies; `metadata` keeps only numbers and names. */
  bodies: z.enum(['full', 'metadata']).default('full'),
  /**
   * Traces written per transaction, one transaction per event-loop turn. 128 keeps each flush
   * to a few milliseconds while still writing ~29,000 traces/s here (500: ~37,000/s, longer stalls).
   */
  batch_size: z.number().int().min(1).max(10_000).default(128),
  flush_interval_ms: z.number().int().min(1).max(60_000).default(100),
  /**
   * `batched`: a SIGKILL loses at most the traces of the last flush window (flush_interval_ms plus
   * one batch write). `sync`: each trace is journaled and fsynced before its answer's last byte,
   * so no answered request's trace is lost; it costs latency (see README, Security). Either way,
   * on PostgreSQL the views derived from stored traces (overview rollups, review sampling,
   * monitoring) are fed up to a second after the store, so a SIGKILL can leave that last second
   * of stored traces out of them.
   */
  durability: z.enum(['batched', 'sync']).default('batched'),
  /** The journal's directory with `durability: sync` (default: next to the SQLite file, or .switchyard/trace-journal); one per process. */
  journal_dir: z.string().min(1).max(4096).optional(),
  /**
   * How long traces are kept; rollups (the overview's charts) are kept regardless. Off unless
   * set: a background job deletes what is past it every `every_minutes`, in small batches so the
   * writer is never held up for long.
   */
  retention: z
    .strictObject({
      /** Whole traces older than this many days are deleted. */
      days: z.number().positive().max(36_500).optional(),
      /** Bodies (request and response) older than this are dropped, the numbers kept; usually shorter than `days`. */
      bodies_days: z.number().positive().max(36_500).optional(),
      /** At most this many traces are kept, the oldest deleted first. */
      max_rows: z.number().int().min(1_000).optional(),
      /** Every run deletes at most a bounded batch per transaction; an hour keeps the backlog small. */
      every_minutes: z.number().min(1).max(1_440).default(60),
    })
    .optional(),
});

export const metricsSchema = z.strictObject({
  /** `GET /metrics` in the Prometheus text format. */
  enabled: z.boolean().default(true),
  /**
   * A bearer token for scrapers, so Prometheus need not hold the admin key. The admin key (and a
   * dashboard session) is accepted too; without either, only loopback may scrape.
   */
  token: z.string().min(16, 'a metrics token needs at least 16 characters').optional(),
  /** Serve /metrics to anyone who reaches the port (a private network with its own controls). */
  public: z.boolean().default(false),
  /** Node.js process metrics (CPU, memory, event-loop delay, GC) beside the gateway's own. */
  process: z.boolean().default(true),
});

export const otelSchema = z.strictObject({
  /**
   * OTLP/HTTP base URL (`http://collector:4318`): traces go to `/v1/traces`, metrics to
   * `/v1/metrics`. Defaults to `OTEL_EXPORTER_OTLP_ENDPOINT`; export is off when neither is set.
   */
  endpoint: httpUrl().optional(),
  /** Full URL for traces only (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), used as given. */
  traces_endpoint: httpUrl().optional(),
  /** Full URL for metrics only (`OTEL_EXPORTER_OTLP_METRICS_ENDPOINT`), used as given. */
  metrics_endpoint: httpUrl().optional(),
  /** Sent with every export (an API key of a hosted backend). */
  headers: headerMap(),
  service_name: z.string().min(1).default('switchyard'),
  /** Prompts and answers as span attributes (`gen_ai.input.messages`, `gen_ai.output.messages`): opt-in, they may hold personal data. */
  content: z.boolean().default(false),
  /** Share of calls without a sampled parent that get a span; a parent's sampled flag is always honoured. */
  sample_ratio: z.number().min(0).max(1).default(1),
  /** The GenAI metrics (`gen_ai.client.token.usage`, `gen_ai.client.operation.duration`, …) over OTLP too. */
  metrics: z.boolean().default(true),
  /** How often metrics are pushed. */
  metrics_interval_ms: z.number().int().min(1_000).max(3_600_000).default(60_000),
});

/**
 * The review queue's share of uncertain traffic. A trace whose decision reports a confidence under
 * `below` (a local task model that escalated) is already labelled by the large model that answered
 * it; a person sees only a bounded sample of them: per route, at most `per_hour` and `per_day`,
 * one per text (case and spacing aside), the least confident of the hour kept (an unreviewed
 * sample gives way to a less confident one), counted in the store over every replica and
 * restart. Explicit flags (guardrails, groundedness, anything with `action: flag`) are never
 * capped.
 */
export const reviewSchema = z.strictObject({
  low_confidence: z
    .strictObject({
      /** Confidence under this makes a trace a candidate (a local model's threshold is usually higher, so most escalations are not). */
      below: z.number().min(0).max(1).default(0.5),
      /** Per route and clock hour (UTC); 0 queues none. 10 an hour is what one reviewer clears in a few minutes. */
      per_hour: z.number().int().min(0).max(10_000).default(10),
      /** Per route and UTC day: a day of steady escalations stops at 50 items, not 240. */
      per_day: z.number().int().min(0).max(100_000).default(50),
    })
    .default({ below: 0.5, per_hour: 10, per_day: 50 }),
  /**
   * Local answers a shadow check found the large model labelling otherwise: the client may have
   * had a wrong answer, so these are the most telling items, but a model near its precision bar
   * contradicts a few in every hundred shadowed, so they are capped the same way (per route, one
   * per text), counted apart from the low-confidence ones.
   */
  disagreements: z
    .strictObject({
      per_hour: z.number().int().min(0).max(10_000).default(10),
      per_day: z.number().int().min(0).max(100_000).default(50),
    })
    .default({ per_hour: 10, per_day: 50 }),
});

export const limitsSchema = z.strictObject({
  /** `memory` is exact inside one process; `redis` holds limits and budgets across replicas. */
  store: z.enum(['memory', 'redis']).default('memory'),
  redis_url: redisUrl().default('redis://127.0.0.1:6379'),
  /** Where in Redis the counters live: replicas of one gateway share it, separate gateways don't. */
  redis_prefix: z.string().min(1).max(200).default('switchyard:limits'),
  /**
   * When Redis cannot be reached: `closed` refuses calls of keys with limits (503, retryable),
   * `open` serves them unlimited. Either way the trace and /health say so.
   */
  on_error: z.enum(['open', 'closed']).default('closed'),
  /**
   * What a key with a dollar budget (its own or its team's) may do with a model that has no price
   * (none on the model or target, none in the built-in table): such a call would be booked at $0,
   * which no budget counts. `refuse` (the default) answers it 403 naming the model, the budget and
   * the price to add, and passes over unpriced targets of a fallback or load-balanced model;
   * `allow` serves it, counted against the rate limits but not the budget. Keys without a budget
   * are never refused for it.
   */
  unpriced: z.enum(['refuse', 'allow']).default('refuse'),
  /** Output tokens a budget reserves for a request that sets no max_tokens. */
  default_max_output_tokens: z.number().int().positive().max(1_000_000).default(4096),
  /**
   * How often each replica checks the store for keys and teams changed at runtime: a key revoked
   * on one replica is refused on all within this (plus one store read).
   */
  keys_poll_ms: z.number().int().min(50).max(60_000).default(500),
});

export { BUDGET_TOO_SMALL_HINT, BUDGET_USD, BUDGET_USD_RANGE, budgetSchema } from './budget-schema.js';

/** A team: its keys share its budget and its rate limit, on top of their own. */
export const teamSchema = z.strictObject({
  name: labelName('a team name'),
  budget: budgetSchema.optional(),
  rate_limit: rateLimitSchema.optional(),
});

/** Where traces, rollups, reviews and evaluations live: exactly one backend. */
export type StoreConfig = { sqlite: string } | { postgres: string };

export { DEFAULT_SQLITE_PATH };

export const storeSchema = z
  .strictObject({
    /** SQLite file: one process, nothing else to run (the default). */
    sqlite: z.string().min(1).max(4096).optional(),
    /**
     * PostgreSQL URL, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?schema=NAME]`, pooled:
     * replicas share it. `schema` keeps Switchyard's tables in their own schema (created if needed).
     */
    postgres: z
      .string()
      .max(4096)
      .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'expected a URL like postgres://user@127.0.0.1:5432/switchyard')
      .optional(),
  })
  .superRefine((store, ctx) => {
    const given = [store.sqlite, store.postgres].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', message: `name exactly one backend, { sqlite: FILE } or { postgres: URL }${given === 2 ? ', not both' : ''}` });
  })
  .transform((store): StoreConfig => (store.postgres !== undefined ? { postgres: store.postgres } : { sqlite: store.sqlite as string }));

export const configSchema = z.strictObject({
  server: serverSchema.default(serverSchema.parse({})),
  store: storeSchema.default({ sqlite: DEFAULT_SQLITE_PATH }),
  traces: tracesSchema.default(tracesSchema.parse({})),
  limits: limitsSchema.default(limitsSchema.parse({})),
  metrics: metricsSchema.default(metricsSchema.parse({})),
  otel: otelSchema.default(otelSchema.parse({})),
  retry: retrySchema.default(retrySchema.parse({})),
  timeouts: timeoutsSchema.default(timeoutsSchema.parse({})),
  providers: z.record(z.string().min(1), providerSchema).default({}),
  models: z.record(z.string().min(1), modelSchema).default({}),
  /** Virtual model names with a policy (conditional, split, cascade, learned, static) and options such as a local task model. */
  routes: routesSchema.default({}),
  keys: z.array(keySchema).default([]),
  /** The response cache: opt-in per model or route. */
  cache: cacheSchema.default(cacheSchema.parse({})),
  /** Circuit breakers, one per target (provider and model). */
  breaker: breakerSchema.default(breakerSchema.parse({})),
  /** Teams the config file defines; more can be created at runtime (`switchyard teams create`). */
  teams: z.array(teamSchema).default([]),
  /** Named guardrail policies (PII, injection, input and output checks) and who they apply to. */
  guardrails: guardrailsSchema.default(guardrailsSchema.parse({})),
  /** Topics, drift reports, online evaluation and alert rules, run by a background worker. */
  monitoring: monitoringSchema.default(monitoringSchema.parse({})),
  /** How much of the uncertain traffic reaches the review queue. */
  review: reviewSchema.default(reviewSchema.parse({})),
});

export type Config = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type TargetConfig = z.output<typeof targetSchema>;
export type KeyConfig = z.output<typeof keySchema>;
export type TeamConfig = z.output<typeof teamSchema>;
export type Price = z.output<typeof priceSchema>;
export type RetryPolicy = z.output<typeof retrySchema>;
export type Timeouts = z.output<typeof timeoutsSchema>;
export type MetricsConfig = z.output<typeof metricsSchema>;
export type OtelConfig = z.output<typeof otelSchema>;
export type TracesConfig = z.output<typeof tracesSchema>;
export type ReviewConfig = z.output<typeof reviewSchema>;
export type TraceRetention = NonNullable<z.output<typeof tracesSchema>['retention']>;
