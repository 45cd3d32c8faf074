import type { ReviewerStore } from '../review/reviewer-store.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { methodNotAllowed, SwitchyardError, toSwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { sameSecret } from '../core/same-secret.js';
import { sha256 } from '../core/sha256.js';
import { type KeyRegistry, presentedSecret } from '../limits/keys.js';
import type { SessionStore } from '../core/session-store.js';
import { AdminAccess } from './admin/access.js';
import type { TrustedProxies } from './client-address.js';
import { sendError } from './error-response.js';

export interface MetricsEndpointOptions {
  /** The exposition text and its content type (GatewayMetrics). */
  metrics: { render(): Promise<string>; readonly contentType: string };
  /** `metrics.token`: a scrape credential that opens nothing else. */
  token?: string | undefined;
  /** `metrics.public`: no credential asked. */
  public: boolean;
  adminKey: string | undefined;
  /** Whether the server listens on loopback only (then no credential is needed, as for the dashboard). */
  loopback: boolean;
  keys: KeyRegistry;
  /** `server.reviewer_key`: its sessions and bearer calls are refused here by role (metrics show every key's spend). */
  reviewerKey?: string;
  /** Reviewer accounts: their sessions are refused here by role, and not ended as unknown ones. */
  reviewers?: ReviewerStore;
  /** The dashboard's sessions, so a signed-in page may read the metrics too. */
  sessions?: SessionStore;
  /** `server.trusted_proxies`: whose failed scrapes count against which client. */
  proxies?: TrustedProxies;
}

/**
 * `GET /metrics` for Prometheus. Who may read it follows the admin API's rules (the admin key, a
 * dashboard session, or nobody's credential on loopback) plus a scrape token of its own; a virtual
 * key is refused, since the metrics name every key and team and what they spend.
 *
 * @example const serveMetrics = createMetricsEndpoint({ metrics, public: false, adminKey, loopback: true, keys }); serveMetrics(req, res);
 */
export function createMetricsEndpoint(options: MetricsEndpointOptions) {
  // The reviewer key too: a reviewer's session seen here is refused by role, and not ended as one of a changed key.
  const access = new AdminAccess({ adminKey: options.adminKey, reviewerKey: options.reviewerKey, loopback: options.loopback, keys: options.keys, sessions: options.sessions, reviewers: options.reviewers, proxies: options.proxies });
  const tokenHash = options.token === undefined ? undefined : sha256(options.token, 'hex');

  async function authorize(req: IncomingMessage): Promise<void> {
    if (options.public) return;
    const secret = presentedSecret(req.headers);
    if (tokenHash && secret !== undefined && sameSecret(secret, tokenHash)) return;
    const principal = await access.authenticate(req).catch((error: unknown) => {
      // The admin API's words ("neither the admin key nor a virtual key") leave out the scrape
      // token, the credential a mistyped Prometheus file most likely meant.
      if (secret === undefined || !(error instanceof SwitchyardError) || error.code !== 'unauthorized') throw error;
      throw new SwitchyardError('unauthorized', `the presented key is not this gateway's ${tokenHash ? 'metrics.token' : 'metrics.token (none is configured)'} or admin key: scrape /metrics with one of them`);
    });
    if (principal.kind !== 'admin') throw new SwitchyardError('forbidden', 'a virtual key cannot read /metrics: scrape with metrics.token or the admin key');
    if (principal.role !== 'admin') throw new SwitchyardError('forbidden', `/metrics needs the admin role; ${JSON.stringify(principal.name)} has the reviewer role, which reads and decides the review queue only: scrape with metrics.token or the admin key`);
  }

  return async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed('/metrics', req.method, ['GET']);
      await authorize(req);
      const text = await options.metrics.render();
      res.writeHead(200, { 'content-type': options.metrics.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
    } catch (error) {
      sendError(res, 'openai', toSwitchyardError(error), newId('req'));
    }
  };
}
