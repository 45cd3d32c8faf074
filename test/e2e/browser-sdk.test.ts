/**
 * The official SDKs in a browser (`dangerouslyAllowBrowser: true`), on a page of another origin,
 * with only the base URL changed: Chromium's CORS preflight must pass for the SDK to reach the
 * gateway at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { launchBrowser } from './harness.js';

/**
 * A page origin other than the gateway's: a blank page and both SDKs bundled for the browser, as
 * an application's bundler would (esbuild, which vite brings).
 */
async function servePage(): Promise<{ server: Server; url: string }> {
  const bundle = await build({
    stdin: { contents: "export { default as OpenAI } from 'openai'; export { default as Anthropic } from '@anthropic-ai/sdk';", resolveDir: import.meta.dirname, loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const sdk = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    if (req.url === '/sdk.mjs') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(sdk);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>app</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

async function startGateway(sim: Simulator, dir: string, keys: boolean): Promise<RunningServer> {
  const yaml = `
providers:
  sim:  { type: openai,    base_url: ${sim.url}/v1, api_key: sk-up }
  anth: { type: anthropic, base_url: ${sim.url},    api_key: sk-ant-up }
models:
  small:  { provider: sim, model: standin-small }
  claude: { provider: anth, model: claude-standin }
${keys ? 'keys:\n  - { key: sk-sy-browser, name: web }' : ''}
store: { sqlite: ${join(dir, keys ? 'keys.db' : 'open.db')} }
`;
  return startServer(parseConfig(yaml, 'test'), { port: 0, host: '127.0.0.1' });
}

let sim: Simulator;
let gateway: RunningServer;
let open: RunningServer;
let page: { server: Server; url: string };
let browser: BrowserContext;
let tab: Page;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-browser-sdk-'));
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  gateway = await startGateway(sim, dir, true);
  open = await startGateway(sim, dir, false);
  page = await servePage();
  browser = await launchBrowser();
  tab = await browser.newPage();
  await tab.goto(page.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => page?.server.close(resolve));
  await open?.close();
  await gateway?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Runs in the page: both SDKs' ES modules, pointed at `base`, one call each, streamed and not.
 * Text, not a function: vitest would rewrite a function's `import()` for Node.
 */
const PAGE_SCRIPT = `async ({ base, apiKey }) => {
  const { OpenAI, Anthropic } = await import('/sdk.mjs');
  const out = {};
  try {
    const openai = new OpenAI({ baseURL: base + '/v1', apiKey, dangerouslyAllowBrowser: true, maxRetries: 0 });
    const { data, request_id } = await openai.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    out.chat = data.choices[0].message.content;
    out.chatRequestId = request_id;
    let streamed = '';
    for await (const chunk of await openai.chat.completions.create({ model: 'claude', stream: true, messages: [{ role: 'user', content: 'Hi' }] })) streamed += chunk.choices[0]?.delta?.content ?? '';
    out.streamed = streamed;
    const claude = new Anthropic({ baseURL: base, apiKey, dangerouslyAllowBrowser: true, maxRetries: 0 });
    const stream = claude.messages.stream({ model: 'claude', max_tokens: 40, messages: [{ role: 'user', content: 'Hi' }] });
    const message = await stream.finalMessage();
    out.message = message.content[0]?.type === 'text' ? message.content[0].text : null;
    out.messageRequestId = stream.request_id ?? null;
    const missing = await openai.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'Hi' }] }).catch((e) => e);
    out.error = missing.constructor.name + ' ' + missing.status;
  } catch (error) {
    out.failed = error.constructor.name + ': ' + error.message;
  }
  return out;
}`;

async function callFromPage(base: string, apiKey: string): Promise<Record<string, unknown>> {
  return tab.evaluate(`(${PAGE_SCRIPT})(${JSON.stringify({ base, apiKey })})`) as Promise<Record<string, unknown>>;
}

describe('the official SDKs in a browser page of another origin', () => {
  it('reach a gateway that requires keys with only the base URL changed: answers, streams, request ids and typed errors', async () => {
    const out = await callFromPage(gateway.url, 'sk-sy-browser');
    expect(out.failed, JSON.stringify(out)).toBeUndefined();
    expect(out).toMatchObject({ chat: expect.any(String), streamed: expect.any(String), message: expect.any(String), error: 'NotFoundError 404' });
    expect(out.chatRequestId).toMatch(/^req_/);
    expect(out.messageRequestId).toMatch(/^req_/);
    expect((out.streamed as string).length).toBeGreaterThan(0);
  });

  it('are refused by an open gateway (no keys), which any page its user visits could otherwise spend', async () => {
    const out = await callFromPage(open.url, 'any');
    expect(out.failed).toMatch(/^APIConnectionError/);
    // Nor does a form-like POST, which a browser sends without a preflight, reach the provider.
    const before = sim.stats().requests;
    await tab.evaluate(
      `fetch(${JSON.stringify(`${open.url}/v1/chat/completions`)}, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'spend' }] }) })`,
    );
    expect(sim.stats().requests).toBe(before);
    // Servers and SDKs outside a browser send no Origin and are answered as before.
    const server = await fetch(`${open.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'Hi' }] }) });
    expect(server.status).toBe(200);
    const refused = await fetch(`${open.url}/v1/messages`, { method: 'POST', headers: { origin: 'https://example.com', 'content-type': 'text/plain' }, body: '{}' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'permission_error', message: expect.stringContaining('takes no requests from web pages of other origins') } });
  });
});
