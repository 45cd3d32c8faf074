import { clip } from '../../core/clip.js';
import { JsonText, jsonTextOf, jsonValueOf } from '../../core/json-text.js';
import type { TraceRecord } from '../../core/trace.js';
import type { Call } from '../../gateway/call.js';
import { nestedBranchesOf, routeBranchOf } from '../rollup.js';
import { decisionOutcome, isStageName } from '../metrics/decision-outcome.js';
import type { ClientFormat } from '../../core/formats.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { genAiInput, genAiOutput } from './genai-messages.js';

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
  /** Only with `otel.content: true`: the request as the client sent it, in its format (an embeddings call has none to record). */
  input?: { body: JsonObject; format: ClientFormat };
  /** Only with `otel.content: true`: record the answer's messages. */
  output?: boolean;
  /** Where the provider that answered listens (server.address, server.port). */
  server?: { address: string; port: number };
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
  if (content && call.input.endpoint !== 'embeddings') {
    facts.input = { body, format: call.input.format };
    facts.output = true;
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

/** What spans and metrics say of the configured providers. */
export interface ProviderDirectory {
  /** Provider name → type (openai, anthropic, gemini), for gen_ai.provider.name. */
  types: Readonly<Record<string, string>>;
  /** Provider name → where it listens, for server.address and server.port (providerServers). */
  servers?: Readonly<Record<string, ProviderServer>>;
  /** Model or route name → its one provider (modelProviders), for calls refused before any attempt. */
  byModel?: Readonly<Record<string, string>>;
}

/** The provider a call reached: the one that answered, else the last one tried (none for a call refused before any attempt). */
export function calledProvider(trace: Pick<TraceRecord, 'provider' | 'attempts'>): string | undefined {
  return trace.provider ?? trace.attempts[trace.attempts.length - 1]?.provider;
}

/**
 * The provider a call is booked to: the one that answered, else the last one tried, else, for a
 * call the gateway refused before any attempt, the one provider its model or route is served by
 * (none when its targets span providers). The last is not `switchyard.provider`, which says who
 * answered.
 *
 * @example providerOfCall({ provider: null, attempts: [], requestedModel: 'small' }, { types: {}, byModel: { small: 'openai' } }) // 'openai'
 */
export function providerOfCall(trace: Pick<TraceRecord, 'provider' | 'attempts' | 'requestedModel'>, providers: ProviderDirectory): string | undefined {
  return calledProvider(trace) ?? providers.byModel?.[trace.requestedModel];
}

/**
 * A gateway call's span attributes: the OpenTelemetry GenAI semantic conventions where they
 * have a name, Switchyard's own (cost, route, key, decisions) under `switchyard.`.
 *
 * @example genAiAttributes(trace, facts, { types: { openai: 'openai' } })['gen_ai.request.model'] // 'gpt-4o-mini'
 */
export function genAiAttributes(trace: TraceRecord, facts: CallFacts, providers: ProviderDirectory): SpanAttributes {
  const a: SpanAttributes = {
    'gen_ai.operation.name': operationName(trace),
    'gen_ai.request.model': trace.requestedModel,
    'gen_ai.request.stream': trace.stream,
    // OTel's HTTP conventions: the status code sent on the wire. A stream that failed after its
    // 200 is a failure all the same: `error.type` and the span's status (trace.status) say so.
    'http.response.status_code': facts.sentStatus ?? trace.status,
    'switchyard.trace_id': trace.id,
    'switchyard.endpoint': trace.endpoint,
    'switchyard.cost_usd': trace.costUsd,
  };
  const provider = providerOfCall(trace, providers);
  if (provider !== undefined) a['gen_ai.provider.name'] = providerName(provider, providers.types);
  // Who was called: a refused call reached no server, and no provider answered it.
  const called = calledProvider(trace);
  if (called !== undefined) {
    a['switchyard.provider'] = called;
    const server = providers.servers?.[called];
    if (server) {
      a['server.address'] = server.address;
      a['server.port'] = server.port;
    }
  }
  if (trace.upstreamModel) a['gen_ai.response.model'] = trace.upstreamModel;
  const responseId = trace.status < 400 ? responseIdOf(facts.answer) : undefined;
  if (responseId !== undefined) a['gen_ai.response.id'] = responseId;
  if (trace.inputTokens > 0 || trace.outputTokens > 0) {
    a['gen_ai.usage.input_tokens'] = trace.inputTokens;
    // An embedding has no output: the conventions record its input tokens only.
    if (trace.endpoint !== 'embeddings') a['gen_ai.usage.output_tokens'] = trace.outputTokens;
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
  // The routes the call reached through the one called, each with the branch it chose (`ab > small`).
  const nested = branch ? nestedBranchesOf(trace) : [];
  if (nested.length > 0) a['switchyard.route.nested'] = nested;
  for (const [stage, decision] of Object.entries(trace.decisions ?? {})) {
    if (stage === 'guardrails' && Array.isArray(decision)) a['switchyard.guardrails'] = decision.map(guardVerdict);
    else if (isStageName(stage) && !Array.isArray(decision)) a[`switchyard.decision.${stage}`] = decisionOutcome(decision);
  }
  // Content in the conventions' message schema, as JSON text (span attributes hold no nested objects).
  const input = facts.input ? genAiInput(facts.input.body, facts.input.format) : undefined;
  if (input?.system && input.system.length > 0) a['gen_ai.system_instructions'] = contentText(input.system);
  if (input) a['gen_ai.input.messages'] = contentText(input.messages);
  const output = facts.output && trace.status < 400 ? genAiOutput(facts.answer, reasons) : undefined;
  if (output) a['gen_ai.output.messages'] = contentText(output);
  return a;
}

/** Where a configured provider listens, for `server.address` and `server.port`. */
export interface ProviderServer {
  address: string;
  port: number;
}

/**
 * `server.address` and `server.port` of each configured provider with a base URL (the port
 * its scheme implies when the URL names none).
 *
 * @example providerServers({ openai: { base_url: 'https://api.openai.com/v1' } }) // { openai: { address: 'api.openai.com', port: 443 } }
 */
export function providerServers(providers: Readonly<Record<string, { base_url?: string | undefined }>>): Record<string, ProviderServer> {
  const servers: Record<string, ProviderServer> = {};
  for (const [name, provider] of Object.entries(providers)) {
    if (!provider.base_url) continue;
    try {
      const url = new URL(provider.base_url);
      const port = url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : Number.NaN;
      if (Number.isFinite(port)) servers[name] = { address: url.hostname.replace(/^\[|\]$/g, ''), port };
    } catch {
      // A base URL that does not parse was refused by the config's checks; nothing to say here.
    }
  }
  return servers;
}

/**
 * The answer's id (`chatcmpl-…`, `msg_…`, `resp_…`), read off its text without parsing it: the
 * first `"id"` key of the answer or of a stream's first event is the response's own in every
 * chat API (Gemini's is `responseId`).
 */
function responseIdOf(answer: unknown): string | undefined {
  const own = (answer as { id?: unknown } | null)?.id;
  if (typeof own === 'string') return own;
  const blocks = (answer as { blocks?: unknown } | null)?.blocks;
  const text = answer instanceof JsonText ? answer.text : Array.isArray(blocks) ? String(blocks[0] ?? '') : undefined;
  if (text === undefined) return undefined;
  const found = RESPONSE_ID.exec(text.slice(0, 512));
  return found?.[1] ?? /"responseId"\s*:\s*"([\w.-]{1,128})"/.exec(text.slice(-512))?.[1];
}

const RESPONSE_ID = /"id"\s*:\s*"([\w.:-]{1,128})"/;

/**
 * gen_ai.provider.name of a configured provider: its type's well-known name, `switchyard.local`
 * for a local task model and `switchyard.cache` for a cached answer, else the configured name.
 *
 * @example providerName('standin-openai', { 'standin-openai': 'openai' }) // 'openai'
 */
export function providerName(provider: string, providerTypes: Readonly<Record<string, string>>): string {
  // The gateway's own answers (a local task model, the response cache) are not a provider's.
  if (provider === 'local' || provider === 'cache') return `switchyard.${provider}`;
  return PROVIDER_NAMES[providerTypes[provider] ?? ''] ?? provider;
}

/** `chat` for every conversational endpoint (Chat Completions, Messages, Responses), `embeddings` for embeddings. */
export function operationName(trace: Pick<TraceRecord, 'endpoint'>): string {
  return trace.endpoint === 'embeddings' ? 'embeddings' : 'chat';
}

/**
 * Messages as JSON text of at most MAX_CONTENT_CHARS that still parses: past it the longest
 * strings (texts, tool results, inline images) are cut, halving the cut until it fits, since a
 * backend reading the conventions' schema cannot parse JSON cut mid-way.
 */
function contentText(value: unknown): string {
  let text = jsonTextOf(value) ?? '';
  for (let keep = MAX_CONTENT_CHARS; text.length > MAX_CONTENT_CHARS && keep >= 64; keep = Math.floor(keep / 2)) {
    text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? clip(v, keep) : v));
  }
  // Thousands of short messages: nothing left to cut but the text itself.
  return clip(text, MAX_CONTENT_CHARS);
}

/** A guardrail entry as `check:stage=action` (`pii:input=redact`). */
function guardVerdict(entry: unknown): string {
  const { name, stage, action } = (entry ?? {}) as { name?: unknown; stage?: unknown; action?: unknown };
  return `${String(name)}:${String(stage)}=${String(action)}`;
}
