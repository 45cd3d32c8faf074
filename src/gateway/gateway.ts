import type { AnthropicMessagesRequest } from '../core/anthropic-wire.js';
import type { AbortLike } from '../core/call-abort.js';
import type { Clock, Random } from '../core/clock.js';
import { toSwitchyardError } from '../core/errors.js';
import { type ChatCompletionRequest, type JsonObject } from '../core/openai-wire.js';
import { geminiCountRequest } from './client-formats/gemini/count-request.js';
import type { ResponsesRequest } from '../core/responses-wire.js';
import { toChatRequest } from './client-formats/responses/to-chat-request.js';
import { historyOf, inputItems, ownResponse, resolveItemReferences } from './responses/conversation-items.js';
import type { KeyRegistry, VirtualKey } from '../limits/keys.js';
import type { CountBody } from './guard/guard-slot.js';
import type { LimitStore } from '../limits/limit-store.js';
import { fromAnthropicRequest } from '../providers/anthropic/index.js';
import type { ModelCatalog, Target } from '../routing/catalog.js';
import { orderTargets } from '../routing/order-targets.js';
import type { TargetHealth } from '../routing/target-health.js';
import { tokenCounter } from '../tokens/count-tokens.js';
import { mediaTokens } from './media-tokens.js';
import { Call, type CallInput } from './call.js';
import type { Outcome } from './outcome.js';
import { composeStages, type Stage } from './pipeline.js';
import { keepConversation } from './responses/keep-conversation.js';
import { MemoryResponseStore } from './responses/memory-response-store.js';
import { type ResponseStore, responseOwner } from './responses/response-store.js';
import { accountCost } from './stages/account-cost.js';
import { authenticate } from './stages/authenticate.js';
import { callEmbeddings } from './stages/call-embeddings.js';
import { callProvider } from './stages/call-provider.js';
import { type EnforceLimitsOptions, enforceLimits } from './stages/enforce-limits.js';
import { parseBody } from './stages/parse-body.js';
import { type CallObserver, recordTrace, type TraceSink } from './stages/record-trace.js';
import { spanIdsFor } from '../core/trace-context.js';
import { assertKeyMayUse, resolveModel } from './stages/resolve-model.js';
import { requiredField, validateCountBody } from './validate-chat-body.js';
import type { Log } from '../core/log.js';

/**
 * The slots later features fill, in pipeline order. Each holds stages that see every chat call
 * at that point: guards on the way in, the response cache, routing policies, guards on the way out.
 */
export interface PipelineSlots {
  guardIn?: Stage[];
  cache?: Stage[];
  route?: Stage[];
  guardOut?: Stage[];
  /** The guards' say on a token count's body before it is forwarded (redacted, or kept here). */
  countBody?: CountBody;
}

export interface GatewayDeps {
  catalog: ModelCatalog;
  keys: KeyRegistry;
  limits: LimitStore;
  /** What happens when the limit store is unreachable, and what a request with no output cap reserves. */
  limitOptions?: Omit<EnforceLimitsOptions, 'log'>;
  traces: TraceSink;
  /** `traces.bodies: full`: keep request and response bodies on traces. */
  keepBodies: boolean;
  clock: Clock;
  random: Random;
  slots?: PipelineSlots;
  /** Circuit breakers and latency per target, shared by every call; none when absent. */
  health?: TargetHealth;
  /** Where Responses API answers are kept for `previous_response_id` and GET/DELETE; in memory when absent. */
  responses?: ResponseStore;
  log?: Log;
  /** See every call once it settled, beside its trace (metrics, OpenTelemetry spans); they must be cheap. */
  observers?: readonly CallObserver[];
  /** OpenTelemetry export is on: each call gets span ids (joining the caller's `traceparent`), returned as `traceresponse`. */
  tracing?: { sampleRatio: number };
}

/** A call that went through the pipeline: settle it once its outcome has been delivered. */
export interface HandledCall {
  call: Call;
  outcome: Outcome;
}

/**
 * The request pipeline for model calls, composed once:
 * trace → parse → auth → model → limits → (guard in) → (cache) → (route) → (guard out) → cost → provider.
 * Responses API calls run the same stages with one more after the model: their conversation
 * state (earlier turns in, the answer stored).
 * It knows nothing of sockets: the HTTP edge and the in-process model client both feed it a
 * `CallInput` and deliver the `Outcome` it returns.
 */
export class Gateway {
  private readonly chat: (call: Call) => Promise<Outcome>;
  private readonly responses: (call: Call) => Promise<Outcome>;
  private readonly embeddings: (call: Call) => Promise<Outcome>;
  /** The Responses API answers this gateway keeps (GET/DELETE `/v1/responses/{id}` read it too). */
  readonly responseStore: ResponseStore;

  constructor(private readonly deps: GatewayDeps) {
    const slots = deps.slots ?? {};
    this.responseStore = deps.responses ?? new MemoryResponseStore(deps.clock);
    const entry = [recordTrace(deps.traces, deps.keepBodies, deps.log ?? (() => undefined), deps.observers), parseBody(deps.catalog), authenticate(deps.keys, deps.catalog), resolveModel(deps.catalog)];
    const limits = enforceLimits(deps.limits, deps.catalog, deps.clock, { ...deps.limitOptions, log: deps.log });
    const attempts = { clock: deps.clock, random: deps.random, health: deps.health };
    const answer = [
      ...(slots.guardIn ?? []),
      ...(slots.cache ?? []),
      ...(slots.route ?? []),
      ...(slots.guardOut ?? []),
      accountCost,
      callProvider(attempts),
    ];
    this.chat = composeStages([...entry, limits, ...answer]);
    this.responses = composeStages([...entry, keepConversation(this.responseStore, () => deps.clock.now()), limits, ...answer]);
    this.embeddings = composeStages([...entry, limits, accountCost, callEmbeddings(attempts)]);
  }

  get catalog(): ModelCatalog {
    return this.deps.catalog;
  }

  /** Runs a call through the pipeline. Never throws: a failure is an `error` outcome. */
  async handle(input: CallInput): Promise<HandledCall> {
    const call = new Call(input, this.deps.clock.now());
    // A caller's traceparent is kept even with export off, so the trace view can join its spans.
    if (this.deps.tracing || input.traceparent !== undefined) call.span = spanIdsFor(input.traceparent, input.tracestate, this.deps.tracing?.sampleRatio ?? 0, this.deps.random);
    const run = input.endpoint === 'embeddings' ? this.embeddings : input.format === 'responses' ? this.responses : this.chat;
    try {
      return { call, outcome: await run(call) };
    } catch (thrown) {
      const error = toSwitchyardError(thrown);
      call.error = error;
      return { call, outcome: { kind: 'error', error, headers: {} } };
    }
  }

  /**
   * Anthropic's `POST /v1/messages/count_tokens` (Claude Code and the SDK call it before long
   * requests): forwarded to a provider that counts natively, counted locally for any other.
   * A token count is not a model call: no limits, cost or trace.
   */
  async countTokens(key: VirtualKey | null, body: JsonObject, signal: AbortLike): Promise<string> {
    if (!Array.isArray(body.messages)) throw requiredField('messages', { expected: 'array', holds: 'an array of messages' }, body.messages);
    validateCountBody('anthropic', body);
    const plan = this.deps.catalog.resolve(body.model);
    assertKeyMayUse(key, plan.name);
    const target = orderTargets(plan, this.deps.random)[0] as Target;
    // Forwarded, the body is the conversation: redacted as the model call's would be, or counted here when its policy blocks it.
    const sent = this.deps.slots?.countBody ? this.deps.slots.countBody(key, body.model as string, 'anthropic', body) : body;
    if (target.provider.countTokens && sent !== null) return target.provider.countTokens(sent, { model: target.model, signal, timeoutMs: plan.timeouts.attempt_ms });
    const request = fromAnthropicRequest({ max_tokens: 1, ...body } as AnthropicMessagesRequest);
    return JSON.stringify({ input_tokens: await countChatInput(request, target) });
  }

  /**
   * Google's `POST /v1beta/models/{model}:countTokens` (`ai.models.countTokens()`): forwarded to a
   * Gemini provider, which counts exactly (a `cachedContent` too); for any other, the request as
   * a chat request, counted as count_tokens counts for a model that does not count natively.
   * Not a model call: no limits, cost or trace.
   *
   * @example await gateway.countGeminiTokens(null, 'small', { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }, signal) // '{"totalTokens":8}'
   */
  async countGeminiTokens(key: VirtualKey | null, model: string, body: JsonObject, signal: AbortLike): Promise<string> {
    const plan = this.deps.catalog.resolve(model);
    assertKeyMayUse(key, plan.name);
    const target = orderTargets(plan, this.deps.random)[0] as Target;
    const sent = this.deps.slots?.countBody ? this.deps.slots.countBody(key, model, 'gemini', body) : body;
    if (target.provider.countGeminiTokens && sent !== null) return target.provider.countGeminiTokens(sent, { model: target.model, signal, timeoutMs: plan.timeouts.attempt_ms });
    return JSON.stringify({ totalTokens: await countChatInput(geminiCountRequest(model, body), target) });
  }

  /**
   * OpenAI's `POST /v1/responses/input_tokens` (`client.responses.inputTokens.count()`): the input
   * as the model would get it on create (the turns of `previous_response_id` and the items of
   * `item_reference`s this gateway stored put in), counted locally as count_tokens counts for a
   * model that does not count natively. Not a model call: no limits, cost or trace.
   *
   * @example await gateway.countResponseInputTokens(null, { model: 'small', input: 'Hi' }) // '{"object":"response.input_tokens","input_tokens":8}'
   */
  async countResponseInputTokens(key: VirtualKey | null, body: JsonObject): Promise<string> {
    validateCountBody('responses', body);
    const plan = this.deps.catalog.resolve(body.model);
    assertKeyMayUse(key, plan.name);
    const target = orderTargets(plan, this.deps.random)[0] as Target;
    const owner = responseOwner(key);
    // Counted here as a translated request: an item OpenAI named must be put in too.
    let input = (await resolveItemReferences(this.responseStore, owner, inputItems(body.input), true)).items;
    const previousId = body.previous_response_id;
    if (typeof previousId === 'string' && previousId !== '') input = [...historyOf(await ownResponse(this.responseStore, owner, previousId, 'previous_response_id')), ...input];
    const request = toChatRequest({ ...body, input } as unknown as ResponsesRequest);
    return JSON.stringify({ object: 'response.input_tokens', input_tokens: await countChatInput(request, target) });
  }
}

/** A chat request's input tokens: o200k over the messages and tools, each image and PDF at its vendor's rate. */
async function countChatInput(request: ChatCompletionRequest, target: Target): Promise<number> {
  const count = tokenCounter();
  const [messages, tools] = await Promise.all([count.chat(request.messages), request.tools ? count.text(JSON.stringify(request.tools)) : 0]);
  return messages + tools + mediaTokens(request.messages, target);
}
