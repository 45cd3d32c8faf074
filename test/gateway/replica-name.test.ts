import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { startServer } from '../../src/server.js';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

// Two gateways on one store, as replicas run: each trace names the process that served it, the
// admin API lists one replica's calls, and a name the operator got wrong stops the start.
const ADMIN = 'admin-replica-name-1';
const dir = mkdtempSync(join(tmpdir(), 'sy-replica-name-'));
const sqlite = join(dir, 'shared.db');
const before = process.env.SWITCHYARD_REPLICA;
afterEach(() => {
  if (before === undefined) delete process.env.SWITCHYARD_REPLICA;
  else process.env.SWITCHYARD_REPLICA = before;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gateway on the shared file, started with `$SWITCHYARD_REPLICA` set to `replica` (or unset). */
async function replica(name: string | undefined): Promise<Harness> {
  if (name === undefined) delete process.env.SWITCHYARD_REPLICA;
  else process.env.SWITCHYARD_REPLICA = name;
  return startHarness('', (sim, dead) => referenceConfig(sim, dead, `server: { admin_key: ${ADMIN} }`), { sqlite });
}

async function api(h: Harness, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${h.gateway.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** One call through `h`, its trace written; its trace id. */
async function call(h: Harness): Promise<string> {
  const chat = await h.openai('sk-sy-test').chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
  const id = chat.response.headers.get('x-switchyard-trace-id') ?? '';
  await h.traceOf(id);
  return id;
}

describe('the replica a trace names', () => {
  it("records each replica's name on its calls, and either replica lists one replica's calls", async () => {
    const one = await replica('eu-1');
    const two = await replica('eu-2');
    const plain = await replica(undefined);
    try {
      const [a, b, c] = [await call(one), await call(two), await call(plain)];
      const trace = (await api(one, `/api/traces/${b}`)).json;
      expect(trace.replica).toBe('eu-2');
      // Unnamed: the host's name and the pid (the three run in this one process).
      expect((await api(two, `/api/traces/${c}`)).json.replica).toBe(`${hostname()}-${process.pid}`);
      const listed = async (h: Harness, filter: string) => ((await api(h, `/api/traces?limit=500${filter}`)).json.traces as { id: string; replica?: string }[]).map((t) => [t.id, t.replica]);
      expect(await listed(one, '&replica=eu-2')).toEqual([[b, 'eu-2']]);
      expect(await listed(two, '&replica=eu-1')).toEqual([[a, 'eu-1']]);
      expect(await listed(one, '&replica=eu-')).toEqual([]);
      // A virtual key reads its own calls without the replica, and cannot filter by one.
      const asKey = async (path: string) => fetch(`${one.gateway.url}${path}`, { headers: { authorization: 'Bearer sk-sy-test' } });
      const own = (await (await asKey(`/api/traces/${b}`)).json()) as Record<string, unknown>;
      expect(own.id).toBe(b);
      expect(own).not.toHaveProperty('replica');
      const ownList = (await (await asKey('/api/traces?limit=500')).json()) as { traces: Record<string, unknown>[] };
      expect(ownList.traces.map((t) => t.id)).toEqual(expect.arrayContaining([a, b, c]));
      expect(ownList.traces.filter((t) => 'replica' in t)).toEqual([]);
      const probe = await asKey('/api/traces?replica=eu-2');
      expect(probe.status).toBe(400);
      expect(((await probe.json()) as { error: { message: string } }).error.message).toBe("replica: a virtual key's traces do not name the replica that served them; this filter needs the admin key");
      const tooLong = await api(one, `/api/traces?replica=${'r'.repeat(101)}`);
      expect(tooLong.status).toBe(400);
      expect((tooLong.json.error as { message: string }).message).toBe('replica has 101 characters; replica names have at most 100');
    } finally {
      await Promise.all([one.close(), two.close(), plain.close()]);
    }
  });

  it('refuses to start with a name that is not one, saying what a name may hold', async () => {
    process.env.SWITCHYARD_REPLICA = 'eu 1';
    const config = parseConfig(`${referenceConfig('http://127.0.0.1:9/v1', 9)}\nstore: { sqlite: ${join(dir, 'refused.db')} }\n`, 'test');
    await expect(startServer(config, { port: 0, host: '127.0.0.1' })).rejects.toThrow(`SWITCHYARD_REPLICA: expected a replica name of 1 to 100 letters, digits, '.', '_', ':' or '-' (beginning with a letter or digit), got "eu 1"`);
  });
});
