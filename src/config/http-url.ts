import { z } from 'zod';

/**
 * A URL the gateway calls (a provider, a webhook, an OTLP collector): http or https, host
 * included. zod's own message was "Invalid URL" whether the scheme was left out
 * (`base_url: api.openai.com/v1`, which `new URL` cannot read) or was another one.
 *
 * @example httpUrl().parse('https://api.openai.com/v1')
 */
export function httpUrl() {
  return z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL with its host (e.g. https://api.openai.com/v1)' });
}
