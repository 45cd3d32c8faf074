import type { IncomingMessage, ServerResponse } from 'node:http';
import { SwitchyardError, toSwitchyardError } from '../core/errors.js';
import type { TraceQuery, TraceStore } from '../store/trace.js';
import { sendError } from './error-response.js';

export interface AdminApiOptions {
  store: TraceStore;
}

function sendJsonBody(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function traceQuery(params: URLSearchParams): TraceQuery {
  const query: TraceQuery = {};
  const limit = params.get('limit');
  if (limit !== null) {
    const n = Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500) throw new SwitchyardError('invalid_request', `limit must be an integer from 1 to 500, got "${limit}"`, { param: 'limit' });
    query.limit = n;
  }
  const status = params.get('status');
  if (status !== null) {
    if (status === 'ok' || status === 'error') query.status = status;
    else if (/^\d{3}$/.test(status)) query.status = Number(status);
    else throw new SwitchyardError('invalid_request', `status must be "ok", "error" or an HTTP status, got "${status}"`, { param: 'status' });
  }
  for (const [param, field] of [['since', 'since'], ['until', 'until']] as const) {
    const value = params.get(param);
    if (value === null) continue;
    const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (Number.isNaN(time)) throw new SwitchyardError('invalid_request', `${param} must be ms since the epoch or an ISO date, got "${value}"`, { param });
    query[field] = time;
  }
  const model = params.get('model');
  if (model) query.model = model;
  const key = params.get('key');
  if (key) query.keyName = key;
  const provider = params.get('provider');
  if (provider) query.provider = provider;
  const before = params.get('before');
  if (before) query.before = before;
  return query;
}

/** The admin API under `/api`: what the CLI and the dashboard read. */
export function createAdminApi(options: AdminApiOptions) {
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    try {
      if (req.method === 'GET' && url.pathname === '/api/traces') {
        sendJsonBody(res, 200, await options.store.listTraces(traceQuery(url.searchParams)));
        return;
      }
      const match = /^\/api\/traces\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && match) {
        const id = decodeURIComponent(match[1] as string);
        const trace = await options.store.getTrace(id);
        if (!trace) throw new SwitchyardError('not_found', `trace "${id}" not found`);
        sendJsonBody(res, 200, trace);
        return;
      }
      throw new SwitchyardError('not_found', `no admin endpoint ${req.method} ${url.pathname}`);
    } catch (error) {
      sendError(res, 'openai', toSwitchyardError(error), '');
    }
  };
}
