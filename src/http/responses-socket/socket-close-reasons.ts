import { WebSocket } from 'ws';
import { formatBytes } from '../read-body.js';

/** A close frame's reason may hold 123 bytes (RFC 6455 §5.5: a control frame's 125, less the code). */
export const MAX_CLOSE_REASON_BYTES = 123;

/**
 * The reason a socket closed for a message over `limitBytes` gives: `ws` closes with 1009 and
 * no reason, which the client's log showed as a bare code. Sized to {@link MAX_CLOSE_REASON_BYTES}.
 *
 * @example messageTooBigReason(10_485_760) // 'message over the limit of 10 MB (server.body_limit_mb), as sent or once inflated: send a smaller response.create'
 */
export function messageTooBigReason(limitBytes: number): string {
  return `message over the limit of ${formatBytes(limitBytes)} (server.body_limit_mb), as sent or once inflated: send a smaller response.create`;
}

/**
 * The `WebSocket` class for a server whose messages are bounded by `limitBytes` (`maxPayload`):
 * `ws` closes a socket whose message is too big (as sent, or once inflated) with 1009 from inside
 * its receiver, before any listener hears of it; this class gives that close its reason.
 *
 * @example new WebSocketServer({ noServer: true, maxPayload: limit, WebSocket: withTooBigReason(limit) })
 */
export function withTooBigReason(limitBytes: number): typeof WebSocket {
  const reason = messageTooBigReason(limitBytes);
  return class extends WebSocket {
    override close(code?: number, data?: string | Buffer): void {
      super.close(code, code === 1009 && data === undefined ? reason : data);
    }
  };
}
