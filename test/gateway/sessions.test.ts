import { request as httpRequest } from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

// A conversation's calls grouped by a session id: the client's own `x-switchyard-session`, or
// the one a coding agent sends on every turn (Claude Code, Codex), stored on each trace and
// listed by the admin API's `?session=`.
const ADMIN = 'admin-key-sessions-1';
let h: Harness;

beforeAll(async () => {
  h = await startHarness(`server: { admin_key: ${ADMIN} }`);
});
afterAll(() => h.close());

const hello = { model: 'small', messages: [{ role: 'user' as const, content: 'hello there' }] };

async function listed(query: string): Promise<{ status: number; body: { traces?: { id: string; session?: string }[]; error?: { message: string } } }> {
  await h.gateway.traces.flush();
  const response = await fetch(`${h.gateway.url}/api/traces?${query}`, { headers: { authorization: `Bearer ${ADMIN}` } });
  return { status: response.status, body: (await response.json()) as never };
}

describe('sessions through the gateway', () => {
  it('stores the session the OpenAI SDK sends as a default header, and the admin API lists its calls', async () => {
    const session = `conv-${Date.now()}`;
    const client = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 0, defaultHeaders: { 'x-switchyard-session': session } });
    const first = await client.chat.completions.create(hello).withResponse();
    const second = await client.chat.completions.create({ ...hello, stream: true }).withResponse();
    for await (const _ of second.data);
    const other = await h.openai('sk-sy-test').chat.completions.create(hello).withResponse();
    const ids = [second.response, first.response].map((r) => r.headers.get('x-switchyard-trace-id'));
    expect((await h.traceOf(first.response)).session).toBe(session);
    expect((await h.traceOf(second.response)).session).toBe(session);
    expect((await h.traceOf(other.response)).session ?? null).toBeNull();
    const page = await listed(`session=${encodeURIComponent(session)}`);
    expect(page.status).toBe(200);
    expect(page.body.traces?.map((t) => [t.id, t.session])).toEqual(ids.map((id) => [id, session]));
  });

  it("takes Claude Code's and Codex's own session headers, the gateway's own first", async () => {
    const claude = new Anthropic({ apiKey: 'sk-sy-test', baseURL: h.gateway.url, maxRetries: 0, defaultHeaders: { 'x-claude-code-session-id': '5f0c8a2e-claude' } });
    const answer = await claude.messages.create({ model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    expect((await h.traceOf(answer.response)).session).toBe('5f0c8a2e-claude');
    for (const [headers, expected] of [
      [{ session_id: '0199-codex-underscore' }, '0199-codex-underscore'],
      [{ 'session-id': '0199-codex-dash' }, '0199-codex-dash'],
      [{ conversation_id: '0199-codex-conversation' }, '0199-codex-conversation'],
      [{ 'x-switchyard-session': 'mine', 'x-claude-code-session-id': 'theirs' }, 'mine'],
      [{ 'x-switchyard-session': '  ', 'session-id': 'blank-own-header-skipped' }, 'blank-own-header-skipped'],
    ] as const) {
      const client = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 0, defaultHeaders: headers });
      const { response } = await client.chat.completions.create(hello).withResponse();
      expect((await h.traceOf(response)).session).toBe(expected);
    }
  });

  it("reads Claude Code's session from metadata.user_id when no header names one, in either of its shapes", async () => {
    const claude = h.anthropic('sk-sy-test');
    const ask = async (userId: string, headers: Record<string, string> = {}) => {
      const { response } = await claude.messages.create({ model: 'claude', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }], metadata: { user_id: userId } }, { headers }).withResponse();
      return (await h.traceOf(response)).session ?? null;
    };
    const legacy = `user_${'ab12'.repeat(16)}_account__session_7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b`;
    expect(await ask(legacy)).toBe('7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b');
    expect(await ask(`user_${'ab12'.repeat(16)}_account_0c4f7a1e-0000-4000-8000-000000000001_session_2c4e1cf0-7a67-4d2e-9a4b-1d16d3f44752`)).toBe('2c4e1cf0-7a67-4d2e-9a4b-1d16d3f44752');
    expect(await ask(JSON.stringify({ device_id: 'ab12'.repeat(16), account_uuid: '', session_id: '2c4e1cf0-json' }))).toBe('2c4e1cf0-json');
    // A header wins; an application's own user id, or a session past the bound, is no session (and no error).
    expect(await ask(legacy, { 'x-claude-code-session-id': 'from-header' })).toBe('from-header');
    expect(await ask('customer-42')).toBeNull();
    expect(await ask(`user_x_account__session_${'s'.repeat(129)}`)).toBeNull();
    expect(await ask('{"session_id": 42}')).toBeNull();
  });

  it("reads Claude Code's session from OpenAI's user field, where a proxy in front of Claude Code puts metadata.user_id", async () => {
    const client = h.openai('sk-sy-test');
    const legacy = `user_${'ab12'.repeat(16)}_account__session_7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b`;
    const chat = await client.chat.completions.create({ ...hello, user: legacy }).withResponse();
    expect((await h.traceOf(chat.response)).session).toBe('7d0e2f61-4b5c-4a9d-8f11-2c3d4e5f6a7b');
    const json = JSON.stringify({ device_id: 'ab12'.repeat(16), account_uuid: '', session_id: '2c4e1cf0-responses' });
    const responses = await client.responses.create({ model: 'small', input: 'hi', user: json }).withResponse();
    expect((await h.traceOf(responses.response)).session).toBe('2c4e1cf0-responses');
    // A header wins; an application's own user id is no session.
    const headed = await client.chat.completions.create({ ...hello, user: legacy }, { headers: { 'x-switchyard-session': 'from-header' } }).withResponse();
    expect((await h.traceOf(headed.response)).session).toBe('from-header');
    const own = await client.chat.completions.create({ ...hello, user: 'customer-42' }).withResponse();
    expect((await h.traceOf(own.response)).session ?? null).toBeNull();
  });

  it('refuses a session header sent twice with different values (Node joined them into a third session, "a, b"); the same value twice is one', async () => {
    const send = (values: string[]) =>
      new Promise<{ status: number; body: string; trace?: string }>((resolve, reject) => {
        const body = JSON.stringify(hello);
        const req = httpRequest(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json', 'x-switchyard-session': values } }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, trace: res.headers['x-switchyard-trace-id'] as string | undefined }));
        });
        req.on('error', reject);
        req.end(body);
      });
    const twice = await send(['conv-a', 'conv-b']);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body).error).toMatchObject({ param: 'x-switchyard-session', message: 'x-switchyard-session is sent 2 times with different values ("conv-a", "conv-b"); send it once, holding the conversation\'s id' });
    const same = await send(['conv-same', 'conv-same']);
    expect(same.status).toBe(200);
    await h.gateway.traces.flush();
    const page = await listed('session=conv-same');
    expect(page.body.traces?.map((t) => t.id)).toEqual([same.trace]);
  });

  it('refuses a session over 128 characters with a 400 naming the header, and a filter over it', async () => {
    const client = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 0, defaultHeaders: { 'x-claude-code-session-id': 's'.repeat(129) } });
    const error = (await client.chat.completions.create(hello).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('x-claude-code-session-id has 129 characters; at most 128');
    expect(error).toMatchObject({ param: 'x-claude-code-session-id' });
    const at128 = new OpenAI({ apiKey: 'sk-sy-test', baseURL: h.baseURL, maxRetries: 0, defaultHeaders: { 'x-switchyard-session': 's'.repeat(128) } });
    const { response } = await at128.chat.completions.create(hello).withResponse();
    expect((await h.traceOf(response)).session).toBe('s'.repeat(128));
    const tooLong = await listed(`session=${'s'.repeat(129)}`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error?.message).toBe('session has 129 characters; sessions have at most 128');
  });
});
