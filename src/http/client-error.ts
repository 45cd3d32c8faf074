import { maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { SwitchyardError } from '../core/errors.js';
import { errorBody } from './error-response.js';

/**
 * Answers a request Node's HTTP parser refused before any handler saw it, in the API's JSON error
 * shape instead of Node's bare status line with no body: headers over the size limit (431, most
 * often a big `x-switchyard-metadata` or cookie) and a malformed request (400). A socket that is
 * gone, or whose current response has begun, is closed.
 *
 * @example server.on('clientError', answerClientError)
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // As Node's own handler does: a response already under way on this socket (a keep-alive
  // connection's next request failed to parse) must not get our bytes in its middle.
  const current = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent === true) {
    socket.destroy();
    return;
  }
  const refused =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new SwitchyardError('invalid_request', `the request headers are over the ${Math.round(maxHeaderSize / 1024)} KB limit: send less in them (x-switchyard-metadata is for a few short tags)`, { status: 431 })
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new SwitchyardError('invalid_request', 'the request was not received in time', { status: 408 })
        : new SwitchyardError('invalid_request', `malformed HTTP request (${error.code ?? 'unparseable'}): the method, target or a header is not valid HTTP/1.1`, { status: 400 });
  const body = JSON.stringify(errorBody('openai', refused, ''));
  const reason = refused.status === 431 ? 'Request Header Fields Too Large' : refused.status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(`HTTP/1.1 ${refused.status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
