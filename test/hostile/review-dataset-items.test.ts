import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A review item naming a dataset (helper hostile11, 2026-12-05): a review of it is written back into
 * that dataset. `dataset_id` was any text ("../x", NUL, 1 MB) and queued; each review of such an item
 * was stored and then answered 400 by the write-back ("dataset name … must be"), so the reviewer was
 * told it failed and the item could not be saved without an error. Now the queueing is refused.
 */
const ADMIN = 'sk-sy-admin-h11';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(() => h.close());

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${h.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', 'x-switchyard-reviewer': 'ana' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { error?: { message: string; param: string }; items?: { id: string }[]; datasets?: { name: string }[] } };
};

describe('review items of a dataset', () => {
  it('refuses a dataset_id no dataset can have, naming it; a review of a sound one reaches the dataset', async () => {
    for (const name of ['../x', 'd\u0000x', 'x'.repeat(1_000_000), 'a@2', '']) {
      const answer = await api('POST', '/api/review/items', { dataset_id: name, dataset_item_id: 'i1', input: 'q', output: 'a' });
      expect(answer.status, name.slice(0, 20)).toBe(400);
      expect(answer.json.error?.param).toBe('dataset_id');
      expect(answer.json.error?.message.length).toBeLessThan(300);
    }
    expect((await api('POST', '/api/review/items', { dataset_id: 'd\u0000x', dataset_item_id: 'i1', input: 'q', output: 'a' })).json.error?.message).toBe('dataset_id must be a dataset\'s name, 1–100 letters, digits, ".", "_" or "-", got "d\\u0000x"');
    const queued = await api('POST', '/api/review/items', { dataset_id: 'h11-support', dataset_item_id: 'i1', input: 'where is my card?', output: 'on its way' });
    expect(queued.status).toBe(201);
    const id = queued.json.items?.[0]?.id as string;
    expect((await api('POST', `/api/review/items/${id}/reviews`, { score: 4, corrected: 'It ships in 3 days.' })).status).toBe(201);
    expect((await api('GET', '/api/datasets')).json.datasets?.map((d) => d.name)).toContain('h11-support');
  });

  it('lets go of a hold only on an item that exists, as claim and skip, quoting an unknown id short', async () => {
    const unknown = await api('DELETE', `/api/review/items/${'n'.repeat(2_000)}/claim`);
    // Was: 200 {"released": the 2,000 characters}.
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.message).toBe(`review item "${'n'.repeat(100)}…" not found`);
    const queued = await api('POST', '/api/review/items', { dataset_id: 'h11-holds', dataset_item_id: 'i1', input: 'q', output: 'a' });
    const id = queued.json.items?.[0]?.id as string;
    expect((await api('POST', `/api/review/items/${id}/claim`)).status).toBe(200);
    expect((await api('DELETE', `/api/review/items/${id}/claim`)).status).toBe(200);
  });
});
