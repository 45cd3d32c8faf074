/**
 * The gateway's HTTP server: counts each request in flight (what a shutdown drains), is the error
 * boundary no client request may get past, hands WebSocket upgrades to the Responses socket, and
 * listens, turning a refused address into an error that says what to change.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { toSwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { listenError } from '../core/listen-error.js';
import type { Log } from '../core/log.js';
import { answerClientError } from '../http/client-error.js';
import { sendError } from '../http/error-response.js';
import { formatOfLostClient } from '../http/not-found.js';
import { upgradeListener } from '../http/upgrade.js';
import type { RequestsInFlight } from './requests-in-flight.js';
import type { RouteRequest } from './route-request.js';

/** The server (not listening yet) that routes each request with `route` and upgrades WebSockets with `upgradeWebSocket`. */
export function createGatewayServer(route: RouteRequest, requests: RequestsInFlight, upgradeWebSocket: (req: IncomingMessage, socket: Duplex, head: Buffer) => void, log: Log): Server {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A request counts as in flight until its response closed and, for model calls, its trace is queued.
    requests.count++;
    let pending = 2;
    const settle = () => {
      if (--pending > 0) return;
      requests.settled();
    };
    res.once('close', settle);
    // The error boundary: nothing a client sends may take the process down.
    try {
      route(req, res, settle);
    } catch (thrown) {
      if (pending === 2) settle();
      const error = toSwitchyardError(thrown);
      // The path only: a query string may carry a token (`?key=…`), and logs outlive requests.
      if (error.status >= 500) {
        const path = (req.url ?? '').split('?')[0]?.slice(0, 200) ?? '';
        log(`request ${req.method} ${JSON.stringify(path)} failed`, { level: 'error', component: 'http', method: req.method, path, status: error.status, error: thrown instanceof Error ? thrown : error.message });
      }
      sendError(res, formatOfLostClient(req.url ?? '/', req.headers), error, newId('req'));
    }
  });
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  server.on('upgrade', upgradeListener(upgradeWebSocket, (req, res) => server.emit('request', req, res)));
  return server;
}

/** Listens on `host:port`; rejects with `listenError`'s account of why not (in use, no such address, not allowed). */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(listenError(error, `${host}:${port}`));
    });
    server.listen(port, host, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
}

/** The base URL and port a listening server is reachable at (`http://[::1]:4400` for IPv6). */
export function listeningAt(server: Server): { url: string; port: number } {
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${host}:${address.port}`, port: address.port };
}
