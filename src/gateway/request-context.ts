import type { ServerResponse } from 'node:http';
import type { SwitchyardError } from '../core/errors.js';
import type { VirtualKey } from '../limits/keys.js';
import type { WireFormat } from '../providers/provider.js';
import type { Attempt, Endpoint, TraceRecord } from '../core/trace.js';
import type { Usage } from '../tokens/usage.js';

/** Everything known about one request while it is served; becomes its trace at the end. */
export interface RequestContext {
  readonly requestId: string;
  readonly traceId: string;
  /** Wall-clock start (ms since the epoch) and a monotonic start for durations. */
  readonly startedAt: number;
  readonly t0: number;
  readonly endpoint: Endpoint;
  readonly format: WireFormat;
  readonly res: ServerResponse;
  /** The client's `anthropic-beta` header, forwarded to Anthropic providers (features such as prompt caching betas). */
  readonly anthropicBeta: string | undefined;
  /** Aborted when the client disconnects or the total timeout passes. */
  readonly signal: AbortSignal;
  key: VirtualKey | null;
  metadata: Record<string, unknown> | null;
  requestedModel: string;
  provider: string | null;
  upstreamModel: string | null;
  stream: boolean;
  usage: Usage | undefined;
  costUsd: number;
  ttftMs: number | null;
  attempts: Attempt[];
  decisions: Record<string, unknown> | null;
  request: unknown;
  response: unknown;
  error: SwitchyardError | null;
  /** Set when the answer's bytes have all been sent (or the client left). */
  clientClosed: boolean;
}

/** The trace for a finished request. Bodies are dropped in metadata-only mode. */
export function toTrace(ctx: RequestContext, keepBodies: boolean, now: number): TraceRecord {
  const usage = ctx.usage;
  // An error after a 200 went out (a stream that broke) is recorded as the 502 it was.
  const failedAfterHeaders = ctx.error !== null && ctx.res.statusCode === 200;
  const status = ctx.clientClosed && !ctx.res.writableFinished ? 499 : failedAfterHeaders ? 502 : ctx.res.statusCode;
  return {
    id: ctx.traceId,
    ts: ctx.startedAt,
    requestId: ctx.requestId,
    endpoint: ctx.endpoint,
    keyName: ctx.key?.name ?? null,
    team: ctx.key?.team ?? null,
    requestedModel: ctx.requestedModel,
    provider: ctx.provider,
    upstreamModel: ctx.upstreamModel,
    status,
    errorCode: ctx.error?.code ?? null,
    errorMessage: ctx.error?.message ?? null,
    stream: ctx.stream,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedTokens: usage?.cachedTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    usageEstimated: usage?.estimated ?? false,
    costUsd: ctx.costUsd,
    ttftMs: ctx.ttftMs,
    latencyMs: now - ctx.t0,
    attempts: ctx.attempts,
    metadata: ctx.metadata,
    decisions: ctx.decisions,
    request: keepBodies ? ctx.request : null,
    response: keepBodies ? ctx.response : null,
  };
}
