import { describe, expect, it, vi } from 'vitest';
import { e2eFixture } from './fixture.js';

// A cache hit's trace keeps no copy of the answer: it names the trace of the call that made it,
// and the trace page still shows the answer (read from there) and links to that trace.
const ids: { miss: string; hit: string } = { miss: '', hit: '' };

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: sim, model: standin-small }
cache: { routes: { small: {} } }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai, sim, server }) {
    sim.addScript({ model: 'standin-small', match: 'rivers', reply: 'The Nile, the Amazon and the Yangtze.' });
    const client = openai();
    const body = { model: 'small', temperature: 0, messages: [{ role: 'user' as const, content: 'Name three rivers' }] };
    for (const which of ['miss', 'hit'] as const) {
      const { response } = await client.chat.completions.create(body).withResponse();
      expect(response.headers.get('x-switchyard-cache')).toBe(which);
      ids[which] = response.headers.get('x-switchyard-trace-id') as string;
      // The entry is stored once the first answer was delivered, before its trace is written: a
      // fixed 100 ms for it was a race a loaded machine could lose.
      await vi.waitFor(
        async () => {
          await server.traces.flush();
          if ((await server.store.getTrace(ids[which])) === undefined) throw new Error(`no trace ${ids[which]} yet`);
        },
        { timeout: 10_000, interval: 20 },
      );
    }
  },
});

describe("a cache hit's trace page", () => {
  it('shows the answer the client got and links to the trace of the call that made it', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/${ids.hit}`);
    await page.getByTestId('answer').waitFor();
    expect(await page.getByTestId('answer').innerText()).toContain('The Nile, the Amazon and the Yangtze.');
    expect(await page.getByTestId('no-attempts').innerText()).toContain('answered from the response cache');
    await page.getByTestId('cached-from').click();
    await expect.poll(() => page.url()).toContain(ids.miss);
    await page.getByTestId('answer').waitFor();
    expect(await page.getByTestId('answer').innerText()).toContain('The Nile, the Amazon and the Yangtze.');
    await page.close();
  });
});
