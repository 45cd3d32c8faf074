import { describe, expect, it } from 'vitest';
import { seededRandom } from '../core/seeded-random.js';
import { startFakeUpstream } from '../test-support/fake-upstream.js';
import { type LoadProgress, runLoad } from './run-load.js';

describe('live progress', () => {
  it('reports progress every second while the run goes on, and once more at its end', async () => {
    // Answers after 1.5 s, so requests are still in flight when the first ticks come.
    const server = await startFakeUpstream((_req, _body, res) => {
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices":[{"message":{"role":"assistant","content":"ok"}}],"usage":{"prompt_tokens":1,"completion_tokens":1}}'), 1_500);
    });
    const seen: LoadProgress[] = [];
    try {
      const { samples } = await runLoad({
        url: server.url,
        requests: [{ path: '/v1/chat/completions', body: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } }],
        rps: 10,
        durationMs: 1_200,
        arrivals: 'uniform',
        random: seededRandom(1),
        timeoutMs: 10_000,
        maxInFlight: 64,
        runId: 'lt_progress',
        onProgress: (p) => seen.push(p),
      });
      expect(samples).toHaveLength(12);
    } finally {
      await server.close();
    }
    const during = seen.slice(0, -1);
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during[0]?.inFlight).toBeGreaterThan(0);
    expect(during[0]?.done).toBeLessThan(12);
    expect(seen.at(-1)).toMatchObject({ sent: 12, done: 12, failed: 0, inFlight: 0 });
  });
});
