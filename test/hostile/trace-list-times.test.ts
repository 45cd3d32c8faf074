import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createAdminApi } from '../../src/http/admin-api.js';
import { forEachBackend } from '../../src/store/contract/backends.js';
import { sampleTrace } from '../../src/test-support/sample-trace.js';

/**
 * Times past what a date can hold on GET /api/traces (helper hostile10, 2026-12-05): on
 * PostgreSQL `since=9999999999999999999` was a 500 ("out of range for type bigint") and 400 nines
 * (read as Infinity) another; on SQLite both listed nothing, as a `since` after `until` did.
 */
forEachBackend((backend) => {
  describe('trace list times', () => {
    it('refuses a time past the dates JavaScript holds, and a since after until, naming the parameter', async () => {
      const stores = await backend.fresh();
      await stores.traces.insertTraces([sampleTrace({ id: 'tr_a', ts: Date.UTC(2026, 11, 5) })]);
      const api = createAdminApi({ store: stores.traces, evals: stores, loopback: true });
      const server = createServer((req, res) => void api(req, res, new URL(req.url ?? '/', 'http://x')));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/traces?`;
        const list = async (query: string) => {
          const res = await fetch(`${base}${query}`);
          return { status: res.status, body: (await res.json()) as { traces?: { id: string }[]; error?: { message: string; param: string } } };
        };
        const nines = '9'.repeat(400);
        for (const [query, param, shown] of [
          ['since=9999999999999999999', 'since', '"9999999999999999999"'],
          [`since=${nines}`, 'since', `"${'9'.repeat(100)}…"`],
          [`until=${nines}`, 'until', `"${'9'.repeat(100)}…"`],
          ['until=8640000000000001', 'until', '"8640000000000001"'],
        ] as const) {
          const { status, body } = await list(query);
          expect(status, query).toBe(400);
          expect(body.error).toEqual({ param, message: `${param} must be ms since the epoch or an ISO date from -271821-04-20 to +275760-09-13 (the dates JavaScript holds), got ${shown}`, type: 'invalid_request_error', code: 'invalid_request' });
        }
        expect((await list('since=2026-12-06&until=2026-12-01')).body.error).toMatchObject({ param: 'since', message: 'since (2026-12-06T00:00:00.000Z) is after until (2026-12-01T00:00:00.000Z): no trace is in between' });
        // The edges a date can hold are read, and a window that holds the trace lists it.
        expect((await list('since=0&until=8640000000000000')).body.traces?.map((t) => t.id)).toEqual(['tr_a']);
        expect((await list('since=2026-12-04&until=2026-12-06')).body.traces?.map((t) => t.id)).toEqual(['tr_a']);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });
});
