import type { ProviderConfig } from '../config/schema.js';
import { UpstreamClient } from './upstream-client.js';

/** The wire format a provider speaks, and that a client speaks to the gateway. */
export type WireFormat = 'openai' | 'anthropic';

/**
 * A configured upstream: where to send, how to authenticate, which wire format it speaks.
 * Request and response translation between formats lives with each vendor's folder; the
 * gateway picks it by (client format, provider format).
 */
export interface Provider {
  readonly name: string;
  readonly wire: WireFormat;
  readonly simulated: boolean;
  readonly client: UpstreamClient;
  /** Path of the chat endpoint below the base URL. */
  readonly chatPath: string;
  /** Path of the embeddings endpoint, or null when the vendor has none. */
  readonly embeddingsPath: string | null;
  /** Auth and configured headers, sent on every call. */
  readonly headers: Readonly<Record<string, string>>;
}


/** Builds a provider from its config entry. */
export function createProvider(name: string, config: ProviderConfig): Provider {
  const client = new UpstreamClient(name, config.base_url, config.max_connections);
  if (config.type === 'anthropic') {
    return {
      name,
      wire: 'anthropic',
      simulated: config.simulated,
      client,
      chatPath: '/v1/messages',
      embeddingsPath: null,
      headers: {
        'anthropic-version': '2023-06-01',
        ...(config.api_key ? { 'x-api-key': config.api_key } : {}),
        ...config.headers,
      },
    };
  }
  return {
    name,
    wire: 'openai',
    simulated: config.simulated,
    client,
    chatPath: '/chat/completions',
    embeddingsPath: '/embeddings',
    headers: { ...(config.api_key ? { authorization: `Bearer ${config.api_key}` } : {}), ...config.headers },
  };
}
