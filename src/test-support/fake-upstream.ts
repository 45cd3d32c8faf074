import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in upstream started by `startFakeUpstream`. */
export interface FakeUpstream {
  server: Server;
  port: number;
  /** `http://127.0.0.1:PORT/v1`, an `openai` provider's `base_url`. */
  v1: string;
  /** Stops it, ending any connection still open (a stream that never ends). */
  close(): Promise<void>;
}

/**
 * An HTTP server on an ephemeral loopback port standing in for a provider: each request's body is
 * read whole (as UTF-8 text) and handed with the request to `answer`, which writes the response.
 * Tests that need an upstream to misbehave in one exact way (a body that is no Response, a usage
 * of 1e308, a header to check) start one of these rather than a `createServer` of their own.
 *
 * @example
 * const upstream = await startFakeUpstream((_req, body, res) => res.end(JSON.stringify(completionFor(body))));
 * // providers: { odd: { type: openai, base_url: ${upstream.v1}, api_key: sk-x } }
 */
export async function startFakeUpstream(answer: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<FakeUpstream> {
  const server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => answer(req, Buffer.concat(pieces).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    v1: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
