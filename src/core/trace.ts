import type { TraceSort } from './trace-sort.js';

/** What the gateway records about one request; the unit traces, dashboards and evals share. */
export interface Attempt {
  provider: string;
  model: string;
  /** HTTP status from upstream, or 0 when no response arrived (refused, timed out). */
  status: number;
  latencyMs: number;
  error?: string;
  /**
   * The upstream's own error code, as it sent it: a string (`rate_limit_exceeded`) or a number
   * (`429`, from OpenAI-compatible providers that send one). On a stream that failed mid-way, the
   * attempt that opened it (status 200) carries its in-band error's code.
   */
  code?: string | number;
  /**
   * What the attempt was booked at when its cost had to be estimated: it failed after the
   * provider had the request (which it bills though no answer came back), or its stream was cut
   * before the provider's usage arrived, or, with `costUnknown`, whether it was billed cannot be
   * known (a reset before any answer). Absent for an attempt that answered in full (its usage is
   * the call's, as reported) and for one no provider bills (a refused connection, a 429 or 5xx).
   */
  billed?: AttemptBill;
}

/** Why an attempt's cost is an estimate (see {@link AttemptBill}). */
export type BilledWhy = 'attempt_timeout' | 'body_cut' | 'not_json' | 'unreadable_item' | 'reset' | 'stream_cut' | 'abandoned';

/**
 * An attempt's booked tokens and cost, counted locally where the provider reported none. A failed
 * attempt's are in the call's totals beside the answer's (the trace's tokens and cost, the key's
 * spend); the client's `usage` stays its answer's.
 */
export interface AttemptBill {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** True when any of it was counted locally rather than reported by the provider. */
  estimated: boolean;
  why: BilledWhy;
  /** The sentence for a reader: what the provider bills and what was counted. */
  reason: string;
  /**
   * True when whether the provider bills the attempt cannot be known (a connection reset before
   * it answered): booked at $0, which is not a cost known to be nothing.
   */
  costUnknown?: true;
}

/** The API a call came in on: `gemini` is Google's generateContent and streamGenerateContent. */
export type Endpoint = 'chat' | 'messages' | 'embeddings' | 'responses' | 'gemini';

export interface TraceRecord {
  id: string;
  /** Start time, ms since the epoch. */
  ts: number;
  requestId: string;
  endpoint: Endpoint;
  keyName: string | null;
  /**
   * The virtual key's identity (`VirtualKey.id`): what a key reads its own calls by, since a name
   * can pass to a later key. Absent on calls without a key and on traces written before it was
   * recorded (those are the admin's to read, never a key's).
   */
  keyId?: string | null;
  team: string | null;
  /** The model (or route) name the client asked for. */
  requestedModel: string;
  /** Where the answer came from; null when no target answered. */
  provider: string | null;
  upstreamModel: string | null;
  status: number;
  errorCode: string | null;
  errorMessage: string | null;
  stream: boolean;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  usageEstimated: boolean;
  costUsd: number;
  ttftMs: number | null;
  latencyMs: number;
  attempts: Attempt[];
  metadata: Record<string, unknown> | null;
  /** Routing, guardrail and cache decisions with their reasons. */
  decisions: Record<string, unknown> | null;
  /**
   * The gateway's OpenTelemetry span of this call (when tracing is on or the caller sent a
   * `traceparent`): the trace view finds the application's spans around the call by its trace id.
   */
  otel?: { traceId: string; spanId: string; parentSpanId: string | null } | null;
  /**
   * The conversation this call belongs to (`x-switchyard-session`, or a coding agent's own session
   * header): lists filter by it. Never a rollup dimension: every conversation has its own.
   */
  session?: string | null;
  /**
   * The gateway process that served the call (`$SWITCHYARD_REPLICA`, else its host and pid; see
   * core/replica-name.ts): the writer stamps it on each batch, so the request path never sees it.
   * Absent on traces written before it was recorded.
   */
  replica?: string | null;
  /** Bodies as JSON, or null in metadata-only mode. */
  request: unknown;
  response: unknown;
}

export interface TraceQuery {
  limit?: number;
  /** Opaque cursor from a previous page. */
  before?: string;
  model?: string;
  keyName?: string;
  /** Only one key's own calls, by its identity (a virtual key reading its traces). */
  keyId?: string;
  provider?: string;
  status?: 'ok' | 'error' | number;
  since?: number;
  until?: number;
  team?: string;
  endpoint?: Endpoint;
  /** Only traces that cost at least this many dollars / took at least this long. */
  minCostUsd?: number;
  minLatencyMs?: number;
  /** Metadata fields that must equal these values (compared as text). */
  metadata?: Record<string, string>;
  /** Metadata fields that must be absent (`scorer`: leave out the calls an eval's scorers made). */
  withoutMetadata?: readonly string[];
  /** Case-insensitive substring of the request, response, error or metadata. */
  text?: string;
  /** Only the calls of this conversation (the trace's `session`, compared exactly). */
  session?: string;
  /** Only the calls one gateway process served (the trace's `replica`, compared exactly). */
  replica?: string;
  /**
   * Only calls a guardrail policy checked (`guarded`), or where a check took this action
   * (`decisions.guardrails[].action`): what the overview's guardrail tiles count.
   */
  guard?: GuardFilter;
  /**
   * The order; newest first when absent. Latency, cost and tokens order the newest
   * {@link SCAN_WINDOW} traces the indexed filters allow (the page says so in `sortedWithin`).
   */
  sort?: TraceSort;
}

/** The guard filter's values: any policy applied, or one action a check took. */
export const GUARD_FILTERS = ['guarded', 'redact', 'block', 'flag', 'warn', 'reask', 'pass'] as const;
export type GuardFilter = (typeof GUARD_FILTERS)[number];

/** A trace without its bodies, as lists show it. */
export type TraceSummary = Omit<TraceRecord, 'request' | 'response'>;

export interface TracePage {
  traces: TraceSummary[];
  /** Pass as `before` for the next page; null on the last page. */
  next: string | null;
  /**
   * Set when filters that no index serves (text, metadata, cost, latency) were checked over a
   * bounded window of recent traces only: the page may be short, and `next` continues the search.
   */
  scanned?: number;
  /**
   * Set when a list sorted by latency, cost or tokens ordered only the newest this many traces
   * the indexed filters (model, key, status, session, since, until) allow: older traces are a
   * narrower filter or an earlier `until` away. Its pages stay within those traces.
   */
  sortedWithin?: number;
}

/**
 * Which whole traces (bodies included) to read, e.g. to turn traffic into an eval dataset.
 * Every field narrows; only traces that kept a request body match.
 */
export interface TraceSelection {
  /** Requested model or route name. */
  model?: string;
  /**
   * A route's calls: those that named it, those another route sent it (a step of
   * `decisions.route.steps` names it) and those its local model answered for another route
   * (`decisions.local.route`) or passed on before another's answered (`decisions.local.before`),
   * as the routes report counts them once `withoutKeyName` leaves out
   * the gateway's shadow checks.
   */
  route?: string;
  keyName?: string;
  /** Leave out the traces of this key name (`switchyard:shadow`: the gateway's shadow checks of local answers). */
  withoutKeyName?: string;
  since?: number;
  until?: number;
  status?: 'ok' | 'error' | number;
  /** Metadata fields that must equal these values (compared as text). */
  metadata?: Record<string, string>;
  /** Metadata fields that must be absent (`scorer`: leave out the calls an eval's scorers made). */
  withoutMetadata?: readonly string[];
  /** Exactly these traces. */
  ids?: readonly string[];
  /** At most this many, newest first (default 1,000; at most 100,000). */
  limit?: number;
}
