import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { KeyRegistry, toVirtualKey } from '../../limits/keys.js';
import { makeTrace } from '../../monitor/test-traces.js';
import type { Overview } from '../../monitor/overview.js';
import { forEachBackend } from '../../store/contract/backends.js';
import { createAdminApi } from '../admin-api.js';

// GET /api/overview?replicas=N on every store: what the overview's "By replica" table reads.
const ADMIN = 'admin-key-replica-overview';
const APP_KEY = 'sk-sy-app-replicas-1';
const APP = toVirtualKey({ key: APP_KEY, name: 'app' });
const NOW = Date.UTC(2026, 0, 1, 13);
const MINUTE = 60_000;

forEachBackend((backend) => {
  it('answers byReplica for the admin, bounded by replicas=N, and nothing of it without the parameter or to a key', async () => {
    const stores = await backend.fresh();
    const traces = [
      ...[1, 2, 3].map((m) => makeTrace({ id: `a${m}`, ts: NOW - m * MINUTE, replica: 'eu-1', costUsd: 0.5 })),
      ...[40, 41].map((m) => makeTrace({ id: `b${m}`, ts: NOW - m * MINUTE, replica: 'eu-2', status: 503, costUsd: 0 })),
      makeTrace({ id: 'c', ts: NOW - 5 * MINUTE, replica: 'eu-3' }),
    ];
    await stores.traces.insertTraces(traces);
    await stores.rollups.apply(traces);
    const admin = createAdminApi({ store: stores.traces, rollups: stores.rollups, keys: new KeyRegistry([APP]), adminKey: ADMIN, now: () => NOW });
    const server = createServer((req, res) => void admin(req, res, new URL(req.url ?? '/', 'http://localhost')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const get = async (path: string, key = ADMIN) => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
      return { status: response.status, json: (await response.json()) as Overview & { error?: { message: string } } };
    };
    try {
      const two = await get('/api/overview?range=1h&replicas=2');
      expect(two.status).toBe(200);
      expect(two.json.byReplica?.replicas.map((r) => [r.name, r.requests, r.errors, r.costUsd, r.lastSeen])).toEqual([
        ['eu-1', 3, 0, 1.5, NOW - MINUTE],
        ['eu-2', 2, 2, 0, NOW - 40 * MINUTE],
      ]);
      expect(two.json.byReplica?.replicas[1]).toMatchObject({ errorRate: 1, latency: { p50: expect.any(Number) } });
      expect(two.json.byReplica?.more).toMatchObject({ replicas: 1, requests: 1, errors: 0 });
      expect(two.json.byReplica?.unnamed).toBe(0);
      expect((await get('/api/overview?range=1h')).json).not.toHaveProperty('byReplica');
      const bad = await get('/api/overview?range=1h&replicas=1000');
      expect([bad.status, bad.json.error?.message]).toEqual([400, 'replicas must be an integer from 1 to 100, got "1000"']);
      // The replicas are the operator's (host names and pids by default): a virtual key reads none of it.
      expect((await get('/api/overview?range=1h&replicas=2', APP_KEY)).status).toBe(403);
      expect((await get('/api/overview?range=1h&replicas=2', 'sk-sy-nobody')).status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
