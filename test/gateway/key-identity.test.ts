import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Harness, referenceConfig, startHarness } from '../../src/test-support/gateway-harness.js';

// A key reads back its own calls only, by its identity, not by its name: a config key replaced by
// another secret under the same name, or a runtime key made under a name a removed config key had,
// is another key and finds none of the first one's traces, feedback or stored responses. A
// rotation keeps the key (and what it may read). The gateways share one SQLite file, as restarts do.
const ADMIN = 'admin-key-identity-1';
const dir = mkdtempSync(join(tmpdir(), 'sy-key-identity-'));
const sqlite = join(dir, 'shared.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A gateway on the shared file whose config holds `keys` (YAML list items) and an admin key. */
function gateway(keys: string): Promise<Harness> {
  return startHarness('', (sim, dead) => referenceConfig(sim, dead, `server: { admin_key: ${ADMIN} }`).replace('keys:\n  - key: sk-sy-test\n    name: compat\n', `keys:\n${keys}`), { sqlite });
}

async function api(h: Harness, secret: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${h.gateway.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}


/** Two calls by `secret`, their traces written: a chat call's trace id, a stored Response's id, both traces' ids. */
async function calls(h: Harness, secret: string): Promise<{ traceId: string; responseId: string; traceIds: string[] }> {
  const chat = await h.openai(secret).chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
  const answer = await h.openai(secret).responses.create({ model: 'small', input: 'remember this' }).withResponse();
  const traceIds = [chat.response, answer.response].map((r) => r.headers.get('x-switchyard-trace-id') ?? '');
  for (const id of traceIds) await h.traceOf(id);
  return { traceId: traceIds[0] as string, responseId: answer.data.id, traceIds };
}

const listedIds = async (h: Harness, secret: string, filter = '') => ((await api(h, secret, `/api/traces?limit=500${filter}`)).json.traces as { id: string }[]).map((t) => t.id);

describe('what a virtual key may read back', () => {
  let first: { traceId: string; responseId: string };

  it('the key that made the calls reads its traces, gives feedback and continues its responses', async () => {
    const h = await gateway('  - { key: sk-sy-app-one, name: app }\n  - { key: sk-sy-keep, name: keep }\n');
    try {
      first = await calls(h, 'sk-sy-app-one');
      expect((await api(h, 'sk-sy-app-one', `/api/traces/${first.traceId}`)).status).toBe(200);
      expect(await listedIds(h, 'sk-sy-app-one')).toContain(first.traceId);
      expect((await api(h, 'sk-sy-app-one', '/api/feedback', { trace_id: first.traceId, thumbs: 'up' })).status).toBe(201);
      expect((await h.openai('sk-sy-app-one').responses.retrieve(first.responseId)).id).toBe(first.responseId);
      // A trace written before traces named the key's identity: its name alone.
      const { keyId: _, ...legacy } = await h.traceOf(first.traceId);
      await h.gateway.store.insertTraces([{ ...legacy, id: 'tr_before_key_ids', keyName: 'app' }]);
      // It is no key's now, not even the one of that name that wrote it: a name cannot tell which key it was.
      expect((await api(h, 'sk-sy-app-one', '/api/traces/tr_before_key_ids')).status).toBe(404);
    } finally {
      await h.close();
    }
  });

  it('a config key given a new secret under the same name is another key: none of the first one’s calls', async () => {
    const h = await gateway('  - { key: sk-sy-app-two, name: app }\n  - { key: sk-sy-keep, name: keep }\n');
    try {
      const second = await calls(h, 'sk-sy-app-two');
      expect((await api(h, 'sk-sy-app-two', `/api/traces/${first.traceId}`)).status).toBe(404);
      expect((await api(h, 'sk-sy-app-two', '/api/traces/tr_before_key_ids')).status).toBe(404);
      expect((await listedIds(h, 'sk-sy-app-two')).sort()).toEqual([...second.traceIds].sort());
      // Filtering by its own name (the old key's too) adds nothing of the old key's.
      expect((await listedIds(h, 'sk-sy-app-two', '&key=app')).sort()).toEqual([...second.traceIds].sort());
      expect((await api(h, 'sk-sy-app-two', '/api/feedback', { trace_id: first.traceId, thumbs: 'down' })).status).toBe(404);
      expect((await api(h, 'sk-sy-app-two', `/api/feedback?trace_id=${first.traceId}`)).status).toBe(404);
      expect((await api(h, 'sk-sy-app-two', `/v1/responses/${first.responseId}`)).status).toBe(404);
      const continued = h.openai('sk-sy-app-two').responses.create({ model: 'small', input: 'what did I say?', previous_response_id: first.responseId });
      await expect(continued).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
      // The admin still reads every trace, the ones from before key ids included.
      expect((await api(h, ADMIN, `/api/traces/${first.traceId}`)).json.keyName).toBe('app');
      expect((await api(h, ADMIN, '/api/traces/tr_before_key_ids')).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('a runtime key made under a removed config key’s name is another key, and stays itself through a rotation', async () => {
    const h = await gateway('  - { key: sk-sy-keep, name: keep }\n');
    try {
      const created = await api(h, ADMIN, '/api/keys', { name: 'app' });
      expect(created.status).toBe(201);
      const secret = created.json.key as string;
      const own = await calls(h, secret);
      expect((await api(h, secret, `/api/traces/${first.traceId}`)).status).toBe(404);
      expect(await listedIds(h, secret)).not.toContain(first.traceId);
      expect((await api(h, secret, `/v1/responses/${first.responseId}`)).status).toBe(404);
      const rotated = await api(h, ADMIN, '/api/keys/app/rotate', { grace_seconds: 0 });
      expect(rotated.status).toBe(200);
      const next = rotated.json.key as string;
      expect((await api(h, next, `/api/traces/${own.traceId}`)).status).toBe(200);
      expect(await listedIds(h, next)).toEqual(expect.arrayContaining([own.traceId]));
      expect((await api(h, next, '/api/feedback', { trace_id: own.traceId, score: 4 })).status).toBe(201);
      expect((await api(h, next, `/v1/responses/${own.responseId}`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});
