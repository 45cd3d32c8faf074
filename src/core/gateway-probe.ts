import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';
import { gatewayUnreachable } from './gateway-unreachable.js';

/** How long `/health` may take: it reads nothing slow, so a server that has not answered by then will not. */
const PROBE_TIMEOUT_MS = 10_000;
/** What of a body is read to tell what answered: a health report is a few hundred bytes. */
const MAX_BODY = 64 * 1024;
/** Where a gateway says its own URL, for the fix in every message below. */
const WHERE_URL_IS = 'the gateway prints "Switchyard gateway listening on URL" when it starts';

/**
 * Fails at once, with one line naming the URL and the fix, unless a Switchyard gateway answers
 * at `url`: nothing listening ({@link gatewayUnreachable}), no answer within 10 s, or something
 * else (a web server's 404 page, the simulator, a provider's API) answering `GET /health`.
 * Without it `routes --gateway` at a server answering `{}` printed "no routes configured",
 * `providers` at an HTML page "no target has been called yet", `loadtest` reported 15 "ok"
 * answers from a page that was no model, and `eval run` at a port that never answered waited
 * forever. Called by every command that takes `--gateway` before its first request.
 *
 * @example await assertSwitchyardGateway('http://127.0.0.1:9300') // throws: http://127.0.0.1:9300 is the Switchyard simulator, not a gateway: …
 */
export async function assertSwitchyardGateway(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const base = url.replace(/\/+$/, '').replace(/\/v1$/, '');
  let response: Response;
  try {
    response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw gatewayTimeout(url, 'GET /health', timeoutMs);
    throw gatewayUnreachable(url, error);
  }
  const text = await boundedText(response).catch(() => '');
  if (response.headers.get('openai-organization') === 'switchyard-simulator') {
    throw new SwitchyardError('invalid_request', `${url} is the Switchyard simulator, not a gateway: pass --gateway with the URL of the gateway whose config points at it (${WHERE_URL_IS})`);
  }
  const status = healthStatusOf(text);
  if (status === 'draining') {
    throw new SwitchyardError('unavailable', `the gateway at ${url} is shutting down (GET /health says draining): pass --gateway with a replica that is running, or start it again`);
  }
  if (status === undefined) {
    throw new SwitchyardError('invalid_request', `${url} is not a Switchyard gateway: GET /health answered ${response.status} ${bodyWords(response, text)}; check the host and port of --gateway (${WHERE_URL_IS})`);
  }
}

/**
 * A request to the gateway that did not answer in time, as one line that names it and what to check.
 *
 * @example gatewayTimeout('http://127.0.0.1:4000', 'GET /api/routes', 30_000).message // 'http://127.0.0.1:4000 did not answer GET /api/routes within 30 s: …'
 */
export function gatewayTimeout(url: string, request: string, timeoutMs: number): SwitchyardError {
  return new SwitchyardError('upstream_timeout', `${url} did not answer ${request} within ${timeoutMs / 1000} s: check that --gateway is a Switchyard gateway's address (${WHERE_URL_IS}) and that it is not stalled`);
}

/** The `status` of a gateway's `/health` body, or undefined when the body is no such report. */
function healthStatusOf(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    const status = (body as { status?: unknown } | null)?.status;
    // Every gateway's report has a status and the number of models it serves (draining: in_flight instead).
    const gatewayShaped = typeof (body as { models?: unknown }).models === 'number' || typeof (body as { in_flight?: unknown }).in_flight === 'number';
    return typeof status === 'string' && ['ok', 'degraded', 'draining'].includes(status) && gatewayShaped ? status : undefined;
  } catch {
    return undefined;
  }
}

/** What a body that is no health report was, in a few words: a page, an empty answer, or its start. */
function bodyWords(response: Response, text: string): string {
  const type = response.headers.get('content-type') ?? '';
  if (text.trim() === '') return 'with an empty body';
  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(text)) return 'with an HTML page';
  return `with ${quoteClipped(text.trim(), 80)}`;
}

/** The body's text up to {@link MAX_BODY} bytes; the rest is not read (a server may stream forever). */
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, MAX_BODY);
}
