import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake upstream received, its body read whole as UTF-8 text. */
export interface FakeRequest {
  method: string;
  /** The path and query, as `req.url`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in upstream started by `startFakeUpstream`. */
export interface FakeUpstream {
  server: Server;
  port: number;
  /** `http://127.0.0.1:PORT`, for a Gemini or Anthropic `base_url`, a webhook, a collector or a `--gateway`. */
  url: string;
  /** `http://127.0.0.1:PORT/v1`, an `openai` provider's `base_url`. */
  v1: string;
  /** Every request received, in order, before `answer` saw it (empty it with `requests.length = 0`). */
  requests: FakeRequest[];
  /** Stops it, ending any connection still open (a stream that never ends, an answer never sent). */
  close(): Promise<void>;
}

/**
 * An HTTP server on an ephemeral loopback port standing in for whatever the code under test calls:
 * a provider, a webhook receiver, an OTLP collector, a gateway for a CLI command. Each request's body
 * is read whole (as UTF-8 text), recorded in `requests`, and handed with the request to `answer`,
 * which writes the response (late, or never: `close` ends what is left open). Tests that need an
 * upstream to misbehave in one exact way (a body that is no Response, a usage of 1e308, a header to
 * check) start one of these rather than a `createServer` of their own.
 *
 * @example
 * const upstream = await startFakeUpstream((_req, body, res) => res.end(JSON.stringify(completionFor(body))));
 * // providers: { odd: { type: openai, base_url: ${upstream.v1}, api_key: sk-x } }
 * // later: expect(upstream.requests.map((r) => r.url)).toEqual(['/v1/chat/completions']);
 */
export async function startFakeUpstream(answer: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<FakeUpstream> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => {
      const body = Buffer.concat(pieces).toString('utf8');
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    server,
    port,
    url,
    v1: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
