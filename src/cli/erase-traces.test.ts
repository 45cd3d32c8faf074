import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from '../test-support/gateway-harness.js';
import { eraseTraces } from './erase-traces.js';

// The README's Knowledge bases section says to ask the gateway `switchyard traces erase --user
// alice --dry-run`: there the gateway is `npm start`'s, open on loopback with no admin key, whose
// admin API wants the CSRF token of GET /api/session on every write. The command sent none and
// stopped on "answered 403: missing or wrong x-switchyard-csrf header".
describe('traces erase against a gateway open on loopback (no server.admin_key)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('', (simUrl) => `
providers: { sim: { type: openai, base_url: ${simUrl}/v1, api_key: sk-up } }
models: { small: { provider: sim, model: standin-small } }
traces: { flush_interval_ms: 5 }
`);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('counts with --dry-run, then erases, with no admin key to give', async () => {
    await h.openai('any-key-while-open').chat.completions.create({ model: 'small', user: 'alice', messages: [{ role: 'user', content: 'Alice asks' }] });
    await h.waitForTrace((t) => t.requestedModel === 'small');
    const printed: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    const adminKey = process.env.SWITCHYARD_ADMIN_KEY;
    delete process.env.SWITCHYARD_ADMIN_KEY;
    try {
      await eraseTraces({ user: 'alice', dryRun: true, gateway: h.gateway.url });
      expect(printed.join('\n')).toMatch(/dry run \(nothing changed\): er_[\s\S]*traces \(and their search index entries\)\s*│\s*1\b/);
      expect((await h.gateway.stores.traces.listTraces({ text: 'Alice asks' })).traces).toHaveLength(1);
      await eraseTraces({ user: 'alice', gateway: h.gateway.url });
      expect(printed.at(-1)).toMatch(/^erased: er_/);
      expect((await h.gateway.stores.traces.listTraces({ text: 'Alice asks' })).traces).toEqual([]);
    } finally {
      log.mockRestore();
      if (adminKey !== undefined) process.env.SWITCHYARD_ADMIN_KEY = adminKey;
    }
  });
});
