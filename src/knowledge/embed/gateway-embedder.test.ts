import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../../test-support/fake-upstream.js';
import { closedPort } from '../../test-support/gateway-harness.js';
import { gatewayEmbedder } from './gateway-embedder.js';

/**
 * `kb add/search --gateway URL` where URL is no embeddings API: it said "answered 404 with a body
 * that is not JSON: <html>…", "cannot reach …: connect ECONNREFUSED …" or "Headers Timeout Error",
 * none of which said what to check.
 */
const FIX = 'check --gateway: the base URL of an OpenAI-compatible API such as the Switchyard gateway (http://127.0.0.1:4000), which serves POST /v1/embeddings';
let server: FakeUpstream;
let url: string;
let answer: (res: ServerResponse) => void;
beforeAll(async () => {
  server = await startFakeUpstream((_req, _body, res) => answer(res));
  url = server.url;
});
afterAll(() => server.close());

describe('gatewayEmbedder at a URL that is no embeddings API', () => {
  it('names a page, a body that is not JSON, nothing listening and no answer, each with what to check', async () => {
    answer = (res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>');
    await expect(gatewayEmbedder({ url, model: 'e' }).embed(['a'])).rejects.toThrow(`${url}/v1/embeddings answered 404 with an HTML page, not an embeddings answer: ${FIX}`);
    answer = (res) => res.writeHead(200).end('hello');
    await expect(gatewayEmbedder({ url, model: 'e' }).embed(['a'])).rejects.toThrow(`${url}/v1/embeddings answered 200 with a body that is not JSON: "hello", not an embeddings answer: ${FIX}`);
    const closed = `http://127.0.0.1:${await closedPort()}`;
    await expect(gatewayEmbedder({ url: closed, model: 'e' }).embed(['a'])).rejects.toThrow(`cannot reach ${closed}/v1/embeddings (connection refused: nothing listens there): ${FIX}`);
    answer = () => undefined;
    await expect(gatewayEmbedder({ url, model: 'e', timeoutMs: 300 }).embed(['a'])).rejects.toThrow(`cannot reach ${url}/v1/embeddings (no answer within 0.3 s): ${FIX}`);
  });
});
