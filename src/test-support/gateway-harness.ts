import { mkdtempSync, rmSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import type { Log } from '../core/log.js';
import { parseConfig } from '../config/load-config.js';
import { type RunningServer, startServer } from '../server.js';
import { startSimulator } from '../simulate/simulator.js';
import type { Simulator, SimulatorOptions } from '../simulate/types.js';
import type { TraceRecord, TraceSummary } from '../core/trace.js';
import type { SocketLifetimeLimits } from '../http/responses-socket/socket-lifetime.js';

/** A port that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The two simulator-backed providers most gateway tests use: `sim` (OpenAI wire) and `anth` (Anthropic wire). */
export function simProviders(simUrl: string): string {
  return `providers:
  sim:  { type: openai,    base_url: ${simUrl}/v1, api_key: sk-up }
  anth: { type: anthropic, base_url: ${simUrl},    api_key: sk-ant-up }`;
}

/**
 * A provider of each wire format on the simulator, for tests that call one model per vendor: `anth`
 * (Anthropic), `oai` (OpenAI) and `gem` (Gemini); `extra` adds more providers (indented lines) to
 * the same map. The `models:` map follows it.
 *
 * @example startHarness('', (sim) => `${threeVendorProviders(sim)}\nmodels:\n  flash: { provider: gem, model: gemini-2.5-flash }`)
 */
export function threeVendorProviders(simUrl: string, extra = ''): string {
  return `providers:
  anth: { type: anthropic, base_url: "${simUrl}", api_key: sk-ant-up }
  oai:  { type: openai, base_url: "${simUrl}/v1", api_key: sk-up }
  gem:  { type: gemini, base_url: "${simUrl}", api_key: AIza-x }${extra ? `\n${extra}` : ''}`;
}

/**
 * The official OpenAI SDK on a running gateway, calling with `apiKey`, without retries: a test
 * sees each failure as the gateway sent it. A harness has it as `h.openai(apiKey)`.
 *
 * @example const client = openaiTo(replica, 'sk-sy-test');
 */
export function openaiTo(gateway: { url: string }, apiKey: string): OpenAI {
  return new OpenAI({ apiKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
}

/** The official Anthropic SDK on a running gateway (Messages at its root), calling with `apiKey`, without retries. */
export function anthropicTo(gateway: { url: string }, apiKey: string): Anthropic {
  return new Anthropic({ apiKey, baseURL: gateway.url, maxRetries: 0 });
}

/** Where a test finds the trace id: a raw id, or anything with the gateway's response headers. */
export type TraceIdSource = string | null | undefined | { headers: { get(name: string): string | null | undefined } | undefined } | { get(name: string): string | null | undefined };

/** The configuration from the gateway issue, pointed at a live simulator and a dead port. */
export function referenceConfig(simUrl: string, deadPort: number, extra = ''): string {
  return `
providers:
  standin-openai:    { type: openai,    base_url: ${simUrl}/v1, api_key: sk-upstream }
  standin-anthropic: { type: anthropic, base_url: ${simUrl},    api_key: sk-ant-upstream }
  down:              { type: openai,    base_url: http://127.0.0.1:${deadPort}/v1, api_key: sk-nothing-listens-here }
models:
  small:  { provider: standin-openai, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.60 } }
  claude: { provider: standin-anthropic, model: claude-standin, price: { input_per_mtok: 3.00, output_per_mtok: 15.00 } }
  embed:  { provider: standin-openai, model: standin-embed }
  resilient:
    fallbacks: [ { provider: down, model: standin-small }, { provider: standin-openai, model: standin-small } ]
keys:
  - key: sk-sy-test
    name: compat
retry: { base_delay_ms: 5, max_delay_ms: 50 }
${extra}`;
}

export interface Harness {
  sim: Simulator;
  gateway: RunningServer;
  /**
   * The trace that matches, once written: the gateway writes it just after the client has its
   * answer, so tests wait for it rather than race it.
   */
  waitForTrace(matches: (trace: TraceSummary) => boolean): Promise<TraceSummary>;
  /** The full stored trace (bodies, decisions, steps) of one call, once written. */
  traceOf(source: TraceIdSource): Promise<TraceRecord>;
  /** OpenAI SDK base URL. */
  baseURL: string;
  /**
   * The official OpenAI SDK on the gateway, calling with `apiKey`, without retries: a test sees
   * each failure as the gateway sent it.
   *
   * @example const answer = await h.openai('sk-sy-test').chat.completions.create({ model: 'small', messages });
   */
  openai(apiKey: string): OpenAI;
  /** The official Anthropic SDK on the gateway (Messages at its root), calling with `apiKey`, without retries. */
  anthropic(apiKey: string): Anthropic;
  close(): Promise<void>;
}

/** Simulator + gateway on free ports with a throwaway SQLite file. */
export async function startHarness(
  extraConfig = '',
  configure?: (simUrl: string, deadPort: number) => string,
  options: {
    clock?: Clock;
    /** The SQLite store file (default: a throwaway one); the caller removes it. */
    sqlite?: string;
    socketLifetime?: SocketLifetimeLimits;
    /** The server's log (default: none). */
    log?: Log;
    /** The simulator's pace (default: answers at once, every token in the first byte). */
    simulator?: Pick<SimulatorOptions, 'ttftMs' | 'tokensPerSecond' | 'latencyMs'>;
  } = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0, ...options.simulator });
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-gw-'));
  const deadPort = await closedPort();
  const text = (configure?.(sim.url, deadPort) ?? referenceConfig(sim.url, deadPort, extraConfig)) + `\nstore: { sqlite: ${options.sqlite ?? join(dir, 'sy.db')} }\n`;
  const gateway = await startServer(parseConfig(text, 'test'), { port: 0, host: '127.0.0.1', clock: options.clock, socketLifetime: options.socketLifetime, log: options.log });
  async function waitForTrace(matches: (trace: TraceSummary) => boolean): Promise<TraceSummary> {
    // A safety net, not a measure: on a loaded two-core machine a trace (or the judge it waits
    // for) can take seconds; a test that times out here has lost the trace.
    const deadline = Date.now() + 15_000;
    do {
      await gateway.traces.flush();
      const found = (await gateway.store.listTraces({ limit: 500 })).traces.find(matches);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    } while (Date.now() < deadline);
    throw new Error('no matching trace after 15 s');
  }
  return {
    sim,
    gateway,
    baseURL: `${gateway.url}/v1`,
    openai: (apiKey) => openaiTo(gateway, apiKey),
    anthropic: (apiKey) => anthropicTo(gateway, apiKey),
    waitForTrace,
    async traceOf(source) {
      const id = traceIdOf(source);
      await waitForTrace((t) => t.id === id);
      const trace = await gateway.store.getTrace(id);
      if (!trace) throw new Error(`no stored trace ${id}`);
      return trace;
    },
    async close() {
      await gateway.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function traceIdOf(source: TraceIdSource): string {
  if (source === null || source === undefined || typeof source === 'string') return source ?? '';
  const headers = 'headers' in source ? source.headers : source;
  return headers?.get('x-switchyard-trace-id') ?? '';
}
