import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { monitoringSchema } from '../../src/config/monitor-schema.js';
import { createAdminApi } from '../../src/http/admin-api.js';
import { forEachBackend } from '../../src/store/contract/backends.js';

/**
 * Drift windows past the dates JavaScript holds (helper hostile11, 2026-12-05): POST /api/drift
 * took `reference: "99999999999w"` (6e19 ms back) and `current_since: -1e300`, windows no date
 * holds; they are refused naming the field and the range, as the trace list's times are.
 */
forEachBackend((backend) => {
  describe('drift windows', () => {
    it('refuses a window reaching past the dates JavaScript holds, naming the field', async () => {
      const stores = await backend.fresh();
      const api = createAdminApi({ store: stores.traces, evals: stores, loopback: true, monitoring: { monitor: stores.monitor, config: monitoringSchema.parse({}) } });
      const server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://x')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const { csrf } = (await (await fetch(`${base}/api/session`)).json()) as { csrf: string };
        const drift = async (body: unknown) => {
          const res = await fetch(`${base}/api/drift`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchyard-csrf': csrf }, body: JSON.stringify(body) });
          return { status: res.status, body: (await res.json()) as { error?: { message: string; param: string } } };
        };
        for (const [body, param] of [
          [{ route: 'r', reference: '99999999999w' }, 'reference'],
          [{ route: 'r', current: '99999999999w' }, 'current'],
          // Each within the span, the reference window's start past it.
          [{ route: 'r', current: '14285714w', reference: '14285714w' }, 'reference'],
          [{ route: 'r', current_since: -1e300 }, 'current_since'],
          [{ route: 'r', current_since: Date.UTC(2026, 11, 1), reference_since: -1e20 }, 'reference_since'],
          [{ route: 'r', current_since: Date.UTC(2026, 11, 1), reference_until: -9e15, reference_since: -1e16 }, 'reference_until'],
        ] as const) {
          const answer = await drift(body);
          expect(answer.status, JSON.stringify(body)).toBe(400);
          expect(answer.body.error?.param, JSON.stringify(body)).toBe(param);
          expect(answer.body.error?.message, JSON.stringify(body)).toMatch(/the dates JavaScript holds/);
        }
        // A window at the edge of what is sensible is still run, and fractions of a millisecond
        // are rounded (PostgreSQL refused 1764892800000.5 for a BIGINT: a 500).
        expect((await drift({ route: 'r', current: '1w', reference: '520w' })).status).toBe(201);
        expect((await drift({ route: 'r', current: '1.5ms', reference: '0.25s' })).status).toBe(201);
        expect((await drift({ route: 'r', current_since: Date.UTC(2026, 11, 1) + 0.5, reference_since: Date.UTC(2026, 10, 1) + 0.25 })).status).toBe(201);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
