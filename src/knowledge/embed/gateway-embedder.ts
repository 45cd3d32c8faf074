import { request } from 'undici';
import { SwitchyardError } from '../../core/errors.js';
import { asciiJson } from '../../core/ascii-json.js';
import { quoteClipped } from '../../core/clip.js';
import { connectionFailure } from '../../core/gateway-unreachable.js';
import type { Embedder } from '../types.js';

export interface GatewayEmbedderOptions {
  /** Base URL of an OpenAI-compatible API: the Switchyard gateway (`http://127.0.0.1:4000`) or any `/v1` endpoint. */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
  /** Sent as `x-switchyard-metadata`, so the gateway's traces say what the calls were for. */
  tags?: Record<string, string>;
}

/** The fix for every --gateway that is no embeddings API. */
const CHECK_URL = 'check --gateway: the base URL of an OpenAI-compatible API such as the Switchyard gateway (http://127.0.0.1:4000), which serves POST /v1/embeddings';

/**
 * An Embedder over `POST /v1/embeddings`. Through the gateway, embedding calls are routed,
 * budgeted, costed and traced like any other call.
 *
 * @example const embedder = gatewayEmbedder({ url: 'http://127.0.0.1:4000', model: 'embed', apiKey });
 */
export function gatewayEmbedder(options: GatewayEmbedderOptions): Embedder {
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new SwitchyardError('invalid_request', `--gateway must be a URL such as http://127.0.0.1:4000, got "${options.url.slice(0, 200)}"`, { param: 'gateway' });
  }
  const path = `${base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/embeddings`;
  const endpoint = new URL(path, base.origin).toString();
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.tags) headers['x-switchyard-metadata'] = asciiJson(options.tags);
  return {
    model: options.model,
    async embed(texts) {
      let status: number;
      let body: string;
      try {
        const response = await request(endpoint, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: options.model, input: texts }),
          headersTimeout: options.timeoutMs ?? 120_000,
          bodyTimeout: options.timeoutMs ?? 120_000,
        });
        status = response.statusCode;
        body = await response.body.text();
      } catch (error) {
        const why = connectionFailure(error);
        const waited = why === 'no answer in time' ? `no answer within ${(options.timeoutMs ?? 120_000) / 1000} s` : why;
        throw new SwitchyardError('upstream_unreachable', `cannot reach ${endpoint} (${waited}): ${CHECK_URL}`, { cause: error });
      }
      let json: { data?: { embedding?: unknown; index?: number }[]; error?: { message?: string } };
      try {
        json = JSON.parse(body);
      } catch {
        // A web server's page (a 404, a sign-in page): not the API the flag should name.
        throw new SwitchyardError('upstream_error', `${endpoint} answered ${status} with ${/^\s*</.test(body) ? 'an HTML page' : `a body that is not JSON: ${quoteClipped(body.trim(), 100)}`}, not an embeddings answer: ${CHECK_URL}`);
      }
      if (status >= 400) throw new SwitchyardError('upstream_error', `${status} from ${endpoint}: ${json.error?.message ?? body.slice(0, 300)}`, { status: 502 });
      const data = json.data ?? [];
      return texts.map((_, i) => {
        const embedding = (data.find((d) => d.index === i) ?? data[i])?.embedding;
        if (!Array.isArray(embedding)) throw new SwitchyardError('upstream_error', `embedding model "${options.model}" returned ${data.length} vectors for ${texts.length} inputs`);
        return embedding as number[];
      });
    },
  };
}
