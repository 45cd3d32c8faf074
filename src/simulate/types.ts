/**
 * Public types of the provider simulator: its options, the fault and script rules that tests
 * install, and the statistics it keeps about what it was sent.
 */
import type { GeminiFinishReasonName } from './gemini-finish-reasons.js';
import type { Random } from '../core/clock.js';

export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; defaults to 127.0.0.1. */
  host?: string;
  /** Time to first token in milliseconds, for streams and non-streaming answers alike. */
  ttftMs?: number;
  /** Streaming pace after the first token; 0 sends every token at once. */
  tokensPerSecond?: number;
  /** Extra fixed latency for non-streaming answers, on top of `ttftMs`. */
  latencyMs?: number;
  /**
   * Probability (0–1) that a model request fails with a 500, independent of fault rules, so
   * `clearFaults()` in a test does not silently turn off the chaos a demo asked for.
   */
  faultRate?: number;
  /** Randomness for fault probabilities; injected so tests can make chaos deterministic. */
  random?: Random;
  /** How many recent requests `stats().lastRequests` keeps (default 50). */
  keepLastRequests?: number;
}

export type FaultKind = 'status' | 'timeout' | 'stream_cut' | 'slow' | 'reset' | 'not_json';

/**
 * A misbehaviour to inject. Matches requests by model and path prefix; the first matching
 * rule whose probability roll succeeds applies, and `times` counts down only when it applies.
 *
 * @example { kind: 'status', status: 429, retryAfter: 1, model: 'standin-small', times: 2 }
 * @example { kind: 'stream_cut', afterChunks: 3 }
 */
export interface FaultRule {
  /** Only requests for this model (exact match). */
  model?: string;
  /** Only requests whose path starts with this, e.g. `/v1/chat/completions`. */
  path?: string;
  kind: FaultKind;
  /** For `status`: 429, 500, 503, 529… (default 500). */
  status?: number;
  /** Seconds, sent as the `retry-after` header on `status` faults. */
  retryAfter?: number;
  /** Milliseconds, sent as the `retry-after-ms` header on `status` faults (OpenAI's SDKs read it first). */
  retryAfterMs?: number;
  /**
   * For `stream_cut`: destroy the socket after this many events (default 1). For `status` on a
   * streaming request: send this many events, then the error in-band (Anthropic `event: error`,
   * OpenAI `data: {"error":…}`) with the 200 already sent.
   */
  afterChunks?: number;
  /** For `slow` (and before a `status` error): extra delay before the first byte. */
  delayMs?: number;
  /** How many requests the rule applies to; unlimited when absent. */
  times?: number;
  /** Chance (0–1) that a matching request is affected; 1 when absent. */
  probability?: number;
  /** Overrides the error message of a `status` fault. */
  message?: string;
  /** Overrides the error `type` the status implies (OpenAI's `tokens`, `insufficient_quota`…). */
  type?: string;
  /**
   * Overrides OpenAI's error `code` (`insufficient_quota`…); Anthropic errors have none. A number
   * is sent as one, as some OpenAI-compatible providers do (`"code": 429`).
   */
  code?: string | number;
}

/** One tool call a script answers with; `arguments` is an object or a JSON string. */
export interface ScriptToolCall {
  name: string;
  arguments?: unknown;
}

export type ScriptReply = string | { tool_calls: ScriptToolCall[] } | { json: unknown };

/**
 * Usage a script reports instead of the estimate, in OpenAI's names; on the Anthropic API
 * `cached_tokens` becomes `cache_read_input_tokens` and `cache_creation_tokens` becomes
 * `cache_creation_input_tokens`, of which `cache_creation_1h_tokens` are reported as 1-hour writes
 * (`cache_creation.ephemeral_1h_input_tokens`; the rest are 5-minute ones).
 */
/** The tiers a script may say served its answer. */
export type ScriptTier = 'default' | 'flex' | 'priority' | 'scale' | 'standard';

export interface ScriptUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
  cache_creation_tokens?: number;
  cache_creation_1h_tokens?: number;
}

/**
 * A known answer. `match` is a case-insensitive regular expression tested against the text of
 * the last user message; the first rule whose `match` and `model` both fit wins.
 *
 * @example { match: 'capital of france', reply: 'Paris.' }
 * @example { match: 'weather', reply: { tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } }
 */
export interface ScriptRule {
  /** A regular expression (case-insensitive) the last user message must match. */
  match?: string;
  /**
   * The whole last user message, trimmed, must equal this. Exact rules are looked up in a map,
   * so a teacher scripted with thousands of labelled questions costs nothing per request.
   */
  exact?: string;
  model?: string;
  reply: ScriptReply;
  /**
   * Reasoning shown before the reply: a thinking block on the Anthropic API (when the request
   * enables thinking), `reasoning_content` on chat completions, as OpenAI-compatible reasoning
   * servers (DeepSeek, vLLM) send it, a thought part on Gemini (when the request asks for
   * thoughts), and the reasoning item's summary on `/v1/responses` (when the model reasons and the
   * request asks for a summary).
   */
  thinking?: string;
  usage?: ScriptUsage;
  /**
   * The tier the answer says served it (see served-tier.ts): `priority` for a Claude organisation
   * with Priority Tier capacity, `default` for an OpenAI flex request served at standard.
   */
  service_tier?: ScriptTier;
  /**
   * The `finishReason` a Gemini answer ends with instead of STOP or MAX_TOKENS (`SAFETY`,
   * `ESCALATION`, `CONTINUATION`, …: `GEMINI_FINISH_REASONS`), so tests can meet each reason
   * Google sends. The other APIs ignore it.
   */
  gemini_finish_reason?: GeminiFinishReasonName;
}

/** A request as the simulator saw it, so tests can assert what the gateway sent upstream. */
export interface RecordedRequest {
  /** Milliseconds since the epoch. */
  at: number;
  method: string;
  path: string;
  model: string | null;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or null for bodiless or unparseable requests. */
  body: unknown;
}

export interface SimulatorStats {
  requests: number;
  byPath: Record<string, number>;
  byModel: Record<string, number>;
  byStatus: Record<string, number>;
  faultsInjected: number;
  /** Streams the client closed before their end (it left, or a gateway ended the call at a stop sequence). */
  streamsAbandoned: number;
  /** The tokens those streams never generated. */
  tokensUnsent: number;
  /** Most recent last. */
  lastRequests: RecordedRequest[];
}

export interface Simulator {
  /** `http://host:port`; the OpenAI base URL is `${url}/v1`, the Anthropic one is `url`. */
  readonly url: string;
  readonly port: number;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Adds a script rule; `first` puts it ahead of those already installed. */
  addScript(rule: ScriptRule, first?: boolean): void;
  clearScripts(): void;
  listFaults(): { rule: FaultRule; remaining: number | null }[];
  listScripts(): ScriptRule[];
  stats(): SimulatorStats;
  resetStats(): void;
  /** Stops listening and drops every open connection, including ones a `timeout` fault holds. */
  close(): Promise<void>;
}
