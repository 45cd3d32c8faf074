import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson, withField } from '../../src/test-support/hostile-json.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const openaiBody = { model: 'small', messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 };
const anthropicBody = { model: 'claude', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] };
const responsesBody = {
  model: 'small',
  input: [{ role: 'user', content: [{ type: 'input_text', text: 'hi' }] }, { type: 'function_call_output', call_id: 'c1', output: 'ok' }],
  max_output_tokens: 20,
  tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
  text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } },
};

/** Every field a schema knows (and a few nested ones), each replaced by any JSON value in turn. */
const OPENAI_FIELDS = ['model', 'messages', 'stream', 'stream_options', 'temperature', 'top_p', 'n', 'stop', 'max_tokens', 'max_completion_tokens', 'presence_penalty', 'frequency_penalty', 'logit_bias', 'logprobs', 'top_logprobs', 'seed', 'user', 'tools', 'tool_choice', 'parallel_tool_calls', 'response_format', 'metadata', 'messages.0', 'messages.0.role', 'messages.0.content', 'messages.0.tool_calls', 'messages.0.name'];
const RESPONSES_FIELDS = ['model', 'input', 'instructions', 'previous_response_id', 'stream', 'store', 'temperature', 'top_p', 'max_output_tokens', 'parallel_tool_calls', 'tools', 'tool_choice', 'text', 'reasoning', 'metadata', 'user', 'input.0', 'input.0.role', 'input.0.content', 'input.0.content.0', 'input.1.type', 'input.1.call_id', 'input.1.output', 'tools.0', 'tools.0.type', 'tools.0.name', 'tools.0.parameters', 'text.format', 'text.format.type', 'text.format.schema'];
const embeddingsBody = { model: 'embed', input: ['hi', 'there'], encoding_format: 'float', dimensions: 8, user: 'u' };
const EMBEDDINGS_FIELDS = ['model', 'input', 'input.0', 'input.1', 'encoding_format', 'dimensions', 'user', 'metadata', '__proto__', 'constructor', 'toString'];
const ANTHROPIC_FIELDS = ['model', 'max_tokens', 'messages', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'metadata', 'thinking', 'messages.0', 'messages.0.role', 'messages.0.content'];

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

const anyJson = fc.oneof(hostileJson(['type', 'role', 'content', 'text', 'name', 'function', 'arguments', 'properties']), fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, '', [], {}, -1, 1e308, 'x'.repeat(5000), [null], [{}], { type: 'text' }));

describe('malformed bodies never reach a 5xx', () => {
  // Each client format against a provider of the same format (pass-through) and of the other (translation).
  for (const [endpoint, base, fields, models] of [
    ['/v1/chat/completions', openaiBody, OPENAI_FIELDS, ['small', 'claude']],
    ['/v1/messages', anthropicBody, ANTHROPIC_FIELDS, ['claude', 'small']],
    ['/v1/responses', responsesBody, RESPONSES_FIELDS, ['small', 'claude']],
    ['/v1/embeddings', embeddingsBody, EMBEDDINGS_FIELDS, ['embed', 'small']],
  ] as const) {
    it(`${endpoint}: any value in any known field is answered below 500`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), anyJson, fc.constantFrom(...models), fc.boolean(), async (field, value, model, stream) => {
          const body = withField({ ...base, model, stream }, field, value);
          const status = await post(endpoint, body);
          if (status >= 500) throw new Error(`${status} for ${field}=${JSON.stringify(value).slice(0, 100)} on ${model}`);
          return true;
        }),
        { numRuns: fuzzRuns(250) },
      );
    });
  }

  it('names the field of a mistyped value in the error', async () => {
    const res = await fetch(`${h.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-sy-test', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ ...anthropicBody, model: 'small', messages: [{ role: 'user', content: 42 }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('messages[0].content: expected string or array, got 42');
  });

  it('names the careless mistakes: a body encoded twice, a required field in the wrong case', async () => {
    const send = async (path: string, body: string) => {
      const res = await fetch(`${h.gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' }, body });
      return { status: res.status, message: ((await res.json()) as { error: { message: string } }).error.message };
    };
    // Python's requests.post(url, json=json.dumps(payload)).
    expect(await send('/v1/chat/completions', JSON.stringify(JSON.stringify(openaiBody)))).toEqual({
      status: 400,
      message: 'request body must be a JSON object, got string holding a JSON object: the body was encoded twice (e.g. json=json.dumps(payload) in Python); send the object itself',
    });
    expect((await send('/v1/chat/completions', '"x"')).message).toBe('request body must be a JSON object, got string');
    const { model: _model, ...noModel } = openaiBody;
    expect((await send('/v1/chat/completions', JSON.stringify({ ...noModel, Model: 'small' }))).message).toBe(
      '"model" is required: a configured model name (a string), got nothing; the body has "Model": field names are case-sensitive and exact',
    );
    const { max_tokens: _max, ...noMax } = anthropicBody;
    expect((await send('/v1/messages', JSON.stringify({ ...noMax, 'max_tokens ': 5 }))).message).toContain('the body has "max_tokens "');
    expect((await send('/v1/embeddings', JSON.stringify({ model: 'embed', Input: 'hi' }))).message).toContain('the body has "Input"');
    expect((await send('/v1/responses', JSON.stringify({ model: 'small', INPUT: 'hi' }))).message).toContain('the body has "INPUT"');
    // Absent with no twin: as before.
    expect((await send('/v1/chat/completions', JSON.stringify({ messages: openaiBody.messages }))).message).toBe('"model" is required: a configured model name (a string), got nothing');
  });

  it('odd bodies and metadata headers are 4xx, and the process keeps serving', async () => {
    for (const raw of ['', '[]', 'null', '"x"', '{', '{"model":', '\u0000', '{"model":"small","messages":[{"role":"user","content":"hi"}]}garbage']) {
      const res = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' }, body: raw });
      expect(res.status, raw).toBeGreaterThanOrEqual(400);
      expect(res.status, raw).toBeLessThan(500);
    }
    for (const meta of ['[]', '{', '"x"', 'null', '1']) expect(await post('/v1/chat/completions', openaiBody, { 'x-switchyard-metadata': meta }), meta).toBe(400);
    expect(await post('/v1/chat/completions', openaiBody)).toBe(200);
  });

  it('a model API body holding bytes that are not UTF-8 is a 400 in the client format, not a prompt with U+FFFD in it', async () => {
    const latin1 = Buffer.concat([Buffer.from('{"model":"small","max_tokens":5,"messages":[{"role":"user","content":"caf'), Buffer.from([0xe9]), Buffer.from('"}]}')]);
    for (const endpoint of ['/v1/chat/completions', '/v1/messages', '/v1/responses']) {
      const body = endpoint === '/v1/responses' ? Buffer.from(latin1.toString('latin1').replace('"messages"', '"input"'), 'latin1') : latin1;
      const res = await fetch(`${h.gateway.url}${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-api-key': 'sk-sy-test', 'anthropic-version': '2023-06-01' },
        body,
      });
      const text = await res.text();
      expect(res.status, `${endpoint} ${text}`).toBe(400);
      expect(text).toContain('request body is not valid UTF-8');
      if (endpoint === '/v1/messages') expect(JSON.parse(text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    }
    expect(await post('/v1/chat/completions', { ...openaiBody, messages: [{ role: 'user', content: 'café' }] })).toBe(200);
  });

  it('a body nested thousands of levels deep is a 400 naming the depth, in every format, and the process keeps serving', async () => {
    // Built as text: JSON.stringify itself overflows on such values (what made these 500s).
    const deepArray = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    let toolResults = '"x"';
    for (let i = 0; i < 5_000; i++) toolResults = `[{"type":"tool_result","tool_use_id":"t","content":${toolResults}}]`;
    const cases = [
      ['/v1/chat/completions', `{"model":"small","messages":[{"role":"user","content":"hi"}],"metadata":${deepArray}}`, 'metadata'],
      ['/v1/chat/completions', `{"model":"claude","messages":[{"role":"user","content":"hi"}],"tools":${deepArray}}`, 'tools'],
      ['/v1/messages', `{"model":"claude","max_tokens":5,"messages":[{"role":"user","content":${toolResults}}]}`, 'messages[0].content[0].content[0]'],
      ['/v1/responses', `{"model":"small","input":${deepArray}}`, 'input'],
      ['/v1/embeddings', `{"model":"embed","input":${deepArray}}`, 'input'],
    ] as const;
    for (const [endpoint, raw, at] of cases) {
      const res = await fetch(`${h.gateway.url}${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'x-api-key': 'sk-sy-test', 'anthropic-version': '2023-06-01' },
        body: raw,
      });
      const text = await res.text();
      expect(res.status, `${endpoint} ${text.slice(0, 200)}`).toBe(400);
      expect(text).toContain('more than 128 levels deep');
      expect(text).toContain(`(at ${at}`);
    }
    // Just inside the limit is the provider's to judge, not refused for depth.
    const inside = `{"model":"small","messages":[{"role":"user","content":"hi"}],"metadata":{"a":${'['.repeat(126)}${']'.repeat(126)}}}`;
    const res = await fetch(`${h.gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test' }, body: inside });
    expect(await res.text()).not.toContain('levels deep');
    const deepMeta = `{"a":${'['.repeat(3_000)}${']'.repeat(3_000)}}`;
    expect(await post('/v1/chat/completions', openaiBody, { 'x-switchyard-metadata': deepMeta })).toBe(400);
    expect(await post('/v1/chat/completions', openaiBody)).toBe(200);
  });
});
