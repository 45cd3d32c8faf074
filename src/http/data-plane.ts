import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { JsonText } from '../core/json-text.js';
import type { Gateway } from '../gateway/gateway.js';
import { type RequestContext, toTrace } from '../gateway/request-context.js';
import { type KeyRegistry, presentedSecret, type VirtualKey } from '../limits/keys.js';
import type { WireFormat } from '../providers/provider.js';
import type { Endpoint } from '../core/trace.js';
import type { TraceWriter } from '../store/trace-writer.js';
import { sendError } from './error-response.js';
import { parseJsonBody, readBody } from './read-body.js';
import { decodeSegment } from '../core/request-target.js';

export interface DataPlaneOptions {
  gateway: Gateway;
  keys: KeyRegistry;
  traces: TraceWriter;
  bodyLimitBytes: number;
  keepBodies: boolean;
  totalTimeoutMs: number;
}

const ROUTES: Record<string, { endpoint: Endpoint; format: WireFormat }> = {
  '/v1/chat/completions': { endpoint: 'chat', format: 'openai' },
  '/chat/completions': { endpoint: 'chat', format: 'openai' },
  '/v1/messages': { endpoint: 'messages', format: 'anthropic' },
  '/v1/embeddings': { endpoint: 'embeddings', format: 'openai' },
  '/embeddings': { endpoint: 'embeddings', format: 'openai' },
};

const COUNT_TOKENS = '/v1/messages/count_tokens';

/** True when this handler serves the path (model calls and the model list). */
export function isDataPlanePath(path: string): boolean {
  return path in ROUTES || path === COUNT_TOKENS || path === '/v1/models' || path.startsWith('/v1/models/');
}

/**
 * The `/v1` data plane on plain `node:http`: each model call gets a RequestContext, runs through
 * the gateway, and leaves one trace however it ends.
 */
export function createDataPlane(options: DataPlaneOptions) {
  const { gateway, keys, traces } = options;

  function authenticate(req: IncomingMessage): VirtualKey | null {
    if (keys.open) return null;
    const secret = presentedSecret(req.headers);
    if (!secret) {
      throw new SwitchyardError('unauthorized', 'missing API key: send a Switchyard virtual key as "Authorization: Bearer <key>" or "x-api-key: <key>"');
    }
    const key = keys.find(secret);
    if (!key) throw new SwitchyardError('unauthorized', `invalid API key "${mask(secret)}": it is not a virtual key of this gateway`);
    return key;
  }

  function listModels(req: IncomingMessage, res: ServerResponse, path: string): void {
    const key = authenticate(req);
    const names = gateway.catalog.names.filter((name) => !key?.models || key.models.has(name));
    const anthropic = typeof req.headers['anthropic-version'] === 'string';
    const id = decodeSegment(path.slice('/v1/models/'.length));
    const describe = (name: string) =>
      anthropic
        ? { type: 'model', id: name, display_name: name, created_at: '2026-01-01T00:00:00Z' }
        : { id: name, object: 'model', created: 1_767_225_600, owned_by: 'switchyard' };
    let body: unknown;
    if (path.startsWith('/v1/models/')) {
      if (!names.includes(id)) throw new SwitchyardError('model_not_found', `model "${id}" is not configured on this gateway (configured: ${names.join(', ') || 'none'})`);
      body = describe(id);
    } else if (anthropic) {
      body = { data: names.map(describe), has_more: false, first_id: names[0] ?? null, last_id: names[names.length - 1] ?? null };
    } else body = { object: 'list', data: names.map(describe) };
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  /** A token count is not a model call: answered without limits, cost or a trace. */
  async function countTokens(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newId('req');
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      const key = authenticate(req);
      const body = parseJsonBody(await readBody(req, options.bodyLimitBytes));
      const text = await gateway.countTokens(key, body, controller.signal);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': requestId });
      res.end(text);
    } catch (error) {
      sendError(res, 'anthropic', toSwitchyardError(error), requestId);
    }
  }

  async function serveModelCall(req: IncomingMessage, res: ServerResponse, route: { endpoint: Endpoint; format: WireFormat }): Promise<void> {
    const controller = new AbortController();
    const ctx: RequestContext = {
      requestId: newId('req'),
      traceId: newId('tr'),
      startedAt: Date.now(),
      t0: performance.now(),
      endpoint: route.endpoint,
      format: route.format,
      res,
      anthropicBeta: typeof req.headers['anthropic-beta'] === 'string' ? req.headers['anthropic-beta'] : undefined,
      signal: controller.signal,
      key: null,
      metadata: null,
      requestedModel: '',
      provider: null,
      upstreamModel: null,
      stream: false,
      usage: undefined,
      costUsd: 0,
      ttftMs: null,
      attempts: [],
      decisions: null,
      request: null,
      response: null,
      error: null,
      clientClosed: false,
    };
    const onClose = () => {
      if (!res.writableFinished) {
        ctx.clientClosed = true;
        controller.abort(new SwitchyardError('upstream_error', 'the client closed the connection', { status: 499 }));
      }
    };
    res.on('close', onClose);
    const timeout = setTimeout(
      () => controller.abort(new SwitchyardError('upstream_timeout', `request took longer than the total timeout of ${options.totalTimeoutMs} ms`)),
      options.totalTimeoutMs,
    );
    try {
      ctx.key = authenticate(req);
      const raw = await readBody(req, options.bodyLimitBytes);
      const text = raw.toString('utf8');
      const body = parseJsonBody(text);
      ctx.request = new JsonText(text);
      if (typeof body.model === 'string') ctx.requestedModel = body.model;
      ctx.metadata = parseMetadata(req.headers['x-switchyard-metadata']);
      if (route.endpoint === 'embeddings') await gateway.embeddings(ctx, body, raw.length);
      else await gateway.chat(ctx, body, raw.length);
    } catch (thrown) {
      const error = toSwitchyardError(thrown);
      ctx.error = error;
      if (!ctx.clientClosed) {
        res.setHeader('x-switchyard-trace-id', ctx.traceId);
        sendError(res, route.format, error, ctx.requestId);
      }
    } finally {
      clearTimeout(timeout);
      res.off('close', onClose);
      traces.write(toTrace(ctx, options.keepBodies, performance.now()));
    }
  }

  /**
   * Handles a data-plane request; errors before a context exists are still answered in the API's
   * shape. For model calls it returns the promise that settles once the trace is queued, so a
   * shutdown can wait for it.
   */
  return function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> | undefined {
    const route = ROUTES[path];
    if (route) {
      if (req.method !== 'POST') {
        sendError(res, route.format, new SwitchyardError('invalid_request', `${path} takes POST, not ${req.method}`, { status: 405 }), newId('req'));
        return undefined;
      }
      return serveModelCall(req, res, route);
    }
    if (path === COUNT_TOKENS) {
      void countTokens(req, res);
      return undefined;
    }
    try {
      listModels(req, res, path);
    } catch (error) {
      sendError(res, 'openai', toSwitchyardError(error), newId('req'));
    }
    return undefined;
  };
}

function parseMetadata(header: string | string[] | undefined): Record<string, unknown> | null {
  if (header === undefined) return null;
  const text = Array.isArray(header) ? header.join(',') : header;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SwitchyardError('invalid_request', `x-switchyard-metadata must be a JSON object, got ${JSON.stringify(text.slice(0, 80))}`, { param: 'x-switchyard-metadata' });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SwitchyardError('invalid_request', 'x-switchyard-metadata must be a JSON object such as {"feature":"support"}', { param: 'x-switchyard-metadata' });
  }
  return parsed as Record<string, unknown>;
}

function mask(secret: string): string {
  return secret.length <= 8 ? '***' : `${secret.slice(0, 5)}…${secret.slice(-3)}`;
}
