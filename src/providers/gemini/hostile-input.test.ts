/**
 * Hostile input: whatever odd values a client sends, conversion either succeeds or throws a
 * SwitchyardError naming a field; it never crashes with a TypeError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { GeminiToOpenAIStream } from './gemini-stream-to-openai.js';
import { fromGeminiResponse } from './convert-from-gemini-response.js';
import { toGeminiEmbedRequest } from './convert-embeddings.js';
import { toGeminiRequest } from './convert-to-gemini-request.js';
import type { GenerateContentResponse } from './gemini-wire.js';
import { fuzzRuns } from '../../test-support/fuzz-runs.js';

const odd = fc.oneof(fc.constant(null), fc.constant(undefined), fc.integer(), fc.string({ maxLength: 8 }), fc.boolean(), fc.constant([]), fc.constant({}), fc.array(fc.constant(null), { maxLength: 2 }));

function survives(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch (error) {
    return error instanceof SwitchyardError;
  }
}

describe('hostile input', () => {
  it('toGeminiRequest answers any malformed message, part, tool or option with a SwitchyardError', () => {
    const message = fc.record({
      role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool', 'developer', 'function', 'robot'), odd),
      content: fc.oneof(odd, fc.array(fc.oneof(odd, fc.record({ type: fc.oneof(fc.constantFrom('text', 'image_url', 'file', 'input_audio'), odd), text: odd, image_url: odd, file: odd, input_audio: odd })), { maxLength: 3 })),
      tool_calls: fc.oneof(odd, fc.array(fc.oneof(odd, fc.record({ id: odd, function: fc.oneof(odd, fc.record({ name: odd, arguments: odd })) })), { maxLength: 2 })),
      tool_call_id: odd,
      name: odd,
    }, { requiredKeys: ['role'] });
    const request = fc.record({
      model: fc.oneof(fc.constant('gemini-3-flash-preview'), fc.string({ maxLength: 6 })),
      messages: fc.array(message, { minLength: 1, maxLength: 4 }),
      tools: fc.oneof(odd, fc.array(fc.oneof(odd, fc.record({ type: odd, function: fc.oneof(odd, fc.record({ name: odd, parameters: odd, description: odd })) })), { maxLength: 2 })),
      tool_choice: odd,
      response_format: fc.oneof(odd, fc.record({ type: fc.oneof(fc.constantFrom('json_object', 'json_schema'), odd), json_schema: odd })),
      stop: odd,
      reasoning_effort: odd,
      safety_settings: odd,
    }, { requiredKeys: ['model', 'messages'] });
    fc.assert(fc.property(request, (req) => survives(() => toGeminiRequest(req as unknown as ChatCompletionRequest))), { numRuns: fuzzRuns(800) });
  });

  it('response and stream converters survive malformed Gemini answers', () => {
    const part = fc.oneof(odd, fc.record({ text: odd, thought: odd, functionCall: fc.oneof(odd, fc.record({ name: odd, args: odd, id: odd })), thoughtSignature: odd }));
    const response = fc.record({
      candidates: fc.oneof(odd, fc.array(fc.oneof(odd, fc.record({ index: odd, finishReason: odd, content: fc.oneof(odd, fc.record({ parts: fc.oneof(odd, fc.array(part, { maxLength: 3 })) })) })), { maxLength: 2 })),
      promptFeedback: fc.oneof(odd, fc.record({ blockReason: odd })),
      usageMetadata: fc.oneof(odd, fc.record({ promptTokenCount: odd, candidatesTokenCount: odd, thoughtsTokenCount: odd })),
      error: fc.oneof(fc.constant(undefined), odd),
    });
    fc.assert(
      fc.property(response, (r) => {
        const event = r as unknown as GenerateContentResponse;
        const stream = new GeminiToOpenAIStream();
        return survives(() => fromGeminiResponse(event, { id: 'chatcmpl-f' })) && survives(() => [...stream.push(event), ...stream.finish()]);
      }),
      { numRuns: fuzzRuns(800) },
    );
  });

  it('embedding conversion names the field for any odd input', () => {
    fc.assert(fc.property(odd, odd, (input, dimensions) => survives(() => toGeminiEmbedRequest({ model: 'e', input, dimensions } as never, 'gemini-embedding-001'))), { numRuns: fuzzRuns(300) });
    expect(() => toGeminiEmbedRequest({ model: 'e', input: 'x'.repeat(1_000_000) }, 'gemini-embedding-001')).not.toThrow();
  });
});
