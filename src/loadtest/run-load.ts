import { Pool } from 'undici';
import type { Random } from '../core/clock.js';
import { type ArrivalProcess, arrivals } from './arrivals.js';
import { AnswerReader } from './read-answer.js';
import { UNPRICED_HEADER } from '../core/unpriced.js';
import type { LoadRequest } from './workload.js';

/** One request of a load test. Times are from when it was due, so queueing anywhere shows. */
export interface LoadSample {
  /** When it was due, ms from the start. */
  dueMs: number;
  /** How late the generator sent it (its own overload). */
  lagMs: number;
  latencyMs: number;
  /** Until the first byte of the answer's body. */
  ttftMs: number | null;
  /** 0 when no response arrived. */
  status: number;
  /** Null for a success; else why it failed (`429 rate_limit_exceeded`, `timeout`, `connection refused`…). */
  cause: string | null;
  /** The failed answer's error message, which the cause (a status and a code) leaves out. */
  message?: string | null;
  inputTokens: number;
  outputTokens: number;
  /** From `x-switchyard-cost-usd` (whole answers) or the trace, when it could be read. */
  costUsd: number | null;
  /** The upstream model with no price that answered (`x-switchyard-cost-unpriced`): its cost is unknown, not $0. */
  unpriced?: string | null;
  traceId: string | null;
  cache: string | null;
}

export interface LoadProgress {
  elapsedMs: number;
  due: number;
  sent: number;
  done: number;
  failed: number;
  inFlight: number;
}

export interface LoadOptions {
  /** The gateway's root URL. */
  url: string;
  apiKey?: string | undefined;
  requests: readonly LoadRequest[];
  rps: number;
  durationMs: number;
  arrivals: ArrivalProcess;
  random: Random;
  timeoutMs: number;
  /** Requests in flight at most; one due beyond it is counted as not sent (the generator's own limit). */
  maxInFlight: number;
  /** Sent as trace metadata (`loadtest`), so the run's traces can be found and filtered out. */
  runId: string;
  onProgress?: (progress: LoadProgress) => void;
  /** Aborted (Ctrl-C): no request is sent after it; those in flight finish and are reported. */
  signal?: AbortSignal;
}

/** The run's samples; `stoppedAtMs` is when the signal stopped it early, null when it ran its duration. */
export interface LoadOutcome {
  samples: LoadSample[];
  wallMs: number;
  stoppedAtMs: number | null;
}

/**
 * Runs an open-loop load against a gateway: requests go out at their due times (Poisson or
 * evenly spaced at `rps`) however long earlier ones take, cycling through `requests`, and each
 * one's latency counts from its due time. Resolves once every request has finished; an aborted
 * `signal` ends the sending early, and the requests due until then are the run.
 */
export async function runLoad(options: LoadOptions): Promise<LoadOutcome> {
  const origin = new URL(options.url).origin;
  const pool = new Pool(origin, { connections: options.maxInFlight, pipelining: 1, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  const due = arrivals(options.rps, options.durationMs, options.arrivals, options.random);
  const samples: LoadSample[] = [];
  const running = new Set<Promise<void>>();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-switchyard-metadata': JSON.stringify({ loadtest: options.runId }),
    'anthropic-version': '2023-06-01',
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const bodies = options.requests.map((r) => ({ path: r.path, text: JSON.stringify(r.body) }));
  const start = performance.now();
  let sent = 0;
  const progress = (): LoadProgress => ({
    elapsedMs: performance.now() - start,
    due: due.filter((d) => d <= performance.now() - start).length,
    sent,
    done: samples.length,
    failed: samples.filter((s) => s.cause !== null).length,
    inFlight: running.size,
  });
  const ticker = options.onProgress ? setInterval(() => options.onProgress?.(progress()), 1_000) : undefined;
  const { signal } = options;
  let stoppedAtMs: number | null = null;
  try {
    for (let i = 0; i < due.length; i++) {
      const dueMs = due[i] as number;
      const wait = start + dueMs - performance.now();
      if (wait > 1) await untilOrAborted(wait, signal);
      if (signal?.aborted) {
        stoppedAtMs = performance.now() - start;
        break;
      }
      if (running.size >= options.maxInFlight) {
        samples.push(notSent(dueMs, performance.now() - start - dueMs));
        continue;
      }
      sent++;
      const request = bodies[i % bodies.length] as { path: string; text: string };
      const task = send(pool, request, headers, start, dueMs, options.timeoutMs).then((sample) => {
        samples.push(sample);
        running.delete(task);
      });
      running.add(task);
    }
    while (running.size > 0) await Promise.race(running);
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  options.onProgress?.(progress());
  return { samples: samples.sort((a, b) => a.dueMs - b.dueMs), wallMs: performance.now() - start, stoppedAtMs };
}

/** Waits `ms`, or less when the signal aborts first (a Ctrl-C during a quiet stretch of a slow rate). */
function untilOrAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise((resolve) => setTimeout(resolve, ms));
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function notSent(dueMs: number, lagMs: number): LoadSample {
  return { dueMs, lagMs, latencyMs: 0, ttftMs: null, status: 0, cause: 'not sent: the generator\'s max in flight was reached', inputTokens: 0, outputTokens: 0, costUsd: null, unpriced: null, traceId: null, cache: null };
}

async function send(pool: Pool, request: { path: string; text: string }, headers: Record<string, string>, start: number, dueMs: number, timeoutMs: number): Promise<LoadSample> {
  const dueAt = start + dueMs;
  const sentAt = performance.now();
  const sample: LoadSample = { dueMs, lagMs: Math.max(0, sentAt - dueAt), latencyMs: 0, ttftMs: null, status: 0, cause: null, inputTokens: 0, outputTokens: 0, costUsd: null, unpriced: null, traceId: null, cache: null };
  const reader = new AnswerReader();
  try {
    const response = await pool.request({ path: request.path, method: 'POST', headers, body: request.text, signal: AbortSignal.timeout(timeoutMs) });
    sample.status = response.statusCode;
    sample.traceId = headerOf(response.headers['x-switchyard-trace-id']);
    sample.cache = headerOf(response.headers['x-switchyard-cache']);
    const cost = headerOf(response.headers['x-switchyard-cost-usd']);
    if (cost !== null) sample.costUsd = Number(cost);
    sample.unpriced = headerOf(response.headers[UNPRICED_HEADER]);
    const streamed = (headerOf(response.headers['content-type']) ?? '').includes('text/event-stream');
    let whole = '';
    response.body.setEncoding('utf8');
    for await (const piece of response.body as AsyncIterable<string>) {
      sample.ttftMs ??= performance.now() - dueAt;
      if (streamed) reader.push(piece);
      else whole += piece;
    }
    if (!streamed) reader.json(whole);
    if (sample.status >= 400) sample.cause = `${sample.status} ${reader.result.error ?? 'error'}`;
    else if (reader.result.error) sample.cause = `stream error: ${reader.result.error}`;
    if (sample.cause !== null) sample.message = reader.result.message;
  } catch (error) {
    sample.cause = causeOf(error);
  }
  sample.latencyMs = performance.now() - dueAt;
  sample.inputTokens = reader.result.inputTokens;
  sample.outputTokens = reader.result.outputTokens;
  return sample;
}

function headerOf(value: string | string[] | undefined): string | null {
  return typeof value === 'string' ? value : (value?.[0] ?? null);
}

function causeOf(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ECONNRESET' || e.code === 'UND_ERR_SOCKET') return 'connection reset';
  return `network: ${e.code ?? e.message ?? String(error)}`;
}
