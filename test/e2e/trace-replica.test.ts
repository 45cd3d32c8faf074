import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { sampleTrace } from '../../src/test-support/sample-trace.js';
import { e2eFixture } from './fixture.js';

// Replicas on one store: a trace's page names the gateway process that served it and links to
// that replica's calls, which the list filters by.
const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim, simulated: true }
models:
  small: { provider: sim, model: standin-small }
traces: { flush_interval_ms: 5 }
`,
  async seed({ openai, server }) {
    await openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'served here' }] });
    // A call another replica on the same store served.
    await server.store.insertTraces([sampleTrace({ id: 'tr_other_replica', ts: Date.now() - 1_000, replica: 'eu-2' })]);
  },
});

describe('replicas on the traces pages', () => {
  it("shows the replica that served a call and links to that replica's calls", async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/traces/tr_other_replica`);
    const line = page.getByTestId('trace-replica');
    await line.waitFor();
    expect(await line.innerText()).toBe('Served by replica eu-2 · all calls of this replica');
    await page.getByRole('link', { name: 'all calls of this replica' }).click();
    const rows = page.getByTestId('trace-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/traces?replica=eu-2');
    // The form shows the filter the link set, so Apply with another filter keeps it.
    expect(await page.getByLabel('replica').inputValue()).toBe('eu-2');
    // The gateway's own call names this process: the host's name and the pid.
    await page.getByLabel('replica').fill(`${hostname()}-${process.pid}`);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await line.waitFor();
    expect(await line.innerText()).toBe(`Served by replica ${hostname()}-${process.pid} · all calls of this replica`);
    await page.close();
  });
});
