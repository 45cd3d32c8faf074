import type { AbortLike } from '../core/call-abort.js';
import type { SwitchyardError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import { newId } from '../core/ids.js';
import type { ChatCompletion, ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';
import type { VirtualKey } from '../limits/keys.js';

/** The client's call an internal call serves (a cascade judge, a retrieval embedding): its key pays. */
export interface OnBehalfOf {
  key: VirtualKey | null;
  traceId: string;
  /** The client call's conversation: the internal call is traced in it too, so a session lists it. */
  session?: string | null | undefined;
  /**
   * The route whose decision made the call (a cascade's judge): named on the internal call's trace
   * (`decisions.internal.route`), so route reports count what it cost against that route.
   */
  route?: string | undefined;
}
import type { ModelPlan, Target } from '../routing/catalog.js';
import type { Attempt, Endpoint } from '../core/trace.js';
import type { SpanIds } from '../core/trace-context.js';
import type { PriceEntry } from '../tokens/price-table.js';
import { addUsage, type Usage } from '../tokens/usage.js';
import type { UnpricedRefusal } from './unpriced-policy.js';

/** What a client (or one of Switchyard's own features) asks the gateway for. */
export interface CallInput {
  endpoint: Endpoint;
  format: ClientFormat;
  /** The body as received; parsed by the pipeline's first stage unless `body` is given. */
  bodyText: string;
  /** Already parsed (in-process calls); `bodyText` must then be its JSON. */
  body?: JsonObject | undefined;
  /**
   * What Google's Gemini API says in the path rather than the body: the model and the method
   * (`models/{model}:streamGenerateContent`). Set for `format: 'gemini'`.
   */
  fromPath?: GeminiPathCall | undefined;
  /** Reading the body failed (too large, cut off): the call is traced and answered with it. */
  bodyError?: SwitchyardError | undefined;
  /** The key the client presented; ignored for internal calls. */
  secret?: string | undefined;
  /** Without a secret: why the headers held none the gateway reads (limits/keys.ts unreadKey), for the 401. */
  unreadKey?: string | undefined;
  metadata?: Record<string, unknown> | null;
  /** The conversation the call belongs to (core/client-session.ts), stored on its trace. */
  session?: string | null;
  /** Client headers passed on to providers that understand them (`anthropic-beta`). */
  forward?: Readonly<Record<string, string>> | undefined;
  /** Aborted when the client leaves; its reason says why. */
  signal: AbortLike;
  /**
   * Set for calls Switchyard's own features make in-process (judges, guards, retrieval): no
   * virtual key is needed, and the trace names the feature instead — unless the call serves a
   * client's call (`onBehalfOf`): then that call's key pays for it (budget and limits) and its
   * trace names the key, the feature and the client's trace.
   */
  internal?: { feature: string; onBehalfOf?: OnBehalfOf | undefined } | undefined;
  /** The caller's W3C `traceparent` and `tracestate` headers: the gateway's span joins its trace. */
  traceparent?: string | undefined;
  tracestate?: string | undefined;
  /**
   * The client's cache directive: `no-cache` skips reading the response cache (a fresh answer
   * replaces the stored one), `no-store` skips it entirely.
   */
  cache?: CacheDirective | undefined;
  /** From `Cache-Control: max-age=N`: a stored answer older than this is not served (a fresh one replaces it). */
  cacheMaxAgeMs?: number | undefined;
  /**
   * Per-call changes to what the route does, for Switchyard's own comparisons (the ladder report
   * runs one dataset through the same route with and without its knowledge base or local model).
   * Only in-process callers can set them.
   */
  overrides?: CallOverrides | undefined;
}

/** Retrieval settings an in-process caller may set for one call (an eval variant's). */
export interface KnowledgeOverride {
  base: string;
  k?: number;
  mode?: 'bm25' | 'dense' | 'hybrid';
  embed_model?: string;
  filter?: Record<string, string | number | boolean | (string | number | boolean)[]>;
}

export interface CallOverrides {
  /**
   * A knowledge base to ground in instead of the route's (null: none), by name or with retrieval
   * settings that replace the route's (`{ base, k, mode, embed_model, filter }`).
   */
  knowledge?: string | KnowledgeOverride | null;
  /** false: the route's local task model does not answer (every request goes to its target). */
  local?: boolean;
}

export type CacheDirective = 'no-cache' | 'no-store';

/** A Gemini API call's model and method, from its path. */
export interface GeminiPathCall {
  model: string;
  method: 'generateContent' | 'streamGenerateContent' | 'embedContent' | 'batchEmbedContents';
}

/** How the answer reached (or failed to reach) the caller; decides the trace's status. */
export interface Delivery {
  /**
   * The status that went out on the wire: a stream the client left mid-way still went out as 200;
   * 499 when the client left before any status was sent.
   */
  status: number;
  /** The client left before its answer was complete. */
  clientClosed: boolean;
}

type SettleHook = () => void | Promise<void>;

/**
 * One model call as it passes through the pipeline. `input` is what was asked; the other fields
 * are what the stages learn, and become the trace once the answer has been delivered.
 * Stages register work that must wait for the end of the answer (a stream's usage, limits,
 * the trace itself) with `onSettled`.
 */
export class Call {
  readonly requestId = newId('req');
  readonly traceId = newId('tr');
  /**
   * Wall-clock start (ms since the epoch; the gateway's clock, so the trace's time and the
   * monitor's windows agree under an injected one) and a monotonic start for durations.
   */
  readonly startedAt: number;
  readonly t0 = performance.now();
  /**
   * The body that goes upstream: parsed by the parse stage (or given by an in-process caller),
   * and rewritten by stages that must (a conversation's earlier turns added, PII redacted).
   */
  body: JsonObject;
  /** The body as the client sent it, parsed: what answers echo (a Response's `instructions`, `tools`). */
  received: JsonObject;
  key: VirtualKey | null = null;
  /**
   * The conversation the call belongs to (core/client-session.ts): the input's, else one the
   * parse stage read from the body (Claude Code's `metadata.user_id`). Stored on the trace, and
   * passed to the calls the gateway makes for this one (`OnBehalfOf`).
   */
  session: string | null;
  /** The model or route name the client asked for. */
  model = '';
  /** Set when `model` names a route: the route stage decides which model serves it. */
  routeName: string | null = null;
  plan: ModelPlan | null = null;
  /**
   * The request in the canonical format, once a stage needed it (routing, guards, local models);
   * the provider call uses it rather than converting the body again. A stage may set a changed
   * copy (a cascade asking for log-probabilities).
   */
  canonical: ChatCompletionRequest | undefined = undefined;
  /**
   * Text the gateway's own configuration added to the request (a knowledge route's template
   * around its sources): the re-check of added text scores what was retrieved, not this. The
   * default template's instructions to the model ("Answer using the numbered sources below…")
   * alone score 0.92 on the document head.
   */
  configuredText: string[] = [];
  /** Use the canonical exchange even with a provider that speaks the client's format. */
  forceCanonical = false;
  /**
   * The canonical request was rewritten for privacy (PII redacted): providers get it and never
   * the client's body, whatever later stages set `forceCanonical` to.
   */
  canonicalOnly = false;
  /** The last whole answer the provider call produced, canonical (when it went the canonical way). */
  completion: ChatCompletion | undefined = undefined;
  /** Dollars already spent on earlier steps of this call (a cascade's rejected answers). */
  spentBeforeUsd = 0;
  /**
   * Tokens of earlier model calls made for this call whose answers were not delivered (a
   * guardrail's re-asks): counted on the trace and against budgets; their cost is in `spentBeforeUsd`.
   */
  usageBefore: Usage | undefined = undefined;
  stream = false;
  /**
   * The client gets this call's stream only whole (the output guardrails hold it to check it), so
   * the provider stage reads it to its end within the attempt: a provider that fails mid-stream
   * is retried or falls back like any failed attempt, since nothing has reached the client yet.
   */
  holdStream = false;
  /**
   * Why this call's answer must not be stored in the response cache although it was delivered
   * whole: a grounded route's retrieval failed, so the answer went out without its context, and a
   * stored copy would answer every later caller so for the cache's TTL, after the base is back.
   */
  notCached: string | undefined = undefined;
  provider: string | null = null;
  upstreamModel: string | null = null;
  /** The target that answered (set with `provider` by the provider stage): whose rules count tokens it did not report. */
  servedBy: Target | null = null;
  usage: Usage | undefined = undefined;
  /**
   * The stream ended before the upstream finished it (the client left, the connection broke):
   * `usage` is what was reported so far, which may not count the output already relayed
   * (Claude reports `output_tokens: 1` at the start and the count only at the end).
   */
  streamCut = false;
  /**
   * Set when the call's key has a dollar budget and `limits.unpriced` is `refuse`: targets with no
   * price are passed over, and a model with none left is refused (`gateway/unpriced-policy.ts`).
   */
  unpricedRefusal: UnpricedRefusal | undefined = undefined;
  /** The price of whatever answered; undefined when unknown (cost 0) or free (a local model). */
  price: PriceEntry | undefined = undefined;
  costUsd = 0;
  /** The cost stage registered its settle hook (a cascade passes it more than once; the cost is settled once). */
  costHooked = false;
  ttftMs: number | null = null;
  readonly attempts: Attempt[] = [];
  /** The gateway's OpenTelemetry span of this call, when tracing is on (exported after it settled). */
  span: SpanIds | null = null;
  /** Routing, guardrail and cache decisions with their reasons, by stage. */
  decisions: Record<string, unknown> | null = null;
  /** The request body for the trace: its text, kept as received once it parsed. */
  request: unknown = null;
  /** The answer as the client received it, for the trace (text, rebuilt lazily for streams). */
  response: unknown = null;
  /**
   * The trace that already holds this answer (a cache hit's: the call that made it, in the same API).
   * This call's trace then names it instead of keeping a second copy (the trace stores read it from
   * there); `response` is still set, for the stages that look at the answer.
   */
  answerTracedOn: string | null = null;
  error: SwitchyardError | null = null;
  delivery: Delivery | null = null;
  /**
   * Monotonic time the answer was delivered (settle began): the call's latency ends here, not after
   * the work settle hooks do off the request path (a groundedness judge, training examples).
   */
  deliveredAt: number | null = null;
  /** Failures of settle hooks (a limit store that is down, say), for the trace stage to report. */
  readonly settleErrors: unknown[] = [];
  private readonly hooks: SettleHook[] = [];

  constructor(
    readonly input: CallInput,
    startedAt = Date.now(),
  ) {
    this.startedAt = startedAt;
    this.body = this.received = input.body ?? {};
    this.session = input.session ?? null;
  }

  /** The body's text as received while `body` is still its parse (no stage rewrote it): what a same-format provider may send as is. */
  get unchangedBodyText(): string | undefined {
    return this.body === this.received ? this.input.bodyText : undefined;
  }

  /** Every token this call used: the delivered answer's and those of earlier attempts (`usageBefore`). */
  totalUsage(): Usage | undefined {
    if (!this.usageBefore) return this.usage;
    return this.usage ? addUsage(this.usageBefore, this.usage) : this.usageBefore;
  }

  /**
   * Books the call to the target that had its request: the provider and model on the trace, the
   * rules that count its tokens, the price its cost is read at. One place, for an answer and for
   * an attempt the client abandoned alike.
   */
  bookTo(target: Target): void {
    this.provider = target.provider.name;
    this.upstreamModel = target.model;
    this.servedBy = target;
    this.price = target.price;
  }

  /** Records a stage's decision for the trace. */
  decide(stage: string, decision: unknown): void {
    (this.decisions ??= {})[stage] = decision;
  }

  /**
   * Runs `hook` once the answer has been delivered. Hooks run in reverse order of registration:
   * one registered before the stage calls `next()` runs after every hook the stages inside it
   * register, and after any registered once `next()` has returned (the cost stage settles the
   * cost that way, so a hook that reads the final cost registers before its `next()`).
   */
  onSettled(hook: SettleHook): void {
    this.hooks.push(hook);
  }

  /** Called once by whoever delivered the answer (the HTTP edge, the in-process client). */
  async settle(delivery: Delivery): Promise<void> {
    this.delivery = delivery;
    this.deliveredAt ??= performance.now();
    // Innermost first, and each runs even when one before it failed: the trace is written last, always.
    for (let i = this.hooks.length - 1; i >= 0; i--) {
      try {
        // A hook that finished synchronously is not awaited: no extra turn of the microtask queue.
        const done = (this.hooks[i] as SettleHook)();
        if (done) await done;
      } catch (error) {
        this.settleErrors.push(error);
      }
    }
  }
}
