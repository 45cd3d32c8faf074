import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, simProviders, startHarness } from '../../src/test-support/gateway-harness.js';

let h: Harness;
let client: OpenAI;

beforeAll(async () => {
  h = await startHarness();
  client = h.openai('sk-sy-test');
});
afterAll(() => h.close());


describe('OpenAI SDK through the gateway', () => {
  it('answers a chat completion, maps the model, and traces usage and cost', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'Say hello to the team' }], seed: 7, temperature: 0.2 })
      .withResponse();
    expect(data.choices[0]?.message.content).toEqual(expect.any(String));
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.model).toBe('standin-small');
    expect(upstream?.body).toMatchObject({ seed: 7, temperature: 0.2 });
    expect(upstream?.headers.authorization).toBe('Bearer sk-upstream');
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ keyName: 'compat', requestedModel: 'small', provider: 'standin-openai', upstreamModel: 'standin-small', status: 200 });
    expect(trace.inputTokens).toBe(data.usage?.prompt_tokens);
    expect(trace.outputTokens).toBe(data.usage?.completion_tokens);
    expect(trace.costUsd).toBeCloseTo((trace.inputTokens * 0.15 + trace.outputTokens * 0.6) / 1e6, 12);
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeCloseTo(trace.costUsd, 8);
    expect(trace.request).toMatchObject({ model: 'small' });
  });

  it('streams, asks upstream for usage, and strips it when the client did not ask', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'stream me a story' }], stream: true })
      .withResponse();
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(usageChunks).toBe(0);
    expect(h.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const trace = await h.waitForTrace((t) => t.id === response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ stream: true, status: 200, usageEstimated: false });
    expect(trace.outputTokens).toBeGreaterThan(0);
    expect(trace.ttftMs).toBeGreaterThan(0);
  });

  it('passes the usage chunk through when the client asked for it', async () => {
    const stream = client.chat.completions.stream({
      model: 'small',
      messages: [{ role: 'user', content: 'count to five' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('passes tools and tool calls through, streamed and not', async () => {
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      },
    ];
    const plain = await client.chat.completions.create({
      model: 'small',
      messages: [{ role: 'user', content: 'What is the weather in Oslo?' }],
      tools,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    const call = plain.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('get_weather');
    expect(JSON.parse(call?.type === 'function' ? call.function.arguments : '{}')).toHaveProperty('city');
    const streamed = await client.chat.completions
      .stream({ model: 'small', messages: [{ role: 'user', content: 'weather in Oslo' }], tools, tool_choice: 'required' })
      .finalChatCompletion();
    expect(streamed.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('passes the deprecated functions / function_call through to an OpenAI model, whole and streamed, and traces the call', async () => {
    const functions = [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const { data, response } = await client.chat.completions.create({ model: 'small', functions, function_call: 'auto', messages: [{ role: 'user', content: 'Use get_weather for Oslo' }] }).withResponse();
    expect(data.choices[0]).toMatchObject({ finish_reason: 'function_call', message: { content: null, function_call: { name: 'get_weather' } } });
    expect((await h.traceOf(response)).outputTokens).toBeGreaterThan(0);
    const streamed = await client.chat.completions.stream({ model: 'small', functions, function_call: { name: 'get_weather' }, messages: [{ role: 'user', content: 'Oslo?' }] }).finalChatCompletion();
    expect(streamed.choices[0]?.message.function_call?.name).toBe('get_weather');
    expect(JSON.parse(streamed.choices[0]?.message.function_call?.arguments ?? '')).toHaveProperty('city');
  });

  it('passes json_schema structured output and unknown fields through, the provider deciding on them', async () => {
    const schema = { type: 'object', properties: { label: { type: 'string', enum: ['billing', 'tech'] } }, required: ['label'], additionalProperties: false };
    const request = {
      model: 'small',
      messages: [{ role: 'user' as const, content: 'classify: my card was charged twice' }],
      response_format: { type: 'json_schema' as const, json_schema: { name: 'triage', schema, strict: true } },
    };
    const result = await client.chat.completions.create(request);
    expect(['billing', 'tech']).toContain(JSON.parse(result.choices[0]?.message.content ?? '{}').label);
    expect(h.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ response_format: { type: 'json_schema' } });
    // A field the gateway does not know goes on untouched (a newer API's field must keep working);
    // OpenAI refuses one it does not know either, and the client gets that 400 as OpenAI wrote it
    // (code and param null), as it would calling OpenAI; the trace says which provider answered.
    const error = (await client.chat.completions.create({ ...request, ...({ x_vendor_flag: { keep: true } } as object) }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message: 'Unrecognized request argument supplied: x_vendor_flag', type: 'invalid_request_error', param: null, code: null });
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: null, param: null });
    expect(error.requestID).toMatch(/^req_/);
    expect(h.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ x_vendor_flag: { keep: true } });
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 400, errorCode: 'upstream_error', errorMessage: 'provider "standin-openai" answered 400: Unrecognized request argument supplied: x_vendor_flag' });
  });

  it('answers an OpenAI client from an Anthropic provider, streamed and not', async () => {
    const plain = await client.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hello Claude' },
      ],
      max_tokens: 50,
    });
    expect(plain.choices[0]?.message.content).toEqual(expect.any(String));
    expect(plain.usage?.prompt_tokens).toBeGreaterThan(0);
    const upstream = h.sim.stats().lastRequests.at(-1);
    expect(upstream?.path).toBe('/v1/messages');
    expect(upstream?.body).toMatchObject({ model: 'claude-standin', system: 'You are terse.', max_tokens: 50 });
    expect(upstream?.headers['x-api-key']).toBe('sk-ant-upstream');
    const streamed = await client.chat.completions
      .stream({ model: 'claude', messages: [{ role: 'user', content: 'Hello again' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(streamed.choices[0]?.message.content?.length).toBeGreaterThan(0);
    expect(streamed.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('serves embeddings and refuses them on an Anthropic model with a 400 that says why', async () => {
    const result = await client.embeddings.create({ model: 'embed', input: ['one', 'two'] });
    expect(result.data).toHaveLength(2);
    expect(result.data[0]?.embedding.length).toBeGreaterThan(8);
    const error = await client.embeddings.create({ model: 'claude', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('no embeddings endpoint');
  });

  it('lists the configured models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models.sort()).toEqual(['claude', 'embed', 'resilient', 'small']);
  });
});

describe('errors in the OpenAI shape', () => {
  it('passes an OpenAI upstream\'s mid-stream rate limit on with its type and code, not as a server error', async () => {
    // The same-format path forwards bytes; the in-band error must still go through the status mapping.
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, model: 'standin-small', times: 1 });
    const { data: stream, response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'a long story please' }], stream: true }).withResponse();
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    // No status: the error came in-band, after the 200 and the first events.
    // The upstream's own type (`requests`, as OpenAI sends it), not Anthropic's rate_limit_error.
    expect(error).toMatchObject({ status: undefined, type: 'requests', code: 'rate_limit_exceeded' });
    // The trace records what broke the answer, a rate limit, not the 200 the headers said nor a 502.
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(response.status).toBe(200);
    expect(trace).toMatchObject({ stream: true, status: 429, errorCode: 'upstream_error' });
  });

  it("passes a same-format upstream's in-band error on as the upstream wrote it (credentials scrubbed), and traces it in the gateway's words", async () => {
    // As a whole 4xx from the same API reaches the client as sent (VendorError), so does an error
    // event mid-stream: the client's SDK raises what OpenAI would have made it raise.
    const said = 'Rate limit reached for standin-small on tokens per min (TPM): Limit 200000, Used 199990. Key sk-upstream was used.';
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 3, model: 'standin-small', times: 1, message: said });
    const { data: stream, response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'a long story please' }], stream: true }).withResponse();
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toEqual({ message: said.replace('sk-upstream', '[redacted]'), type: 'requests', param: null, code: 'rate_limit_exceeded' });
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 429, errorCode: 'upstream_error' });
    expect(trace.errorMessage).toContain('provider "standin-openai" sent an error mid-stream');
    expect(JSON.stringify(trace)).not.toContain('sk-upstream');
  });

  it.each([
    ['small', 'standin-small', 'the same format'],
    ['claude', 'claude-standin', 'a translated stream'],
  ])('sends the text read before an in-band error ahead of it, and traces its time to first token (%s: %s)', async (model, upstream) => {
    // The simulator writes the first events and the error at once, as a fast upstream or a buffering
    // proxy does: one read. The text before the error is the client's all the same.
    h.sim.addFault({ kind: 'status', status: 429, afterChunks: 6, model: upstream, times: 1 });
    const { data: stream, response } = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'a long story please' }], stream: true }).withResponse();
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(text.length).toBeGreaterThan(0);
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.status).toBe(429);
    expect(trace.ttftMs).toBeGreaterThan(0);
  });

  it('keeps a numeric error code (as some OpenAI-compatible providers send it) as its text for the client and as sent in the trace', async () => {
    // "code": 400 is no string, which is all OpenAI's API and the SDK's types allow: the client gets "400", not null.
    h.sim.addFault({ kind: 'status', status: 400, code: 400, message: 'Invalid max_tokens', model: 'standin-small', times: 1 });
    const error = (await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({ message: 'Invalid max_tokens', type: 'invalid_request_error', param: null, code: '400' });
    expect(error.code).toBe('400');
    const trace = await h.traceOf(error.headers?.get('x-switchyard-trace-id'));
    expect(trace.attempts).toMatchObject([{ status: 400, code: 400 }]);

    // The same in-band, mid-stream.
    h.sim.addFault({ kind: 'status', status: 429, code: 429, afterChunks: 3, model: 'standin-small', times: 1 });
    const { data: stream, response } = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'a long story please' }], stream: true }).withResponse();
    const broken = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    expect(broken).toMatchObject({ type: 'requests', code: '429' });
    const streamed = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(streamed).toMatchObject({ status: 429, errorCode: 'upstream_error' });
    expect(streamed.attempts).toMatchObject([{ status: 200, code: 429 }]);
  });

  it('gives a translated client the in-band error in its own terms, naming the provider', async () => {
    h.sim.addFault({ kind: 'status', status: 529, afterChunks: 3, model: 'claude-standin', times: 1 });
    const stream = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'a long story please' }], stream: true });
    const error = await (async () => {
      for await (const _ of stream);
    })().catch((e: unknown) => e);
    // Claude's overload is OpenAI's: type service_unavailable_error, code server_is_overloaded.
    expect((error as InstanceType<typeof OpenAI.APIError>).error).toEqual({ message: 'provider "standin-anthropic": Overloaded (overloaded_error)', type: 'service_unavailable_error', param: null, code: 'server_is_overloaded' });
  });

  it('rejects a missing or unknown key with 401 naming the problem', async () => {
    const anonymous = h.openai('sk-wrong-key-123');
    const error = await anonymous.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const message = (error as InstanceType<typeof OpenAI.APIError>).message;
    expect(message).toMatch(/invalid API key \(fingerprint [0-9a-f]{8}\)/);
    expect(message).toContain("send the secret of a key in the config's keys: or of one made with switchyard keys create NAME");
    // No fragment of a wrong key is echoed or stored: only a fingerprint of its hash.
    expect(message).not.toContain('sk-wr');
    const trace = await h.waitForTrace((t) => t.status === 401 && (t.errorMessage ?? '').includes(message.slice(message.indexOf('(fingerprint'), message.indexOf(')') + 1)));
    expect(JSON.stringify(trace)).not.toMatch(/sk-wr|key-123|y-123/);
    // The refused request's trace still names the model it asked for (trace lists show it);
    // a name nobody configured goes to the unknown bucket, as for a key that may call it.
    expect(trace.requestedModel).toBe('small');
    const typo = await anonymous.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(typo).toBeInstanceOf(OpenAI.AuthenticationError);
    const typoTrace = await h.traceOf((typo as InstanceType<typeof OpenAI.APIError>).headers?.get('x-switchyard-trace-id'));
    expect(typoTrace).toMatchObject({ status: 401, requestedModel: '(unknown model)', decisions: { model: { requested: 'gpt-9' } } });
    // "Bearer " sent as part of the key (an SDK's apiKey, or x-api-key): the message names it, still without echoing the key.
    for (const headers of [{ authorization: 'Bearer Bearer sk-sy-test' }, { 'x-api-key': 'Bearer sk-sy-test' }] as Record<string, string>[]) {
      const res = await fetch(`${h.baseURL}/chat/completions`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'x' }] }) });
      expect(res.status).toBe(401);
      const said = ((await res.json()) as { error: { message: string } }).error.message;
      expect(said).toMatch(/^invalid API key \(fingerprint [0-9a-f]{8}\): it starts with "Bearer ", which belongs to the Authorization header only; send the key alone/);
      expect(said).not.toContain('sk-sy');
    }
  });

  it('names an unknown model and lists the configured ones (404)', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.message).toContain('model "gpt-9" is not configured on this gateway (configured: small, claude, embed, resilient)');
    expect(apiError.requestID).toMatch(/^req_/);
    // OpenAI's 404 for a model: invalid_request_error with code model_not_found (it has no not_found_error).
    expect(apiError).toMatchObject({ type: 'invalid_request_error', code: 'model_not_found' });
    const trace = await h.traceOf(apiError.headers?.get('x-switchyard-trace-id'));
    // Unknown names share one bucket on traces (and so in rollups); the name itself is in the
    // error and, for trace lists to show, in the model decision.
    expect(trace).toMatchObject({ status: 404, errorCode: 'model_not_found', requestedModel: '(unknown model)', provider: null, decisions: { model: { requested: 'gpt-9' } } });
    expect(trace.errorMessage).toContain('"gpt-9"');
  });

  it('hands on the upstream’s own error code and param, which application code branches on', async () => {
    // Five stop sequences: OpenAI takes four; the gateway leaves the count to the provider.
    const error = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'x' }], stop: ['a', 'b', 'c', 'd', 'e'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'array_above_max_length', param: 'stop' });
    expect((error as Error).message).toContain("Invalid 'stop': array too long");
    // The gateway’s own refusals keep the gateway’s codes.
    const own = await client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'x' }], n: 2 }).catch((e: unknown) => e);
    expect(own).toMatchObject({ status: 400, code: 'unsupported', param: 'n' });
  });

  it("passes an Anthropic-style thinking field on to an OpenAI-compatible model untouched, where OpenAI refuses it in its own words", async () => {
    const request = { model: 'small', messages: [{ role: 'user' as const, content: 'Is 91 prime?' }], ...({ thinking: { type: 'enabled', budget_tokens: 2048 } } as object) };
    const openai = await client.chat.completions.create(request).catch((e: unknown) => e);
    expect(openai).toMatchObject({ status: 400, error: { message: 'Unrecognized request argument supplied: thinking' } });
  });

  it('refuses logprobs on a Claude model with a 400 naming the field, as it refuses n, instead of answering logprobs: null', async () => {
    const request = { model: 'claude', messages: [{ role: 'user' as const, content: 'x' }], logprobs: true, top_logprobs: 2 };
    const whole = await client.chat.completions.create(request).catch((e: unknown) => e);
    expect(whole).toBeInstanceOf(OpenAI.BadRequestError);
    expect(whole).toMatchObject({ status: 400, code: 'unsupported', param: 'logprobs' });
    expect((whole as Error).message).toContain('logprobs is not supported by Anthropic models');
    const streamed = await client.chat.completions.create({ ...request, stream: true }).catch((e: unknown) => e);
    expect(streamed).toMatchObject({ status: 400, param: 'logprobs' });
    // logprobs: false asks for nothing Claude lacks.
    const plain = await client.chat.completions.create({ ...request, logprobs: false, top_logprobs: undefined });
    expect(plain.choices[0]?.logprobs).toBeNull();
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json' },
      body: '{"model": "small", "messages": [',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { type: string; message: string; code: string } };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
    expect(body.error.message).toContain('request body is not valid JSON');
    // A trailing comma, as a hand-edited curl body has it: where, and what to do (was only "at position 56").
    const comma = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json' },
      body: '{"model":"small","messages":[{"role":"user","content":"Hi"}],}',
    });
    expect(((await comma.json()) as { error: { message: string } }).error.message).toBe(
      'request body is not valid JSON: Expected double-quoted property name in JSON at position 61 (line 1, column 62, after "…\\"user\\",\\"content\\":\\"Hi\\"}],"): a comma before "}" or "]" ends nothing: remove it (JSON allows no trailing comma)',
    );
    const ok = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'still there?' }] });
    expect(ok.choices).toHaveLength(1);
  });

  it('refuses a body over the limit with 413', async () => {
    const big = 'x'.repeat(11 * 1024 * 1024);
    const response = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-sy-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: big }] }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('over the limit of 10 MB');
  });

  it('names the field when messages are missing or malformed', async () => {
    const error = await client.chat.completions
      // @ts-expect-error deliberately wrong
      .create({ model: 'small', messages: [{ content: 'no role' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('messages[0].role must be one of');
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'messages[0].role', code: 'missing_required_parameter' });
    // The codes OpenAI's API gives the same mistakes, which application code branches on.
    // @ts-expect-error deliberately wrong
    const missing = await client.chat.completions.create({ model: 'small' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 400, type: 'invalid_request_error', param: 'messages', code: 'missing_required_parameter' });
    const empty = await client.chat.completions.create({ model: 'small', messages: [] }).catch((e: unknown) => e);
    expect(empty).toMatchObject({ status: 400, param: 'messages', code: 'empty_array' });
    const negative = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'x' }], max_tokens: -1 }).catch((e: unknown) => e);
    expect(negative).toMatchObject({ status: 400, param: 'max_tokens', code: 'integer_below_min_value' });
    const embedding = await client.embeddings.create({ model: 'embed', input: '' }).catch((e: unknown) => e);
    expect(embedding).toMatchObject({ status: 400, param: 'input', code: 'invalid_value' });
    // input is optional in the SDK's types (a prompt or previous_response_id may stand for it).
    const noInput = await client.responses.create({ model: 'small' }).catch((e: unknown) => e);
    expect(noInput).toMatchObject({ status: 400, param: 'input', code: 'missing_required_parameter' });
  });

  it('names the function a function tool lacks and the json_schema a json_schema format lacks, on every backend, as OpenAI does', async () => {
    // Claude and Gemini were sent no tool for the first (the message said "only function tools …,
    // got type function") and answered in free JSON for the second; OpenAI refuses both.
    const cases: [Record<string, unknown>, string][] = [
      [{ tools: [{ type: 'function' }] }, 'tools[0].function'],
      [{ tools: [{ type: 'function', function: { parameters: {} } }] }, 'tools[0].function.name'],
      [{ response_format: { type: 'json_schema' } }, 'response_format.json_schema'],
      [{ response_format: { type: 'json_schema', json_schema: { schema: { type: 'object' } } } }, 'response_format.json_schema.name'],
    ];
    const before = h.sim.stats().requests;
    for (const model of ['small', 'claude']) {
      for (const [fields, param] of cases) {
        const body = { model, messages: [{ role: 'user' as const, content: 'x' }], ...fields } as OpenAI.ChatCompletionCreateParamsNonStreaming;
        const error = await client.chat.completions.create(body).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        const wording = param.endsWith('.function.name') ? `${param}: expected string, got nothing` : `"${param}" is required: `;
        expect([model, error]).toMatchObject([model, { param, code: 'missing_required_parameter', message: expect.stringContaining(wording) }]);
      }
    }
    expect(h.sim.stats().requests).toBe(before);
  });

  it('rejects a malformed metadata header', async () => {
    const error = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-switchyard-metadata': 'not json' } })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('x-switchyard-metadata must be a JSON object');
  });

  it('refuses metadata over its bounds with a 400 naming the key, and keeps it off the trace', async () => {
    const hostile = JSON.stringify({ feature: 'triage', note: 'x'.repeat(10_000) });
    const error = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-switchyard-metadata': hostile } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'invalid_request', param: 'x-switchyard-metadata' });
    expect((error as Error).message).toContain('x-switchyard-metadata "note" has 10000 characters; at most 512');
    const trace = await h.traceOf((error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-switchyard-trace-id'));
    expect(trace).toMatchObject({ status: 400, metadata: null });
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`tag${i}`, i])));
    const tooMany = await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-switchyard-metadata': many } }).catch((e: unknown) => e);
    expect((tooMany as Error).message).toContain('x-switchyard-metadata has 17 keys; at most 16');
  });

  it('records client metadata on the trace', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'small', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-switchyard-metadata': '{"feature":"triage","user":42}' } })
      .withResponse();
    const trace = await h.traceOf(response.headers.get('x-switchyard-trace-id'));
    expect(trace.metadata).toEqual({ feature: 'triage', user: 42 });
  });
});

describe('OpenAI SDK: a model whose first target cannot honour the request', () => {
  let fb: Harness;
  let fbClient: OpenAI;
  beforeAll(async () => {
    fb = await startHarness('', (simUrl, deadPort) => `
${simProviders(simUrl)}
  down: { type: openai, base_url: "http://127.0.0.1:${deadPort}/v1", api_key: sk-nothing-listens }
models:
  claude-then-gpt:
    fallbacks: [ { provider: anth, model: claude-standin }, { provider: sim, model: standin-small } ]
  claude-then-down:
    fallbacks: [ { provider: anth, model: claude-standin }, { provider: down, model: standin-small } ]
  claude-then-embed:
    fallbacks: [ { provider: anth, model: claude-standin }, { provider: sim, model: standin-embed } ]
  claude-only: { provider: anth, model: claude-standin }
keys:
  - key: sk-sy-test
    name: compat
`);
    fbClient = fb.openai('sk-sy-test');
  });
  afterAll(() => fb.close());

  it('skips Claude for n: 2 and logprobs: true, answers from GPT and traces the skip with its reason', async () => {
    const messages = [{ role: 'user' as const, content: 'hello' }];
    const { data: two, response } = await fbClient.chat.completions.create({ model: 'claude-then-gpt', messages, n: 2 }).withResponse();
    expect(two.choices).toHaveLength(2);
    const trace = await fb.traceOf(response);
    expect(trace).toMatchObject({ status: 200, provider: 'sim', upstreamModel: 'standin-small' });
    // Nothing was sent to Claude: the skip is a decision, not an attempt.
    expect(trace.attempts.map((a) => `${a.provider}:${a.status}`)).toEqual(['sim:200']);
    expect(trace.decisions?.unsupported).toEqual({ skipped: [{ target: 'anth/claude-standin', param: 'n', reason: expect.stringContaining('n=2 is not supported by Anthropic models') }] });
    expect(fb.sim.stats().lastRequests.at(-1)?.body).toMatchObject({ model: 'standin-small', n: 2 });

    const { data: probs, response: probsResponse } = await fbClient.chat.completions.create({ model: 'claude-then-gpt', messages, logprobs: true, top_logprobs: 2 }).withResponse();
    expect(probs.choices[0]?.logprobs?.content?.length).toBeGreaterThan(0);
    expect((await fb.traceOf(probsResponse)).decisions?.unsupported).toMatchObject({ skipped: [{ target: 'anth/claude-standin', param: 'logprobs' }] });

    // Streamed too: the skip happens before any byte is sent.
    const streamedChoices = new Set<number>();
    for await (const chunk of await fbClient.chat.completions.create({ model: 'claude-then-gpt', messages, n: 2, stream: true })) for (const c of chunk.choices) streamedChoices.add(c.index);
    expect([...streamedChoices].sort()).toEqual([0, 1]);

    // A request Claude can honour still goes to Claude, with no skip recorded.
    const { response: plainResponse } = await fbClient.chat.completions.create({ model: 'claude-then-gpt', messages }).withResponse();
    const plain = await fb.traceOf(plainResponse);
    expect(plain.provider).toBe('anth');
    expect(plain.decisions?.unsupported).toBeUndefined();
  });

  it('keeps the skip on the trace when the target that could honour the request fails', async () => {
    const error = (await fbClient.chat.completions.create({ model: 'claude-then-down', messages: [{ role: 'user', content: 'x' }], n: 2 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(502);
    expect(error.message).toContain('skipped anth/claude-standin, which cannot honour the request');
    const trace = await fb.traceOf(error);
    expect(trace).toMatchObject({ status: 502, errorCode: 'all_targets_failed' });
    // Only the target that could honour it was tried (with retries); Claude was passed over.
    expect([...new Set(trace.attempts.map((a) => `${a.provider}:${a.status}`))]).toEqual(['down:0']);
    expect(trace.decisions?.unsupported).toEqual({ skipped: [{ target: 'anth/claude-standin', param: 'n', reason: expect.stringContaining('n=2 is not supported by Anthropic models') }] });
    // A refusal by every target is traced with its reason too.
    const refused = (await fbClient.chat.completions.create({ model: 'claude-only', messages: [{ role: 'user', content: 'x' }], n: 2 }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect((await fb.traceOf(refused)).decisions?.unsupported).toMatchObject({ skipped: [{ target: 'anth/claude-standin', param: 'n' }] });
  });

  it('traces the skip for embeddings too: a Claude target has no embeddings endpoint', async () => {
    const { data, response } = await fbClient.embeddings.create({ model: 'claude-then-embed', input: 'hello' }).withResponse();
    expect(data.data).toHaveLength(1);
    expect((await fb.traceOf(response)).decisions?.unsupported).toMatchObject({ skipped: [{ target: 'anth/claude-standin', param: 'model', reason: expect.stringContaining('no embeddings endpoint') }] });
    const error = (await fbClient.embeddings.create({ model: 'claude-only', input: 'hello' }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect((await fb.traceOf(error)).decisions?.unsupported).toMatchObject({ skipped: [{ target: 'anth/claude-standin', param: 'model' }] });
  });

  it('still refuses with a 400 naming the field when no target can honour it', async () => {
    const error = await fbClient.chat.completions.create({ model: 'claude-only', messages: [{ role: 'user', content: 'x' }], n: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'unsupported', param: 'n' });
    const probs = await fbClient.chat.completions.create({ model: 'claude-only', messages: [{ role: 'user', content: 'x' }], logprobs: true, stream: true }).catch((e: unknown) => e);
    expect(probs).toMatchObject({ status: 400, code: 'unsupported', param: 'logprobs' });
  });
});
