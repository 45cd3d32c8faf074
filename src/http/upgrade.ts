import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { SwitchyardError } from '../core/errors.js';
import { parseRequestTarget } from '../core/request-target.js';
import { errorBody } from './error-response.js';
import { RESPONSES_SOCKET_PATHS } from './responses-socket/responses-socket.js';

/**
 * The server's `upgrade` listener: a WebSocket upgrade of `/v1/responses` goes to the Responses
 * WebSocket mode; any other request that asks to upgrade (a `curl --http2` h2c probe, a WebSocket
 * to another path) is answered as the ordinary request it also is, as Node answers it when no
 * listener is registered. Only requests that carry `Upgrade` reach it, so it costs the others nothing.
 *
 * @example server.on('upgrade', upgradeListener(sockets.upgrade, (req, res) => server.emit('request', req, res)))
 */
export function upgradeListener(
  webSocket: (req: IncomingMessage, socket: Duplex, head: Buffer) => void,
  ordinary: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    const { path } = parseRequestTarget(req.url ?? '/');
    if (RESPONSES_SOCKET_PATHS.has(path) && req.headers.upgrade?.toLowerCase() === 'websocket') {
      webSocket(req, socket, head);
      return;
    }
    // Node stopped parsing at the upgrade: what followed the headers is in `head` and the socket.
    // A request with a body would need that parser back; none asks to upgrade in practice.
    if (head.length > 0 || hasBody(req)) {
      const body = JSON.stringify(errorBody('openai', new SwitchyardError('invalid_request', 'a request with a body cannot ask to upgrade here: send it without Upgrade'), ''));
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    req.push(null);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket as Socket);
    res.on('finish', () => socket.end());
    ordinary(req, res);
  };
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
