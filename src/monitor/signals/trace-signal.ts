import { jsonValueOf } from '../../core/json-text.js';
import type { TraceRecord } from '../../core/trace.js';
import { requestText, responseText } from '../../evals/datasets/trace-items.js';
import { DEFAULT_REFUSAL_PATTERNS, DEFAULT_REFUSAL_WINDOW_CHARS, matchRefusal } from '../../guardrails/policy/refusal-patterns.js';
import { GATEWAY_BRANCH, hasMetadataTag, isEvalTraffic, isGatewayRefusal } from '../rollup.js';

/**
 * The traces monitoring watches: the applications' traffic. An eval run's calls (its variants,
 * judges and cache hits, tagged `eval_run`) and a load test's (tagged `loadtest`) are traffic
 * Switchyard made itself, so topics, drift, online evaluation and alerts leave them out: a drift
 * report on `claude` because an eval run called it, or on `gpt-4o-mini` because a load test did,
 * describes no application. They stay in the traces, and eval traffic in its own rollups.
 * Calls refused before the gateway knew whose they were (a missing or made-up key, a body it
 * could not read) are left out too: anyone who reaches the port can send them, and thirty of
 * them paged an `error_rate` rule. `switchyard_refused_requests_total` counts them.
 *
 * @example applicationTraces([{ metadata: { loadtest: 'lt_1' }, … }, { metadata: null, … }]) // the second only
 */
export function applicationTraces<T extends Pick<TraceRecord, 'metadata' | 'keyName' | 'status' | 'provider' | 'attempts'>>(traces: readonly T[]): T[] {
  return traces.filter((t) => !isEvalTraffic(t) && !hasMetadataTag(t, 'loadtest') && !(t.keyName === null && isGatewayRefusal(t)));
}

/**
 * What monitoring keeps of one trace: the numbers, categories and short texts that topics, drift,
 * online evaluation and alerts read, so none of them rescans trace bodies.
 */
export interface TraceSignal {
  traceId: string;
  ts: number;
  /** The model or route name the client asked for. */
  route: string;
  keyName: string | null;
  team: string | null;
  status: number;
  latencyMs: number;
  /** Time to the first token of a streamed answer; null for a whole one. */
  ttftMs: number | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  /** The last user message, first 1,000 characters; null when bodies are not kept. */
  prompt: string | null;
  /** The answer's first 300 characters, for examples in reports. */
  answer: string | null;
  inputChars: number | null;
  outputChars: number | null;
  /** Whether the answer opens with a refusal; null when there is no answer text. */
  refused: boolean | null;
  finishReason: string | null;
  /**
   * The route's branch that answered: the upstream model, `(local)` for a local task model (as
   * route reports name it, so a provider model named `local` stays apart; signals stored as
   * `local` by versions up to 2026-12-06 are rewritten by a store migration); null when none did.
   * Absent in signals stored before it existed.
   */
  servedBy?: string | null;
  /** The local task model's label for the request when one was asked (it answered or escalated). */
  localLabel?: string | null;
  /** That label's confidence (0–1). */
  localConfidence?: number | null;
  /** Topic id under the route's topic model; null until assigned, −1 when no topic fits. */
  topic: number | null;
  /** Online evaluation scores by scorer name (0–1), null until sampled and scored. */
  scores: Record<string, number> | null;
}

const PROMPT_CHARS = 1_000;
const ANSWER_CHARS = 300;

/**
 * The signal of a stored trace. Cheap (two JSON parses and the refusal patterns, ~10 µs; the
 * language is guessed later, by drift, because that costs ~50 µs), and run
 * by the trace writer's background sink, never on the request path.
 *
 * @example traceSignal(trace).refused // false
 */
export function traceSignal(trace: TraceRecord): TraceSignal {
  // Bodies arrive as kept JSON text (or a captured stream) from the gateway, as values from a store.
  const request = jsonValueOf(trace.request);
  const response = trace.status < 400 ? jsonValueOf(trace.response) : null;
  const prompt = requestText(request)?.input;
  const answer = responseText(response);
  return {
    traceId: trace.id,
    ts: trace.ts,
    route: trace.requestedModel,
    keyName: trace.keyName,
    team: trace.team,
    status: trace.status,
    latencyMs: trace.latencyMs,
    // Streams only, as the metrics count it: a whole answer's first token came with its last, so
    // ttft_p95_ms and drift's ttft_ms would move with the share of streamed calls.
    ttftMs: trace.stream ? trace.ttftMs : null,
    costUsd: trace.costUsd,
    inputTokens: trace.inputTokens,
    outputTokens: trace.outputTokens,
    prompt: prompt === undefined ? null : prompt.slice(0, PROMPT_CHARS),
    answer: answer === undefined ? null : answer.slice(0, ANSWER_CHARS),
    inputChars: prompt === undefined ? null : prompt.length,
    outputChars: answer === undefined ? null : answer.length,
    refused: answer === undefined || answer.trim() === '' ? null : matchRefusal(answer, DEFAULT_REFUSAL_WINDOW_CHARS, DEFAULT_REFUSAL_PATTERNS).refused,
    finishReason: finishReasonOf(response),
    // Written as route reports write the gateway's own branch: a provider model named "local" is itself.
    servedBy: trace.provider === 'local' ? GATEWAY_BRANCH.local : trace.upstreamModel,
    ...localDecisionOf(trace.decisions),
    topic: null,
    scores: null,
  };
}

function finishReasonOf(response: unknown): string | null {
  if (!response || typeof response !== 'object') return null;
  const body = response as { choices?: { finish_reason?: unknown }[]; stop_reason?: unknown; status?: unknown };
  const reason = body.choices?.[0]?.finish_reason ?? body.stop_reason ?? body.status;
  return typeof reason === 'string' ? reason : null;
}

/** The local task model's label and confidence from the trace's `local` decision, if it recorded one. */
function localDecisionOf(decisions: unknown): { localLabel: string | null; localConfidence: number | null } {
  // Decisions can arrive as kept JSON text; most traces have no local decision, so look before parsing.
  if (decisions === null || decisions === undefined || (typeof decisions === 'string' && !decisions.includes('"local"'))) return { localLabel: null, localConfidence: null };
  const parsed = typeof decisions === 'string' ? (JSON.parse(decisions) as unknown) : jsonValueOf(decisions);
  const local = (parsed as { local?: { label?: unknown; confidence?: unknown } } | null)?.local;
  return {
    localLabel: typeof local?.label === 'string' ? local.label : null,
    localConfidence: typeof local?.confidence === 'number' && Number.isFinite(local.confidence) ? local.confidence : null,
  };
}
