import { quoteClipped } from '../core/clip.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppSpanStore } from '../core/app-spans.js';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { parseJsonBody } from '../core/json-body.js';
import { sameSecret } from '../core/same-secret.js';
import { sha256 } from '../core/sha256.js';
import { type KeyRegistry, presentedSecret } from '../limits/keys.js';
import { decodeOtlpTraces } from '../monitor/otel/otlp-json.js';
import { otlpProtobufToJson } from '../monitor/otel/otlp-protobuf.js';
import { sendError } from './error-response.js';
import { readBody } from './read-body.js';

export interface OtlpEndpointOptions {
  spans: AppSpanStore;
  keys: KeyRegistry;
  adminKey: string | undefined;
  bodyLimitBytes: number;
}

/**
 * `POST /v1/traces`: applications send their own spans (agent steps, tool calls) over OTLP/HTTP,
 * in protobuf (most exporters' default) or JSON, authenticated like model calls (a virtual key,
 * or the admin key; nothing when the gateway has no keys). The trace view then shows a gateway
 * call inside the work that led to it. Malformed input is a 400 naming the field; the answer is
 * an empty `ExportTraceServiceResponse` in the request's encoding.
 *
 * @example OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://127.0.0.1:4000/v1/traces OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer sk-…"
 */
export function createOtlpEndpoint(options: OtlpEndpointOptions) {
  const adminHash = options.adminKey === undefined ? undefined : sha256(options.adminKey, 'hex');

  function authorize(req: IncomingMessage): void {
    if (options.keys.open) return;
    const secret = presentedSecret(req.headers);
    if (secret === undefined) throw new SwitchyardError('unauthorized', `You didn't provide an API key. Send a Switchyard virtual key as "Authorization: Bearer <key>" (OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <key>").`, { vendorCode: null });
    if (adminHash && sameSecret(secret, adminHash)) return;
    if (!options.keys.find(secret)) throw new SwitchyardError('unauthorized', 'invalid API key: it is not a virtual key of this gateway');
  }

  async function body(req: IncomingMessage, protobuf: boolean): Promise<unknown> {
    const raw = await readBody(req, options.bodyLimitBytes);
    return protobuf ? await otlpProtobufToJson(raw) : parseJsonBody(raw);
  }

  return async function serveOtlp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw methodNotAllowed('/v1/traces', req.method, ['POST']);
      authorize(req);
      const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-protobuf' && type !== 'application/json') {
        throw new SwitchyardError('unsupported', `content-type must be application/x-protobuf or application/json (OTLP/HTTP), got ${quoteClipped(type ?? '')}`, { status: 415 });
      }
      const protobuf = type === 'application/x-protobuf';
      const spans = decodeOtlpTraces(await body(req, protobuf));
      await options.spans.putSpans(spans);
      // An empty ExportTraceServiceResponse: zero bytes in protobuf, {} in JSON.
      const text = protobuf ? '' : '{}';
      res.writeHead(200, { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    } catch (error) {
      sendError(res, 'openai', toSwitchyardError(error), newId('req'));
    }
  };
}
