import { describe, expect, it } from 'vitest';
import { foldGeminiSse } from '../../core/fold-gemini-sse.js';
import type { ChatCompletion, ChatCompletionChunk } from '../../core/openai-wire.js';
import { fromGeminiResponse, toGeminiRequest } from '../../providers/gemini/index.js';
import { injectContext } from '../knowledge/inject-context.js';
import { withReaskTurns } from '../guard/reask.js';
import { geminiCodec } from './gemini-codec.js';
import { untranslatedGeminiFields } from './gemini/to-chat-request.js';

const weather = { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' }, days: { type: 'INTEGER', nullable: true } }, required: ['city'] } };

describe('a Gemini request as the canonical request', () => {
  it('carries the system instruction, turns, images, generation settings and thinking', () => {
    const request = geminiCodec.toCanonical({
      model: 'mini',
      stream: true,
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'What is in this picture?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }] },
        { role: 'model', parts: [{ text: 'Let me think', thought: true }, { text: 'A train.' }] },
        { role: 'user', parts: [{ text: 'Sure?' }] },
      ],
      generationConfig: { temperature: 0.2, topP: 0.9, topK: 40, maxOutputTokens: 300, stopSequences: ['END'], seed: 7, candidateCount: 2, thinkingConfig: { thinkingBudget: 8000, includeThoughts: true } },
      safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
    });
    expect(request).toEqual({
      model: 'mini',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'file', file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
        { role: 'assistant', content: 'A train.', reasoning_content: 'Let me think' },
        { role: 'user', content: 'Sure?' },
      ],
      temperature: 0.2,
      top_p: 0.9,
      anthropic_top_k: 40,
      max_tokens: 300,
      stop: ['END'],
      seed: 7,
      n: 2,
      reasoning_effort: 'medium',
      // The budget itself too, for Claude models that take budgets (the nearest effort's is 8,192).
      gemini_thinking_budget: 8000,
      include_reasoning: true,
      safety_settings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
    });
  });

  it('pairs each functionResponse with its call, by id or else by name, and maps the tool config and schemas', () => {
    const request = geminiCodec.toCanonical({
      model: 'mini',
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Oslo and Rome?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'c2ln' }, { functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'fc-2' } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: 'fc-2', response: { output: 'Warm' } } }, { functionResponse: { name: 'get_weather', response: { temp: 3 } } }, { text: 'Thanks' }] },
      ],
      tools: [{ functionDeclarations: [weather] }, { googleSearch: {} }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { responseMimeType: 'application/json', responseSchema: { type: 'OBJECT', properties: { ok: { type: 'BOOLEAN' } }, propertyOrdering: ['ok'] } },
    });
    const calls = request.messages[1]?.tool_calls ?? [];
    expect(calls.map((c) => c.function)).toEqual([
      { name: 'get_weather', arguments: '{"city":"Oslo"}' },
      { name: 'get_weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(request.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: calls[1]?.id, content: 'Warm' },
      { role: 'tool', tool_call_id: calls[0]?.id, content: '{"temp":3}' },
      { role: 'user', content: 'Thanks' },
    ]);
    // The ids carry Gemini's own: a Gemini model reached the canonical way gets the signature and id back.
    const back = toGeminiRequest(request, { model: 'gemini-3-flash-preview' });
    expect(back.contents[1]?.parts).toEqual([
      { functionCall: { name: 'get_weather', args: { city: 'Oslo' } }, thoughtSignature: 'c2ln' },
      { functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'fc-2' } },
    ]);
    expect(request.tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: ['integer', 'null'] } }, required: ['city'] } } },
    ]);
    expect(request.tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
    expect(request['web_search_options']).toEqual({});
    expect(request.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'response', schema: { type: 'object', properties: { ok: { type: 'boolean' } } } } });
  });

  it('names what a translated call goes without', () => {
    expect(untranslatedGeminiFields({ model: 'm', stream: true, contents: [], cachedContent: 'c/1', generationConfig: { temperature: 1, responseModalities: ['AUDIO'] }, tools: [{ codeExecution: {} }] })).toEqual([
      'cachedContent',
      'generationConfig.responseModalities',
      'tools[0].codeExecution',
    ]);
  });

  it('refuses malformed requests naming the field', () => {
    expect(() => geminiCodec.toCanonical({ model: 'm', contents: [{ role: 'bot', parts: [] }] })).toThrow(/contents\[0\]\.role/);
    expect(() => geminiCodec.toCanonical({ model: 'm', contents: [{ role: 'user', parts: [{ inlineData: { data: 'x' } }] }] })).toThrow(/contents\[0\]\.parts\[0\]\.inlineData/);
  });
});

const completion: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-5.4-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Checking.', reasoning_content: 'Oslo, so…', tool_calls: [{ id: 'call_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] }, finish_reason: 'tool_calls' }],
  usage: { prompt_tokens: 120, completion_tokens: 38, total_tokens: 158, prompt_tokens_details: { cached_tokens: 100 }, completion_tokens_details: { reasoning_tokens: 30 } },
};

describe('canonical answers as Gemini answers', () => {
  it('writes a whole answer as a GenerateContentResponse, which reads back as the same answer', () => {
    const answer = JSON.parse(geminiCodec.encodeCompletion(completion, {}));
    expect(answer).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Oslo, so…', thought: true }, { text: 'Checking.' }, { functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: 'call_9' } }] }, index: 0, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 8, totalTokenCount: 158, cachedContentTokenCount: 100, thoughtsTokenCount: 30 },
      modelVersion: 'gpt-5.4-mini',
      responseId: 'chatcmpl-1',
    });
    const read = fromGeminiResponse(answer, { id: 'x', created: 1 });
    expect(read.choices[0]?.message).toMatchObject({ content: 'Checking.', reasoning_content: 'Oslo, so…' });
    expect(read.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 38, total_tokens: 158 });
  });

  it('streams text as it comes and a function call whole at the end, with the finish reason and usage; the fold rebuilds the answer', () => {
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, usage?: unknown): ChatCompletionChunk =>
      ({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'claude-sonnet-4-6', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) }) as ChatCompletionChunk;
    const encoder = geminiCodec.streamEncoder(false, {});
    const sse =
      encoder.push([chunk({ role: 'assistant', content: '' }), chunk({ content: 'Let me ' }), chunk({ content: 'check.' })]) +
      encoder.push([chunk({ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] })]) +
      encoder.push([chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }), chunk({}, 'tool_calls')]) +
      encoder.push([{ ...chunk({}), choices: [], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }]) +
      encoder.end();
    const events = sse
      .split('\n\n')
      .filter(Boolean)
      .map((e) => JSON.parse(e.slice('data: '.length)));
    expect(events.map((e) => e.candidates[0].content.parts)).toEqual([[{ text: 'Let me ' }], [{ text: 'check.' }], [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: 'toolu_1' } }]]);
    expect(events.at(-1)).toMatchObject({ candidates: [{ finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 }, modelVersion: 'claude-sonnet-4-6', responseId: 'c1' });
    expect(foldGeminiSse([sse])).toEqual({
      candidates: [{ content: { role: 'model', parts: [{ text: 'Let me check.' }, { functionCall: { name: 'get_weather', args: { city: 'Oslo' }, id: 'toolu_1' } }] }, index: 0, finishReason: 'STOP' }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
      modelVersion: 'claude-sonnet-4-6',
      responseId: 'c1',
    });
  });
});

describe('Gemini bodies in the stages that change a request in its own format', () => {
  it('adds knowledge context as one more part of the system instruction', () => {
    expect(injectContext('gemini', { contents: [], systemInstruction: { parts: [{ text: 'Be brief.' }] } }, 'Sources: …').systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: '\n\nSources: …' }] });
    expect(injectContext('gemini', { contents: [] }, 'Sources: …').systemInstruction).toEqual({ parts: [{ text: 'Sources: …' }] });
  });

  it('asks again with the rejected answer as a model turn and the errors as a user turn', () => {
    expect(withReaskTurns({ contents: [{ role: 'user', parts: [{ text: 'Classify' }] }] }, 'gemini', 'Sure!', 'Reply in JSON').contents).toEqual([
      { role: 'user', parts: [{ text: 'Classify' }] },
      { role: 'model', parts: [{ text: 'Sure!' }] },
      { role: 'user', parts: [{ text: 'Reply in JSON' }] },
    ]);
  });
});
