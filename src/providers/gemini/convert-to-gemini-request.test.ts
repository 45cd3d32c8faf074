import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { fixture } from './__fixtures__/replay.js';
import { SKIP_SIGNATURE, toGeminiRequest } from './convert-to-gemini-request.js';
import type { GenerateContentRequest } from './gemini-wire.js';

const agent = fixture<ChatCompletionRequest>('openai-request-agent.json');
const ask = (extra: Partial<ChatCompletionRequest>): ChatCompletionRequest => ({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('toGeminiRequest', () => {
  it('converts a multi-turn agent request into exactly the recorded Gemini body', () => {
    const dropped: string[] = [];
    const body = toGeminiRequest(agent, { model: 'gemini-2.5-flash', dropped });
    expect(body).toEqual(fixture<GenerateContentRequest>('gemini-request-agent.json'));
    expect(dropped).toEqual(['tools[0].function.parameters: additionalProperties', 'tools[1].function.parameters: additionalProperties']);
    // Nothing OpenAI-only leaks into the body Gemini would reject.
    expect(JSON.stringify(body)).not.toMatch(/"(user|metadata|store|stream_options|parallel_tool_calls|strict|additionalProperties)":/);
  });

  it('sets thinking by level on Gemini 3 and by budget before it', () => {
    expect(toGeminiRequest(ask({ reasoning_effort: 'high' }), { model: 'gemini-3-pro-preview' }).generationConfig).toEqual({ thinkingConfig: { thinkingLevel: 'HIGH' } });
    expect(toGeminiRequest(ask({ reasoning_effort: 'none' }), { model: 'gemini-2.5-flash' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    // 2.5 Pro cannot stop thinking (Google answers budget 0 with a 400): its smallest budget.
    expect(toGeminiRequest(ask({ reasoning_effort: 'none' }), { model: 'gemini-2.5-pro' }).generationConfig).toEqual({ thinkingConfig: { thinkingBudget: 128 } });
    expect(() => toGeminiRequest(ask({ reasoning_effort: 'extreme' }))).toThrow(/reasoning_effort must be one of none, minimal, low, medium, high, xhigh, max, got "extreme"/);
  });

  it('gives a Gemini 3 model the documented sentinel for calls whose signature was lost, on the first call of each turn only', () => {
    const history = ask({
      messages: [
        { role: 'user', content: 'Weather in Oslo and Paris?' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'toolu_01A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
            { id: 'toolu_01B', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_01A', content: 'snow' },
        { role: 'tool', tool_call_id: 'toolu_01B', content: 'rain' },
      ],
    });
    const parts = toGeminiRequest(history, { model: 'gemini-3-flash-preview' }).contents[1]!.parts;
    expect(parts.map((p) => p.thoughtSignature)).toEqual([SKIP_SIGNATURE, undefined]);
    expect(toGeminiRequest(history, { model: 'gemini-2.5-flash' }).contents[1]!.parts.map((p) => p.thoughtSignature)).toEqual([undefined, undefined]);
  });

  it('asks for JSON: json_object sets the MIME type, json_schema converts the schema and keeps the key order', () => {
    expect(toGeminiRequest(ask({ response_format: { type: 'json_object' } })).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const schema = { type: 'object', properties: { verdict: { type: 'string', enum: ['pass', 'fail'] }, score: { type: 'number' } }, required: ['verdict', 'score'], additionalProperties: false };
    const converted = toGeminiRequest(ask({ response_format: { type: 'json_schema', json_schema: { name: 'grade', schema, strict: true } } })).generationConfig;
    expect(converted).toEqual({
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { verdict: { type: 'STRING', format: 'enum', enum: ['pass', 'fail'] }, score: { type: 'NUMBER' } }, required: ['verdict', 'score'], propertyOrdering: ['verdict', 'score'] },
    });
    const raw = toGeminiRequest(ask({ response_format: { type: 'json_schema', json_schema: { name: 'grade', schema } } }), { jsonSchema: true }).generationConfig;
    expect(raw?.responseJsonSchema).toBe(schema);
  });

  it('maps every tool_choice', () => {
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const config = (tool_choice: ChatCompletionRequest['tool_choice']) => toGeminiRequest(ask({ tools, tool_choice })).toolConfig;
    expect(config('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(config('auto')).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(config('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(config({ type: 'function', function: { name: 'lookup' } })).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['lookup'] } });
    expect(config(undefined)).toBeUndefined();
    // tool_choice without tools means nothing to Gemini.
    expect(toGeminiRequest(ask({ tool_choice: 'required' })).toolConfig).toBeUndefined();
  });

  it('maps sampling, candidates and logprobs', () => {
    const body = toGeminiRequest(ask({ n: 3, stop: 'END', max_tokens: 50, logprobs: true, top_logprobs: 4, temperature: 1.5 }), { model: 'gemini-2.0-flash' });
    expect(body.generationConfig).toEqual({ maxOutputTokens: 50, temperature: 1.5, stopSequences: ['END'], candidateCount: 3, responseLogprobs: true, logprobs: 4 });
  });

  it('sends penalties to gemini-2.0-flash and leaves out the non-zero ones Gemini 2.5 refuses, saying why', () => {
    const penalties = { presence_penalty: 0.5, frequency_penalty: 0 } as Partial<ChatCompletionRequest>;
    expect(toGeminiRequest(ask(penalties), { model: 'gemini-2.0-flash' }).generationConfig).toEqual({ presencePenalty: 0.5, frequencyPenalty: 0 });
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision), decisions: decided };
    expect(toGeminiRequest(ask(penalties), { model: 'gemini-2.5-flash', decisions }).generationConfig).toEqual({ frequencyPenalty: 0 });
    expect(decided.dropped_params).toEqual({ gemini: ['presence_penalty'] });
    expect(decided.refused_sampling).toEqual({ 'gemini-2.5-flash': { params: ['presence_penalty'], reason: expect.stringContaining('Penalty is not enabled') } });
  });

  it('asks Gemini for flex or priority, and names a tier it has no counterpart for (ultrafast) as dropped', () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision), decisions: decided };
    expect(toGeminiRequest(ask({ service_tier: 'fast' } as Partial<ChatCompletionRequest>), { model: 'gemini-2.5-flash', decisions }).service_tier).toBe('priority');
    expect(decided.dropped_params).toBeUndefined();
    expect(toGeminiRequest(ask({ service_tier: 'ultrafast' } as Partial<ChatCompletionRequest>), { model: 'gemini-2.5-flash', decisions }).service_tier).toBeUndefined();
    expect(decided.dropped_params).toEqual({ gemini: ['service_tier'] });
  });

  it("keeps half of max_tokens for the answer on Gemini 2.5, whose thinking counts within it (dynamic thinking would use it all)", () => {
    const thinking = (extra: Partial<ChatCompletionRequest>, model = 'gemini-2.5-flash') => toGeminiRequest(ask(extra), { model }).generationConfig?.thinkingConfig;
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    // Dynamic thinking gets a budget of half the cap, until the cap is twice the largest budget.
    expect(toGeminiRequest(ask({ max_tokens: 300 }), { model: 'gemini-2.5-flash', decisions }).generationConfig).toEqual({ maxOutputTokens: 300, thinkingConfig: { thinkingBudget: 150 } });
    expect(decided.thinking_budget).toMatchObject({ requested: 'dynamic', sent: 150, model: 'gemini-2.5-flash' });
    expect(thinking({ max_tokens: 49_152 })).toBeUndefined();
    expect(thinking({})).toBeUndefined();
    // A budget asked for is kept when it fits in half, lowered when it does not.
    expect(thinking({ max_tokens: 4000, reasoning_effort: 'low' })).toEqual({ thinkingBudget: 1024 });
    expect(thinking({ max_completion_tokens: 600, reasoning_effort: 'medium' })).toEqual({ thinkingBudget: 300 });
    expect(thinking({ max_tokens: 600, reasoning_effort: 'none' })).toEqual({ thinkingBudget: 0 });
    // Under a model's smallest budget: Flash-Lite stops thinking, Pro (which cannot) thinks its least.
    expect(thinking({ max_tokens: 600 }, 'gemini-2.5-flash-lite')).toEqual({ thinkingBudget: 0 });
    expect(thinking({ max_tokens: 100 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 128 });
    expect(thinking({ max_tokens: 1000 }, 'gemini-2.5-pro-preview-06-05')).toEqual({ thinkingBudget: 500 });
    // Gemini 3 thinks by level, and models that do not think get no thinkingConfig.
    expect(thinking({ max_tokens: 300, reasoning_effort: 'low' }, 'gemini-3-flash-preview')).toEqual({ thinkingLevel: 'LOW' });
    expect(thinking({ max_tokens: 300 }, 'gemini-2.0-flash')).toBeUndefined();
  });

  it("gives Gemini 2.5 an Anthropic client's own budget (0 for thinking disabled) within the model's bounds, not the nearest effort's", () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    const thinking = (budget: number, model = 'gemini-2.5-flash', effort?: ChatCompletionRequest['reasoning_effort']) =>
      toGeminiRequest(ask({ max_tokens: 60_000, anthropic_thinking_budget: budget, reasoning_effort: effort }), { model, decisions }).generationConfig?.thinkingConfig;
    expect(thinking(2048, 'gemini-2.5-flash', 'low')).toEqual({ thinkingBudget: 2048 });
    expect(thinking(0)).toEqual({ thinkingBudget: 0 });
    expect(decided.thinking_budget).toBeUndefined();
    // 2.5 Pro refuses 0 ("This model only works in thinking mode") and Flash a budget past 24,576.
    expect(thinking(0, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 128 });
    expect(decided.thinking_budget).toEqual({ requested: 0, sent: 128, model: 'gemini-2.5-pro', reason: 'gemini-2.5-pro cannot turn thinking off; its smallest budget' });
    expect(thinking(30_000, 'gemini-2.5-flash', 'high')).toEqual({ thinkingBudget: 24_576 });
    // Gemini 3 thinks by level: the nearest effort's.
    expect(thinking(2048, 'gemini-3-flash-preview', 'low')).toEqual({ thinkingLevel: 'LOW' });
    // Thinking disabled: Gemini 3 cannot stop, so its least level (it thought at its default, HIGH).
    expect(thinking(0, 'gemini-3-flash-preview')).toEqual({ thinkingLevel: 'MINIMAL' });
    expect(thinking(0, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'LOW' });
    expect(decided.thinking_level).toEqual({ requested: 'none', sent: 'LOW', model: 'gemini-3-pro-preview', reason: 'gemini-3-pro-preview cannot turn thinking off; LOW is the least level it takes' });
  });

  it('sends a Gemini 3 model a level it takes, and says so where it is not the one the effort names', () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    const level = (effort: ChatCompletionRequest['reasoning_effort'], model: string) => toGeminiRequest(ask({ reasoning_effort: effort }), { model, decisions }).generationConfig?.thinkingConfig?.thinkingLevel;
    // Gemini 3 Pro takes LOW and HIGH only: Google answers MINIMAL and MEDIUM 400.
    expect(level('minimal', 'gemini-3-pro-preview')).toBe('LOW');
    expect(decided.thinking_level).toEqual({ requested: 'minimal', sent: 'LOW', model: 'gemini-3-pro-preview', reason: 'gemini-3-pro-preview takes thinkingLevel LOW, HIGH; LOW is the nearest to MINIMAL' });
    expect(level('medium', 'gemini-3-pro-preview')).toBe('HIGH');
    expect(level('medium', 'gemini-3.1-pro-preview')).toBe('MEDIUM');
    expect(level('minimal', 'gemini-3.7-flash')).toBe('LOW');
    delete decided.thinking_level;
    expect(level('minimal', 'gemini-3-flash-preview')).toBe('MINIMAL');
    expect(decided.thinking_level).toBeUndefined();
  });

  it("holds max_tokens to the model's output limit, which Gemini refuses to exceed, and says so on the trace", () => {
    const decided: Record<string, unknown> = {};
    const decisions = { decide: (stage: string, decision: unknown) => void (decided[stage] = decision) };
    expect(toGeminiRequest(ask({ max_tokens: 128_000 }), { model: 'gemini-2.5-flash', decisions }).generationConfig?.maxOutputTokens).toBe(65_536);
    expect(decided.output_cap).toEqual({ requested: 128_000, sent: 65_536, model: 'gemini-2.5-flash', reason: 'gemini-2.5-flash produces at most 65536 output tokens' });
    expect(toGeminiRequest(ask({ max_tokens: 128_000 }), { model: 'tunedModels/mine' }).generationConfig?.maxOutputTokens).toBe(128_000);
  });

  it('passes well-formed safety_settings through and names a malformed one', () => {
    const safety = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
    expect(toGeminiRequest(ask({ safety_settings: safety })).safetySettings).toEqual(safety);
    expect(() => toGeminiRequest(ask({ safety_settings: [{ category: 1 }] }))).toThrow(expect.objectContaining({ param: 'safety_settings', status: 400 }));
  });

  it('refuses what Gemini cannot take, naming the field', () => {
    const badArgs = ask({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{oops' } }] }] });
    expect(() => toGeminiRequest(badArgs)).toThrow(expect.objectContaining({ param: 'messages[1].tool_calls[0].function.arguments' }));
    const orphan = ask({ messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_nowhere', content: 'r' }] });
    expect(() => toGeminiRequest(orphan)).toThrow(/messages\[1\]\.tool_call_id "call_nowhere" does not match a tool call of an earlier assistant message/);
    const badName = ask({ tools: [{ type: 'function', function: { name: '1st-tool' } }] });
    expect(() => toGeminiRequest(badName)).toThrow(expect.objectContaining({ param: 'tools[0].function.name' }));
    expect(() => toGeminiRequest(ask({ functions: [] }))).toThrow(/use tools/);
    expect(() => toGeminiRequest(ask({ messages: [{ role: 'system', content: '' }] }))).toThrow(expect.objectContaining({ param: 'messages' }));
    const fileId = ask({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }] });
    expect(() => toGeminiRequest(fileId)).toThrow(expect.objectContaining({ code: 'unsupported', param: 'messages[0].content[0].file' }));
  });

  it('accepts the legacy function role by name, and audio and PDF parts inline', () => {
    const body = toGeminiRequest(
      ask({
        messages: [
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }, { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } }] },
          { role: 'assistant', content: 'Calling.' },
          { role: 'function' as never, name: 'legacy_fn', content: '{"ok":true}' },
        ],
      }),
    );
    expect(body.contents[0]!.parts).toEqual([{ inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }]);
    expect(body.contents[2]).toEqual({ role: 'user', parts: [{ functionResponse: { name: 'legacy_fn', response: { ok: true } } }] });
  });
});
