import { describe, expect, it } from 'vitest';
import type { ThinkingBlock } from '../../../core/openai-wire.js';
import type { ResponsesRequest } from '../../../core/responses-wire.js';
import { decryptReasoning, encryptReasoning, unsentReasoningOf, wantsEncryptedReasoning } from './encrypted-reasoning.js';
import { toChatRequest } from './to-chat-request.js';
import { toResponse } from './to-response.js';

const blocks: ThinkingBlock[] = [
  { type: 'thinking', thinking: 'The user wants Oslo’s weather: call get_weather.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3h' },
  { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
];

describe('Claude’s thinking in encrypted_content', () => {
  it('comes back as it went, and anything else (OpenAI’s own, an altered value, an unsigned block) reads as none', () => {
    expect(decryptReasoning(encryptReasoning(blocks))).toEqual(blocks);
    expect(decryptReasoning('gAAAAABoZ3xQ…')).toBeUndefined();
    expect(decryptReasoning(`${encryptReasoning(blocks).slice(0, -8)}!!`)).toBeUndefined();
    expect(decryptReasoning(encryptReasoning([{ type: 'thinking', thinking: 'x', signature: '' }]))).toBeUndefined();
    expect(decryptReasoning(undefined)).toBeUndefined();
  });

  it('is given only to a request whose include names it', () => {
    expect(wantsEncryptedReasoning({ model: 'm', input: 'x', include: ['reasoning.encrypted_content'] } as ResponsesRequest)).toBe(true);
    expect(wantsEncryptedReasoning({ model: 'm', input: 'x' })).toBe(false);
  });

  it('leads the assistant turn it began when the items come back: text and calls follow, a reasoning item alone is dropped', () => {
    const reasoning = { type: 'reasoning', id: 'rs_1', summary: [], encrypted_content: encryptReasoning(blocks) };
    const request = toChatRequest({
      model: 'm',
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        reasoning,
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: '4°C' },
        { type: 'reasoning', id: 'rs_2', summary: [], encrypted_content: 'gAAAAABoZ3xQ…' },
        { ...reasoning, id: 'rs_3' },
      ],
    } as ResponsesRequest);
    expect(request.messages).toEqual([
      { role: 'user', content: 'Weather in Oslo?' },
      { role: 'assistant', content: 'Let me check.', thinking_blocks: blocks, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: '4°C' },
    ]);
  });

  it('is kept aside for the response store when the client did not ask for it, unless nothing is stored (store: false)', () => {
    const ids = { newId: (prefix: string) => `${prefix}_1`, now: () => 0 };
    const completion = { id: 'c', object: 'chat.completion' as const, created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant' as const, content: 'Hi.', reasoning_content: 'Hm.', thinking_blocks: blocks }, finish_reason: 'stop' as const }] };
    const stored: ResponsesRequest = { model: 'm', input: 'x' };
    const shown = toResponse(completion, stored, ids);
    expect(JSON.stringify(shown)).not.toContain('encrypted_content');
    const reasoningId = shown.output.find((item) => item.type === 'reasoning')?.id as string;
    expect(unsentReasoningOf(stored)).toEqual({ [reasoningId]: encryptReasoning(blocks) });
    const unstored: ResponsesRequest = { model: 'm', input: 'x', store: false };
    toResponse(completion, unstored, ids);
    expect(unsentReasoningOf(unstored)).toBeUndefined();
    const asked = { model: 'm', input: 'x', include: ['reasoning.encrypted_content'] } as ResponsesRequest;
    expect(toResponse(completion, asked, ids).output[0]).toMatchObject({ encrypted_content: encryptReasoning(blocks) });
    expect(unsentReasoningOf(asked)).toBeUndefined();
  });
});
