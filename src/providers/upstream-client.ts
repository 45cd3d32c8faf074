import type { IncomingHttpHeaders } from 'node:http';
import { Pool, errors as undiciErrors } from 'undici';
import type { AbortLike } from '../core/call-abort.js';
import { billedFailure } from '../core/billed-failure.js';
import { SwitchyardError } from '../core/errors.js';
import { keepLlhttpOnBaseline } from './llhttp-baseline.js';

/**
 * Errors of a connection the upstream's side closed or reset once the request went out, before
 * any answer: undici's "other side closed" and the kernel's reset and broken pipe.
 */
const RESETS: ReadonlySet<unknown> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

function isReset(error: unknown): boolean {
  return typeof error === 'object' && error !== null && RESETS.has((error as { code?: unknown }).code);
}

/** An upstream response whose body has not been read yet. */
export interface UpstreamResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: AsyncIterable<Buffer> & { text(): Promise<string>; destroy(error?: Error): unknown };
}

export interface SendOptions {
  signal: AbortLike;
  /** Time allowed until the response headers arrive, and between body chunks. */
  timeoutMs: number;
}

/**
 * One keep-alive connection pool per provider. undici's `Pool.request` is used rather than
 * `fetch`: it hands back a Node stream without WHATWG wrappers, which is most of the cost a proxy
 * can avoid.
 */
export class UpstreamClient {
  private readonly pool: Pool;
  private readonly prefix: string;
  private readonly query: string;
  readonly origin: string;

  /** `provider "name" (origin)`, as error messages name it. */
  private readonly label: string;

  /**
   * @param refusedHint said after a refused connection, e.g. how to start the simulator a
   *   `simulated` provider points at.
   */
  constructor(name: string, baseUrl: string, maxConnections: number, private readonly refusedHint?: string) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.label = `provider "${name}" (${url.origin})`;
    this.prefix = url.pathname.replace(/\/+$/, '');
    // Azure OpenAI puts `?api-version=…` on the base URL; it goes on every request.
    this.query = url.search;
    // Before the first connection compiles undici's parser: it stays on Liftoff (llhttp-baseline.ts).
    keepLlhttpOnBaseline();
    this.pool = new Pool(url.origin, { connections: maxConnections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  /** POSTs a JSON body. Network failures become retryable SwitchyardErrors that say what happened. */
  post(path: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<UpstreamResponse> {
    // A promise chain, not an async function: one frame and one turn of the microtask queue less
    // on every provider call (undici's request rejects rather than throws, whatever it is given).
    return this.pool
      .request({
        method: 'POST',
        path: this.prefix + path + this.query,
        headers: { 'content-type': 'application/json', ...headers },
        body,
        // undici takes any object with addEventListener (see CallAbort), whatever its types say.
        signal: options.signal as AbortSignal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      })
      .then(
        (response): UpstreamResponse => ({ status: response.statusCode, headers: response.headers as IncomingHttpHeaders, body: response.body }),
        (error: unknown) => {
          const failure = this.networkError(error, options);
          // Reset before any answer: whether the provider had the request is unknown (see billed-failure.ts).
          throw !options.signal.aborted && isReset(error) ? billedFailure(failure, 'reset') : failure;
        },
      );
  }

  networkError(error: unknown, options: SendOptions): SwitchyardError {
    if (error instanceof SwitchyardError) return error;
    if (options.signal.aborted) {
      const reason: unknown = options.signal.reason;
      return reason instanceof SwitchyardError ? reason : new SwitchyardError('upstream_error', 'request aborted', { cause: error });
    }
    if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
      // Both run once the request was written: the provider has it, and bills it.
      return billedFailure(new SwitchyardError('upstream_timeout', `${this.label} did not answer within ${options.timeoutMs} ms`, { retryable: true, cause: error }), 'attempt_timeout');
    }
    if (error instanceof undiciErrors.ConnectTimeoutError) {
      return new SwitchyardError('upstream_unreachable', `cannot connect to ${this.label}: connect timeout`, { retryable: true, cause: error });
    }
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
      const hint = code === 'ECONNREFUSED' && this.refusedHint ? ` (${this.refusedHint})` : '';
      return new SwitchyardError('upstream_unreachable', `cannot connect to ${this.label}: ${code}${hint}`, { retryable: true, cause: error });
    }
    return new SwitchyardError('upstream_unreachable', `${this.label} broke the connection: ${message}${code ? ` (${code})` : ''}`, { retryable: true, cause: error });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
