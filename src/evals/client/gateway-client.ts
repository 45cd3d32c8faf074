import { Pool } from 'undici';
import { UNPRICED_HEADER } from '../../core/unpriced.js';
import { SwitchyardError, toSwitchyardError } from '../../core/errors.js';
import { asciiJson } from '../../core/ascii-json.js';
import { usageFromOpenAI } from '../../tokens/usage.js';
import type { CallTags, ChatCall, ChatResult, EmbedResult, ModelCaller } from './model-caller.js';
import type { PriceBook } from './price-book.js';
import { gatewayUnreachable } from '../../core/gateway-unreachable.js';
import { SIMULATED_HEADER } from '../../core/simulated-header.js';
import type { AnsweredBy } from '../store/run-store.js';
import { quoteClipped } from '../../core/clip.js';

export interface GatewayClientOptions {
  /** A virtual key, when the gateway has keys configured. */
  apiKey?: string;
  prices?: PriceBook;
  /** Connections kept open to the gateway; the runner's concurrency bounds use anyway. */
  connections?: number;
  /** Per-call limit; the gateway's own retries and fallbacks happen inside it. */
  timeoutMs?: number;
}

interface ChatCompletionBody {
  model?: string;
  choices?: { message?: { content?: unknown; tool_calls?: unknown } }[];
  usage?: Parameters<typeof usageFromOpenAI>[0];
  /** The tier that served the call (the gateway passes the upstream's on): it prices the call. */
  service_tier?: unknown;
}

/**
 * Calls the gateway's OpenAI-compatible API over HTTP (undici pool), tagging each call with
 * `x-switchyard-metadata` so its trace says which run, case and variant it served.
 *
 * @example
 * const client = new GatewayClient('http://127.0.0.1:4000', { prices });
 * await client.chat({ model: 'small', messages: [{ role: 'user', content: 'hi' }], tags });
 */
export class GatewayClient implements ModelCaller {
  private readonly pool: Pool;
  private readonly headers: Record<string, string>;
  /** Each (variant, provider, upstream model) whose answer said a simulated provider gave it. */
  private readonly simulated = new Map<string, AnsweredBy>();

  constructor(
    readonly url: string,
    private readonly options: GatewayClientOptions = {},
  ) {
    this.pool = new Pool(new URL(url).origin, { connections: options.connections ?? 64, keepAliveTimeout: 30_000 });
    this.headers = { 'content-type': 'application/json' };
    if (options.apiKey) this.headers.authorization = `Bearer ${options.apiKey}`;
  }

  async chat(call: ChatCall): Promise<ChatResult> {
    if (call.overrides) {
      throw new SwitchyardError('invalid_request', `variant "${call.tags.variant}": knowledge settings per variant need an in-process gateway (--config FILE); a running gateway grounds each route as configured`);
    }
    const started = performance.now();
    const { json, traceId, unpriced, simulatedBy } = await this.post<ChatCompletionBody>('/v1/chat/completions', { ...call.params, model: call.model, messages: call.messages, stream: false }, call.tags, call.signal);
    const latencyMs = performance.now() - started;
    const message = json.choices?.[0]?.message;
    const text = typeof message?.content === 'string' ? message.content : message?.tool_calls ? JSON.stringify(message.tool_calls) : '';
    const usage = usageFromOpenAI(json.usage ?? {}, json.service_tier);
    const upstreamModel = typeof json.model === 'string' ? json.model : null;
    // A scorer's call (a judge) answered for the score, not for the variant.
    if (simulatedBy !== null && call.tags.scorer === undefined) {
      const heard = { variant: call.tags.variant, provider: simulatedBy, model: upstreamModel ?? '', simulated: true };
      this.simulated.set(JSON.stringify([heard.variant, heard.provider, heard.model]), heard);
    }
    return {
      text,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: this.options.prices?.cost(call.model, upstreamModel, usage) ?? 0,
      latencyMs,
      traceId,
      upstreamModel,
      cached: false,
      unpriced: this.options.prices ? this.options.prices.unpriced(call.model, upstreamModel) : unpriced,
    };
  }

  async embed(model: string, inputs: string[], tags: CallTags, signal?: AbortSignal): Promise<EmbedResult> {
    const { json } = await this.post<{ data?: { embedding?: number[]; index?: number }[]; usage?: Parameters<typeof usageFromOpenAI>[0] }>(
      '/v1/embeddings',
      { model, input: inputs },
      tags,
      signal,
    );
    const data = json.data ?? [];
    const vectors = inputs.map((_, i) => (data.find((d) => d.index === i) ?? data[i])?.embedding ?? []);
    if (vectors.some((v) => v.length === 0)) throw new SwitchyardError('upstream_error', `embeddings model "${model}" returned ${data.length} vectors for ${inputs.length} inputs`);
    return { vectors, costUsd: this.options.prices?.cost(model, null, usageFromOpenAI(json.usage ?? {})) ?? 0, cached: false };
  }

  /** Model names the gateway serves (GET /v1/models), for checking a suite before any call. */
  async listModels(): Promise<string[]> {
    const response = await this.pool.request({ method: 'GET', path: '/v1/models', headers: this.headers }).catch((error: unknown) => {
      throw gatewayUnreachable(this.url, error);
    });
    const json = (await response.body.json().catch(() => ({}))) as { data?: { id?: string }[]; error?: { message?: unknown } };
    if (response.statusCode >= 400) {
      // The gateway's own words ("You didn't provide an API key.", "invalid API key (fingerprint …)") and, for a key it refused, where the key comes from.
      // Its full stop dropped: the hint follows after a semicolon ("…<key>\".; pass" read as a typo).
      const said = typeof json.error?.message === 'string' ? `: ${json.error.message.replace(/\.\s*$/, '')}` : '';
      const hint = response.statusCode === 401 || response.statusCode === 403 ? '; pass --api-key KEY (or set SWITCHYARD_API_KEY) with a virtual key of that gateway' : '';
      throw new SwitchyardError('upstream_error', `gateway ${this.url} answered ${response.statusCode} to GET /v1/models${said}${hint}`);
    }
    return (json.data ?? []).map((m) => m.id ?? '').filter(Boolean);
  }

  /**
   * The simulated providers the gateway's answers named (`x-switchyard-simulated`), per variant:
   * how a run by URL is marked simulated when the gateway's traces are in another store.
   */
  simulatedAnswers(): AnsweredBy[] {
    return [...this.simulated.values()];
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async post<T>(path: string, body: unknown, tags: CallTags, signal?: AbortSignal): Promise<{ json: T; traceId: string | null; unpriced: string | null; simulatedBy: string | null }> {
    let response;
    try {
      response = await this.pool.request({
        method: 'POST',
        path,
        headers: { ...this.headers, 'x-switchyard-metadata': asciiJson(tags) },
        body: JSON.stringify(body),
        signal,
        headersTimeout: this.options.timeoutMs ?? 600_000,
        bodyTimeout: this.options.timeoutMs ?? 600_000,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new SwitchyardError('upstream_unreachable', `gateway ${this.url}${path} failed: ${(error as Error).message}`, { cause: error });
    }
    const traceHeader = response.headers['x-switchyard-trace-id'];
    const traceId = typeof traceHeader === 'string' ? traceHeader : null;
    const text = await response.body.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new SwitchyardError('upstream_error', `gateway answered ${response.statusCode} with a body that is not JSON: ${quoteClipped(text, 200)}`, { cause: toSwitchyardError(error) });
    }
    if (response.statusCode >= 400) {
      const message = (json as { error?: { message?: string } }).error?.message ?? text.slice(0, 300);
      throw new SwitchyardError('upstream_error', `${response.statusCode} from gateway: ${message}`, { status: response.statusCode, detail: { traceId } });
    }
    const unpricedHeader = response.headers[UNPRICED_HEADER];
    const simulatedHeader = response.headers[SIMULATED_HEADER];
    return { json: json as T, traceId, unpriced: typeof unpricedHeader === 'string' ? unpricedHeader : null, simulatedBy: typeof simulatedHeader === 'string' ? simulatedHeader : null };
  }
}
