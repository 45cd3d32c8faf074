import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import { sampleTrace } from '../../test-support/sample-trace.js';
import { finishReasons, genAiAttributes } from './genai-attributes.js';

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
    const a = genAiAttributes(trace, { answer: null }, { 'standin-openai': 'openai' });
    expect(a).toMatchObject({ 'gen_ai.provider.name': 'openai', 'switchyard.guardrails': ['pii:input=redact'], 'switchyard.decision.cache': 'miss' });
    expect(a).not.toHaveProperty('gen_ai.input.messages');
    expect(genAiAttributes(trace, { answer: null, input: [{ role: 'user', content: 'hi' }] }, {})['gen_ai.input.messages']).toBe('[{"role":"user","content":"hi"}]');
  });
});
