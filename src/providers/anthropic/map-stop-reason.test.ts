import { describe, expect, it } from 'vitest';
import { reportedStopSequence, toAnthropicStopReason, toOpenAIFinishReason } from './map-stop-reason.js';

describe('stop reasons', () => {
  it('round-trips the reasons both formats share', () => {
    for (const reason of ['end_turn', 'max_tokens', 'tool_use', 'refusal'] as const) {
      expect(toAnthropicStopReason(toOpenAIFinishReason(reason))).toBe(reason);
    }
  });

  it('treats tool_use of only the JSON tool as a normal stop', () => {
    expect(toOpenAIFinishReason('tool_use', true)).toBe('stop');
    expect(toOpenAIFinishReason('tool_use', false)).toBe('tool_calls');
  });

  it('keeps null as "not finished yet" and maps unknown future reasons to stop', () => {
    expect(toOpenAIFinishReason(null)).toBeNull();
    expect(toOpenAIFinishReason('some_new_reason')).toBe('stop');
    expect(toAnthropicStopReason(undefined)).toBe('end_turn');
    expect(toAnthropicStopReason(undefined, true)).toBe('tool_use');
  });

  it('names a stop sequence only when the server said which, and the client sent it', () => {
    expect(reportedStopSequence('stop', '###', ['###', 'END'])).toBe('###');
    // OpenAI: finish_reason "stop" and nothing else, whether or not a sequence matched.
    expect(reportedStopSequence('stop', undefined, ['###'])).toBeNull();
    // vLLM's stop token ids are numbers, not strings the client could have sent.
    expect(reportedStopSequence('stop', 128009, ['###'])).toBeNull();
    expect(reportedStopSequence('stop', 'other', ['###'])).toBeNull();
    expect(reportedStopSequence('length', '###', ['###'])).toBeNull();
    expect(reportedStopSequence('stop', '###', undefined)).toBeNull();
  });
});
