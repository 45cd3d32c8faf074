/**
 * Query parameters on the `/v1` GETs (helper apiparams, 2026-12-05). The gateway follows the
 * vendors' APIs here: a name it does not know is left alone, because an SDK newer than the gateway
 * sends parameters it has not met (openai's `include_obfuscation`, @anthropic-ai/sdk 1.16's
 * `lifecycle[]`, an Azure-style client's `api-version`), and refusing them would break those calls.
 * The names it reads are read once each (a repeated one is a 400 naming it) and strictly:
 * `input_items?limit=0x10` was read as 16.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { responsesConfig } from './responses-config.js';

let h: Harness;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  h = await startHarness('', responsesConfig);
  openai = h.openai('sk-sy-alpha-key');
  anthropic = h.anthropic('sk-sy-alpha-key');
});
afterAll(() => h.close());

async function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: { error?: { message: string; param?: string | null } } & Record<string, unknown> }> {
  const res = await fetch(`${h.gateway.url}${path}`, { headers: { authorization: 'Bearer sk-sy-alpha-key', ...headers } });
  return { status: res.status, body: (await res.json()) as never };
}

const ANTHROPIC = { 'anthropic-version': '2023-06-01', 'x-api-key': 'sk-sy-alpha-key' };

describe('data-plane query parameters', () => {
  it('the official SDKs list and read with every parameter they send, known to the gateway or not', async () => {
    const page = await anthropic.models.list({ limit: 2, lifecycle: ['active', 'deprecated'] });
    expect(page.data).toHaveLength(2);
    const beta = await anthropic.beta.models.list({ limit: 1 });
    expect(beta.data).toHaveLength(1);
    const created = await openai.responses.create({ model: 'small', input: 'Hello' });
    const read = await openai.responses.retrieve(created.id, { include_obfuscation: false, include: ['message.output_text.logprobs'] });
    expect(read.id).toBe(created.id);
    const items = await openai.responses.inputItems.list(created.id, { limit: 1, order: 'asc' });
    expect(items.data).toHaveLength(1);
  });

  it.each([
    ['/v1/models?api-version=2024-10-21', {}],
    ['/v1/models?beta=true&foo=1', ANTHROPIC],
    ['/v1/models?lifecycle[]=active&lifecycle[]=retired', ANTHROPIC],
    ['/v1beta/models?pageSize=1&view=FULL', { 'x-goog-api-key': 'sk-sy-alpha-key' }],
  ] as const)('%s: a name the gateway does not read is left alone, as the vendor leaves it', async (path, headers) => {
    expect((await get(path, headers)).status).toBe(200);
  });

  it.each([
    ['/v1/models?limit=1&limit=2', ANTHROPIC, 'limit'],
    ['/v1/models?after_id=small&after_id=native', ANTHROPIC, 'after_id'],
    ['/v1beta/models?pageSize=1&pageSize=2', { 'x-goog-api-key': 'sk-sy-alpha-key' }, 'pageSize'],
  ] as const)('%s: a name it reads, given twice, is a 400 naming it', async (path, headers, param) => {
    const answer = await get(path, headers);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(`\\"${param}\\" is given 2 times`);
  });

  it("Anthropic's lifecycle[] filters the list: the gateway's models are all active", async () => {
    expect((await anthropic.models.list({ lifecycle: ['retired'] })).data).toEqual([]);
    expect((await anthropic.models.list({ lifecycle: ['deprecated', 'active'] })).data.length).toBeGreaterThan(0);
    const bad = await get('/v1/models?lifecycle[]=active&lifecycle[]=gone', ANTHROPIC);
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toBe('lifecycle[1] must be one of active, deprecated, retired, got "gone"');
    const many = await get('/v1/models?lifecycle[]=active&lifecycle[]=active&lifecycle[]=retired&lifecycle[]=deprecated', ANTHROPIC);
    expect(many.body.error?.message).toBe('lifecycle takes at most 3 values, got 4');
  });

  it('a stored response: stream, starting_after and include_obfuscation are read strictly, once each', async () => {
    const created = await openai.responses.create({ model: 'small', input: 'Hi' });
    const base = `/v1/responses/${created.id}`;
    expect((await get(`${base}?include_obfuscation=true&stream=false`)).status).toBe(200);
    expect((await get(`${base}?include_obfuscation=maybe`)).body.error).toMatchObject({ param: 'include_obfuscation', message: 'include_obfuscation must be true or false, got "maybe"' });
    expect((await get(`${base}?stream=true&stream=false`)).body.error).toMatchObject({ param: 'stream', message: expect.stringContaining('"stream" is given 2 times') });
    expect((await get(`${base}/input_items?limit=0x10`)).body.error).toMatchObject({ param: 'limit', message: 'limit must be an integer from 1 to 100, not "0x10"' });
    expect((await get(`${base}/input_items?limit=1&limit=2`)).body.error).toMatchObject({ param: 'limit' });
    expect((await get(`${base}/input_items?limit=1&after_cursor=x`)).status).toBe(200);
  });
});
