import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * The trace list's cursor and metadata filters under odd values (helper hostile7). A `before`
 * that is no cursor was read as none, so the first page came back again: a script paging by
 * `next` with a cursor cut short looped on page one for ever. `meta.=x` (no field) was ignored.
 */
const ADMIN = 'sk-sy-admin-cursor';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
  for (const text of ['one', 'two', 'three']) {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' },
      body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: text }] }),
    });
    expect(res.status).toBe(200);
  }
  await h.waitForTrace((trace) => trace.status === 200);
  await h.gateway.traces.flush();
});
afterAll(() => h.close());

async function list(query: string): Promise<{ status: number; body: { traces?: { id: string }[]; next?: string | null; error?: { message: string; param: string } } }> {
  const res = await fetch(`${h.gateway.url}/api/traces?${query}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: res.status, body: (await res.json()) as never };
}

describe('GET /api/traces?before=', () => {
  it('pages through every trace by the next cursor', async () => {
    const seen: string[] = [];
    let next: string | null | undefined;
    do {
      const page = await list(`limit=1${next ? `&before=${encodeURIComponent(next)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.traces ?? []).map((t) => t.id));
      next = page.body.next;
    } while (next && seen.length < 10);
    expect(seen.length).toBe(3);
    expect(new Set(seen).size).toBe(3);
  });

  it.each([
    ['a word', 'constructor'],
    ['a cursor cut short', 'cut'],
    ['a number', '-1'],
    ['an RLO', '\u202E'],
    ['2,000 characters', 'A'.repeat(2_000)],
  ])('%s is a 400 naming before, quoted short, not the first page again', async (_what, value) => {
    const page = await list(`limit=1&before=${encodeURIComponent(value)}`);
    expect(page.status).toBe(400);
    expect(page.body.error?.param).toBe('before');
    expect(page.body.error?.message).toMatch(/^before must be the "next" cursor of an earlier page of this list, got "/);
    expect(page.body.error?.message.length).toBeLessThan(200);
  });

  it('a cursor cut short of its last characters is refused too', async () => {
    const first = await list('limit=1');
    const next = first.body.next as string;
    // Base64url of "ts:id": cut before the colon, no id remains.
    const page = await list(`limit=1&before=${next.slice(0, 10)}`);
    expect(page.status).toBe(400);
  });
});

describe('GET /api/traces?sort=&order=', () => {
  it('an unknown sort key or order is a 400 naming the ones there are', async () => {
    const key = await list('sort=price');
    expect(key.status).toBe(400);
    expect(key.body.error).toMatchObject({ param: 'sort', message: 'sort must be one of time, latency, cost, tokens, got "price"' });
    const typo = await list('sort=costs');
    expect(typo.body.error?.message).toBe('sort must be one of time, latency, cost, tokens, got "costs" (did you mean "cost"?)');
    const order = await list('sort=cost&order=up');
    expect(order.status).toBe(400);
    expect(order.body.error).toMatchObject({ param: 'order', message: 'order must be one of desc, asc, got "up"' });
  });

  it('pages a sorted list by its own cursor, and refuses that cursor on the list in another order', async () => {
    const seen: string[] = [];
    let next: string | null | undefined;
    do {
      const page = await list(`sort=tokens&order=asc&limit=1${next ? `&before=${encodeURIComponent(next)}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...(page.body.traces ?? []).map((t) => t.id));
      next = page.body.next;
    } while (next && seen.length < 10);
    expect(new Set(seen).size).toBe(3);
    const cursor = (await list('sort=tokens&order=asc&limit=1')).body.next as string;
    for (const other of ['', 'sort=tokens&order=desc&', 'sort=cost&order=asc&']) {
      const page = await list(`${other}limit=1&before=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(400);
      expect(page.body.error?.param).toBe('before');
    }
    const time = (await list('limit=1')).body.next as string;
    expect((await list(`sort=cost&limit=1&before=${encodeURIComponent(time)}`)).body.error?.message).toMatch(/^before must be the "next" cursor of an earlier page of this list sorted by cost desc, got "/);
  });
});

describe('GET /api/traces?meta.', () => {
  it('a metadata filter with no field is a 400 naming it; an empty value is still no filter', async () => {
    const page = await list('meta.=refunds');
    expect(page.status).toBe(400);
    expect(page.body.error?.message).toBe('meta. needs a field after the dot (meta.feature=…), got "meta.=refunds"');
    expect((await list('meta.=')).status).toBe(200);
  });
});
