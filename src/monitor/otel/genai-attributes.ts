import { clip } from '../../core/clip.js';
import { JsonText, jsonTextOf, jsonValueOf } from '../../core/json-text.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Call } from '../../gateway/call.js';
import { routeBranchOf } from '../rollup.js';
import { decisionOutcome, isStageName } from '../metrics/decision-outcome.js';

type AttributeValue = string | number | boolean | string[];
export type SpanAttributes = Record<string, AttributeValue>;

/** What a span needs from a call beyond its trace, copied while the call settles (cheap reads only). */
export interface CallFacts {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** The answer as the trace keeps it (kept JSON text, a captured stream, a canonical completion); read off the request path. */
  answer: unknown;
  /**
   * The HTTP status the client's response went out with, when one did. It differs from the
   * trace's for a stream that broke after its 200: the trace records what broke it (429, 502) or
   * the client leaving (499), the wire carried 200.
   */
  sentStatus?: number;
  feature?: string;
  route?: string;
  /** Only with `otel.content: true`. */
  input?: unknown;
  output?: unknown;
}

/** Content attributes longer than this are cut: collectors refuse or truncate huge spans anyway. */
const MAX_CONTENT_CHARS = 64 * 1024;

/**
 * Reads the request parameters, finish reasons and (opt-in) content of a settled call.
 *
 * @example callFacts(call, false) // { temperature: 0.2, maxTokens: 200, finishReasons: ['stop'] }
 */
export function callFacts(call: Call, content: boolean): CallFacts {
  const body = call.received;
  const facts: CallFacts = { answer: call.completion ?? call.response };
  // A client that left before any status went out saw none: the span keeps the trace's 499.
  if (call.delivery && !(call.delivery.clientClosed && call.delivery.status === 499)) facts.sentStatus = call.delivery.status;
  if (typeof body.temperature === 'number') facts.temperature = body.temperature;
  if (typeof body.top_p === 'number') facts.topP = body.top_p;
  const max = body.max_tokens ?? body.max_completion_tokens ?? body.max_output_tokens;
  if (typeof max === 'number') facts.maxTokens = max;
  if (call.input.internal) facts.feature = call.input.internal.feature;
  if (call.routeName) facts.route = call.routeName;
  if (content) {
    facts.input = body.messages ?? body.input ?? null;
    facts.output = call.completion?.choices.map((c) => c.message) ?? call.response;
  }
  return facts;
}

/**
 * The finish reasons of an answer in any client format: OpenAI's `finish_reason` per choice,
 * Anthropic's `stop_reason`, the Responses API's `status`. Same-format answers pass through
 * unparsed, so this reads what the trace keeps; it runs off the request path.
 *
 * @example finishReasons(new JsonText('{"stop_reason":"end_turn"}')) // ['end_turn']
 */
export function finishReasons(answer: unknown): string[] {
  // A relayed stream kept as its SSE text: the reason is in its last events; rebuilding the
  // whole answer would parse every chunk a second time (the trace writer already does once).
  const blocks = (answer as { blocks?: unknown } | null)?.blocks;
  if (Array.isArray(blocks)) {
    for (let i = blocks.length - 1; i >= Math.max(0, blocks.length - 4); i--) {
      const found = /"(?:finish_reason|stop_reason)"\s*:\s*"([a-z_]{1,32})"/.exec(String(blocks[i]));
      if (found) return [found[1] as string];
    }
    return [];
  }
  // Kept JSON text: read the reasons off the text rather than parsing the whole answer. Inside a
  // string value every quote is escaped, so `"finish_reason":` only matches a key; OpenAI's
  // choices carry no other object that could hold one. Anthropic's tool_use input is an object
  // that could, so `stop_reason` is taken from the text only when it occurs once.
  if (answer instanceof JsonText) {
    const text = answer.text;
    const reasons = [...text.matchAll(FINISH_REASON)].map((m) => m[1] ?? 'unknown');
    if (reasons.length > 0) return reasons;
    const stops = [...text.matchAll(STOP_REASON)];
    if (stops.length === 1) return [(stops[0] as RegExpExecArray)[1] as string];
  }
  let value: unknown;
  try {
    value = jsonValueOf(answer);
  } catch {
    return [];
  }
  if (value === null || typeof value !== 'object') return [];
  const v = value as { choices?: unknown; stop_reason?: unknown; status?: unknown; object?: unknown };
  if (Array.isArray(v.choices)) return v.choices.map((c) => String((c as { finish_reason?: unknown }).finish_reason ?? 'unknown'));
  if (typeof v.stop_reason === 'string') return [v.stop_reason];
  if (v.object === 'response' && typeof v.status === 'string') return [v.status];
  return [];
}

const FINISH_REASON = /"finish_reason"\s*:\s*(?:"([a-z_]{1,32})"|null)/g;
const STOP_REASON = /"stop_reason"\s*:\s*"([a-z_]{1,32})"/g;

/** gen_ai.provider.name for each provider type (the semantic conventions' well-known values). */
const PROVIDER_NAMES: Record<string, string> = { openai: 'openai', anthropic: 'anthropic', gemini: 'gcp.gemini' };

/**
 * A gateway call's span attributes: the OpenTelemetry GenAI semantic conventions where they
 * have a name, Switchyard's own (cost, route, key, decisions) under `switchyard.`.
 *
 * @example genAiAttributes(trace, facts, { openai: 'openai' })['gen_ai.request.model'] // 'gpt-4o-mini'
 */
export function genAiAttributes(trace: TraceRecord, facts: CallFacts, providerTypes: Readonly<Record<string, string>>): SpanAttributes {
  const a: SpanAttributes = {
    'gen_ai.operation.name': operationName(trace),
    'gen_ai.request.model': trace.requestedModel,
    // OTel's HTTP conventions: the status code sent on the wire. A stream that failed after its
    // 200 is a failure all the same: `error.type` and the span's status (trace.status) say so.
    'http.response.status_code': facts.sentStatus ?? trace.status,
    'switchyard.trace_id': trace.id,
    'switchyard.endpoint': trace.endpoint,
    'switchyard.cost_usd': trace.costUsd,
    'switchyard.stream': trace.stream,
  };
  const provider = trace.provider ?? trace.attempts[trace.attempts.length - 1]?.provider;
  if (provider !== undefined) {
    a['gen_ai.provider.name'] = providerName(provider, providerTypes);
    a['switchyard.provider'] = provider;
  }
  if (trace.upstreamModel) a['gen_ai.response.model'] = trace.upstreamModel;
  if (trace.inputTokens > 0 || trace.outputTokens > 0) {
    a['gen_ai.usage.input_tokens'] = trace.inputTokens;
    a['gen_ai.usage.output_tokens'] = trace.outputTokens;
    if (trace.usageEstimated) a['switchyard.usage.estimated'] = true;
  }
  if (trace.cachedTokens > 0) a['gen_ai.usage.cache_read.input_tokens'] = trace.cachedTokens;
  if (trace.reasoningTokens > 0) a['gen_ai.usage.reasoning.output_tokens'] = trace.reasoningTokens;
  const reasons = trace.status < 400 ? finishReasons(facts.answer) : [];
  if (reasons.length > 0) a['gen_ai.response.finish_reasons'] = reasons;
  if (trace.stream && trace.ttftMs !== null) a['gen_ai.response.time_to_first_chunk'] = trace.ttftMs / 1000;
  if (trace.ttftMs !== null) a['switchyard.ttft_ms'] = trace.ttftMs;
  if (facts.temperature !== undefined) a['gen_ai.request.temperature'] = facts.temperature;
  if (facts.topP !== undefined) a['gen_ai.request.top_p'] = facts.topP;
  if (facts.maxTokens !== undefined) a['gen_ai.request.max_tokens'] = facts.maxTokens;
  if (trace.status >= 400) a['error.type'] = trace.errorCode ?? String(trace.status);
  if (trace.keyName) a['switchyard.key'] = trace.keyName;
  if (trace.team) a['switchyard.team'] = trace.team;
  if (facts.feature) a['switchyard.feature'] = facts.feature;
  if (facts.route) a['switchyard.route'] = facts.route;
  const branch = routeBranchOf(trace);
  if (branch) a['switchyard.route.branch'] = branch.slice(branch.indexOf(' > ') + 3);
  for (const [stage, decision] of Object.entries(trace.decisions ?? {})) {
    if (stage === 'guardrails' && Array.isArray(decision)) a['switchyard.guardrails'] = decision.map(guardVerdict);
    else if (isStageName(stage) && !Array.isArray(decision)) a[`switchyard.decision.${stage}`] = decisionOutcome(decision);
  }
  if (facts.input !== undefined) a['gen_ai.input.messages'] = contentText(facts.input);
  if (facts.output !== undefined && facts.output !== null) a['gen_ai.output.messages'] = contentText(facts.output);
  return a;
}

/**
 * gen_ai.provider.name of a configured provider: its type's well-known name, `switchyard.local`
 * for a local task model, else the configured name.
 *
 * @example providerName('standin-openai', { 'standin-openai': 'openai' }) // 'openai'
 */
export function providerName(provider: string, providerTypes: Readonly<Record<string, string>>): string {
  return provider === 'local' ? 'switchyard.local' : (PROVIDER_NAMES[providerTypes[provider] ?? ''] ?? provider);
}

/** `chat` for every conversational endpoint (Chat Completions, Messages, Responses), `embeddings` for embeddings. */
export function operationName(trace: Pick<TraceRecord, 'endpoint'>): string {
  return trace.endpoint === 'embeddings' ? 'embeddings' : 'chat';
}

function contentText(value: unknown): string {
  const text = typeof value === 'string' ? value : (jsonTextOf(value) ?? '');
  return clip(text, MAX_CONTENT_CHARS);
}

/** A guardrail entry as `check:stage=action` (`pii:input=redact`). */
function guardVerdict(entry: unknown): string {
  const { name, stage, action } = (entry ?? {}) as { name?: unknown; stage?: unknown; action?: unknown };
  return `${String(name)}:${String(stage)}=${String(action)}`;
}
