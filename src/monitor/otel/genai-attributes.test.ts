import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { finishReasons, genAiAttributes, providerName, providerServers } from './genai-attributes.js';
import { genAiInput, genAiOutput } from './genai-messages.js';

describe('GenAI span attributes', () => {
  it('reads finish reasons from every answer shape, streams from their last events only', () => {
    expect(finishReasons(new JsonText('{"choices":[{"finish_reason":"stop"},{"finish_reason":"length"}]}'))).toEqual(['stop', 'length']);
    expect(finishReasons(new JsonText('{"type":"message","stop_reason":"end_turn"}'))).toEqual(['end_turn']);
    expect(finishReasons({ object: 'response', status: 'incomplete' })).toEqual(['incomplete']);
    const stream = new CapturedStream('openai', ['data: {"choices":[{"delta":{"content":"hi"},"finish_reason":null}]}\n\n', 'data: {"choices":[{"delta":{},"finish_reason":"tool_calls"}]}\n\n', 'data: [DONE]\n\n']);
    expect(finishReasons(stream)).toEqual(['tool_calls']);
    expect(finishReasons(null)).toEqual([]);
  });

  it('reads kept JSON text without being fooled by answers that quote the field names', () => {
    // The reason named inside the content is escaped text, not a key.
    const quoted = JSON.stringify({ choices: [{ message: { content: 'say "finish_reason": "length"' }, finish_reason: 'stop' }] });
    expect(finishReasons(new JsonText(quoted))).toEqual(['stop']);
    // A tool's input object may hold a stop_reason key of its own: the top-level one wins.
    const tool = JSON.stringify({ type: 'message', content: [{ type: 'tool_use', input: { stop_reason: 'max_tokens' } }], stop_reason: 'tool_use' });
    expect(finishReasons(new JsonText(tool))).toEqual(['tool_use']);
    expect(finishReasons(new JsonText('{"choices":[{"finish_reason":null}]}'))).toEqual(['unknown']);
    expect(finishReasons(new JsonText('{"object":"response","status":"completed","output":[{"status":"completed"}]}'))).toEqual(['completed']);
  });

  it('keeps content out unless asked, and names guardrail verdicts', () => {
    const trace = sampleTrace({ decisions: { guardrails: [{ name: 'pii', stage: 'input', action: 'redact' }], cache: { status: 'miss' } } });
    const a = genAiAttributes(trace, { answer: null }, { types: { 'standin-openai': 'openai' } });
    expect(a).toMatchObject({ 'gen_ai.provider.name': 'openai', 'switchyard.guardrails': ['pii:input=redact'], 'switchyard.decision.cache': 'miss' });
    expect(a).not.toHaveProperty('gen_ai.input.messages');
    const body = { model: 'small', messages: [{ role: 'user', content: 'hi' }] };
    expect(genAiAttributes(trace, { answer: null, input: { body, format: 'openai' } }, { types: {} })['gen_ai.input.messages']).toBe('[{"role":"user","parts":[{"type":"text","content":"hi"}]}]');
  });

  it('names the request stream flag, the response id and the server as the conventions do', () => {
    const servers = providerServers({ 'standin-openai': { base_url: 'http://127.0.0.1:9300/v1' }, hosted: { base_url: 'https://api.openai.com/v1' } });
    expect(servers).toEqual({ 'standin-openai': { address: '127.0.0.1', port: 9300 }, hosted: { address: 'api.openai.com', port: 443 } });
    const answer = new JsonText('{"id":"chatcmpl-42","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}');
    const a = genAiAttributes(sampleTrace({ stream: false }), { answer }, { types: { 'standin-openai': 'openai' }, servers });
    expect(a).toMatchObject({ 'gen_ai.request.stream': false, 'gen_ai.response.id': 'chatcmpl-42', 'server.address': '127.0.0.1', 'server.port': 9300 });
    expect(a).not.toHaveProperty('switchyard.stream');
    const stream = new CapturedStream('anthropic', ['event: message_start\ndata: {"type":"message_start","message":{"id":"msg_7","type":"message","role":"assistant","content":[]}}\n\n']);
    expect(genAiAttributes(sampleTrace({ stream: true }), { answer: stream }, { types: {} })['gen_ai.response.id']).toBe('msg_7');
  });

  it("names a route's branch as reports do: the gateway's own in parentheses, a target named local as itself", () => {
    const branch = (over: Parameters<typeof sampleTrace>[0]) => genAiAttributes(sampleTrace({ requestedModel: 'support', ...over }), { answer: null }, { types: {} })['switchyard.route.branch'];
    expect(branch({ provider: 'local', upstreamModel: null, decisions: { local: { answered: true } } })).toBe('(local)');
    expect(branch({ decisions: { route: { steps: [{ route: 'support', target: 'local' }] } } })).toBe('local');
    expect(branch({ decisions: { cache: { status: 'miss' } } })).toBeUndefined();
  });

  it('names the branches of routes a call reached through the route it called', () => {
    const attributes = (steps: [string, string][]) => genAiAttributes(sampleTrace({ requestedModel: 'front', decisions: { route: { steps: steps.map(([route, target]) => ({ route, target })) } } }), { answer: null }, { types: {} });
    const nested = attributes([['front', 'ab'], ['ab', 'small']]);
    expect(nested['switchyard.route.branch']).toBe('ab');
    // Before 2026-12-07 the span said front > ab only: which arm of ab served it was nowhere.
    expect(nested['switchyard.route.nested']).toEqual(['ab > small']);
    expect(attributes([['front', 'large']])).not.toHaveProperty('switchyard.route.nested');
  });

  it('calls a cached answer switchyard.cache, not a provider, and gives an embedding input tokens only', () => {
    expect(providerName('cache', {})).toBe('switchyard.cache');
    expect(providerName('local', {})).toBe('switchyard.local');
    const a = genAiAttributes(sampleTrace({ endpoint: 'embeddings', inputTokens: 8, outputTokens: 0 }), { answer: null }, { types: {} });
    expect(a['gen_ai.usage.input_tokens']).toBe(8);
    expect(a).not.toHaveProperty('gen_ai.usage.output_tokens');
  });
});

describe('GenAI content in the conventions\' message schema', () => {
  it('cuts long content to 64 KB of JSON that still parses, keeping the start of each text', () => {
    const long = 'a'.repeat(200_000);
    const body = { model: 'small', messages: [{ role: 'user', content: long }, ...Array.from({ length: 100 }, (_, i) => ({ role: i % 2 ? 'user' : 'assistant', content: `turn ${i} ${'b'.repeat(2_000)}` }))] };
    const text = String(genAiAttributes(sampleTrace(), { answer: null, input: { body, format: 'openai' } }, { types: {} })['gen_ai.input.messages']);
    expect(text.length).toBeLessThanOrEqual(64 * 1024);
    const messages = JSON.parse(text) as { role: string; parts: { content: string }[] }[];
    expect(messages).toHaveLength(101);
    expect(messages[0]?.parts[0]?.content.startsWith('aaaa')).toBe(true);
    expect(messages[100]?.parts[0]?.content.startsWith('turn 99 bbb')).toBe(true);
  });

  it('reads OpenAI chat history: system messages stay in it, tool calls and results become parts', () => {
    const body = {
      model: 'small',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'rainy, 57F' },
      ],
    };
    expect(genAiInput(body, 'openai')).toEqual({
      messages: [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'What is this?' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' }, { type: 'uri', modality: 'image', uri: 'https://example.com/a.png' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'rainy, 57F' }] },
      ],
    });
  });

  it("puts Anthropic's system and the Responses API's instructions in system instructions, apart from the history", () => {
    const anthropic = genAiInput({ model: 'claude', max_tokens: 50, system: 'You are terse.', messages: [{ role: 'user', content: 'hi' }] }, 'anthropic');
    expect(anthropic).toEqual({ system: [{ type: 'text', content: 'You are terse.' }], messages: [{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }] });
    const responses = genAiInput({ model: 'small', instructions: 'Answer in French.', input: 'hello' }, 'responses');
    expect(responses).toEqual({ system: [{ type: 'text', content: 'Answer in French.' }], messages: [{ role: 'user', parts: [{ type: 'text', content: 'hello' }] }] });
    expect(genAiInput({ model: 'small', messages: 'not a list' }, 'openai')).toBeUndefined();
  });

  it('reads output messages from every answer shape, each with the finish reason the span names', () => {
    const openai = new JsonText('{"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"Paris."},"finish_reason":"stop"}]}');
    expect(genAiOutput(openai, ['stop'])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Paris.' }], finish_reason: 'stop' }]);
    const claude = new JsonText(JSON.stringify({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content: [{ type: 'text', text: 'Let me look.' }, { type: 'tool_use', id: 'toolu_1', name: 'search', input: { q: 'x' } }], stop_reason: 'tool_use', stop_sequence: null, usage: { input_tokens: 3, output_tokens: 4 } }));
    expect(genAiOutput(claude, finishReasons(claude))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Let me look.' }, { type: 'tool_call', id: 'toolu_1', name: 'search', arguments: { q: 'x' } }], finish_reason: 'tool_use' }]);
    const stream = new CapturedStream('openai', ['data: {"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}\n\n', 'data: {"id":"c2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"length"}]}\n\n', 'data: [DONE]\n\n']);
    expect(genAiOutput(stream, finishReasons(stream))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'length' }]);
    expect(genAiOutput(new JsonText('{"object":"list","data":[]}'), [])).toBeUndefined();
  });
});
