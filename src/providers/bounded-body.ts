import { SwitchyardError } from '../core/errors.js';
import type { UpstreamResponse } from './upstream-client.js';

/**
 * The most bytes a whole (non-streamed) upstream answer may hold: no model answer comes near it,
 * and an upstream that sends more (a proxy's endless page, a misconfigured server) would otherwise
 * be held in memory whole until the call's timeout. The same bound as one stream event's.
 */
export const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;

function tooLarge(max: number, what: string): SwitchyardError {
  return new SwitchyardError('upstream_error', `the upstream's answer is ${what} than ${max.toLocaleString('en-US')} bytes: no model answer is that long (is the provider's base_url a model API?)`, { status: 502 });
}

/**
 * A whole upstream body as text, refused past `max` bytes: one declared too long (content-length)
 * is refused before any byte is read; a declared one within the bound is read as undici reads it
 * (the common case: one header look-up more than before); one of unknown length is counted as it
 * comes and cut at the bound.
 *
 * @example await boundedText(upstream) // '{"id":"chatcmpl-…"}'
 */
export function boundedText(upstream: Pick<UpstreamResponse, 'headers' | 'body'>, max = MAX_UPSTREAM_BODY_BYTES): Promise<string> {
  const declared = upstream.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) > max) {
      upstream.body.destroy();
      return Promise.reject(tooLarge(max, `declared ${Number(declared).toLocaleString('en-US')} bytes, more`));
    }
    return upstream.body.text();
  }
  return readCounted(upstream.body, max);
}

async function readCounted(body: UpstreamResponse['body'], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.length;
    if (bytes > max) {
      body.destroy();
      throw tooLarge(max, 'more');
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, bytes).toString('utf8');
}
