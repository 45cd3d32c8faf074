import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/openai-wire.js';
import { withoutUnsignedThinking } from './unsigned-thinking.js';

const signed = { type: 'thinking', thinking: 'Claude’s own', signature: 'EqQBCgIYAhIM' };
const unsigned = { type: 'thinking', thinking: 'Gemini’s thought', signature: '' };
const call = { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} };
const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] };

function sink(): { decisions: Record<string, unknown>; decide(stage: string, decision: unknown): void } {
  return { decisions: {}, decide(stage, decision) { this.decisions[stage] = decision; } };
}

describe('withoutUnsignedThinking', () => {
  it('hands back the very body when every thinking block is signed (no copy, nothing recorded)', () => {
    const body = { model: 'c', thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: [signed, call] }, result] } as JsonObject;
    const decisions = sink();
    expect(withoutUnsignedThinking(body, 'claude-sonnet-4-5', decisions)).toBe(body);
    expect(decisions.decisions).toEqual({});
  });

  it('drops unsigned blocks, a turn left empty with them, and keeps thinking on when the answered turn keeps a signed block', () => {
    const body = {
      model: 'c',
      thinking: { type: 'adaptive' },
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', content: [unsigned] },
        { role: 'user', content: 'y' },
        { role: 'assistant', content: [unsigned, signed, call] },
        result,
      ],
    } as JsonObject;
    const decisions = sink();
    const out = withoutUnsignedThinking(body, 'claude-sonnet-4-5', decisions);
    expect(out.thinking).toEqual({ type: 'adaptive' });
    expect(out.messages).toEqual([{ role: 'user', content: 'x' }, { role: 'user', content: 'y' }, { role: 'assistant', content: [signed, call] }, result]);
    expect(decisions.decisions.thinking).toMatchObject({ model: 'claude-sonnet-4-5', unsigned_dropped: 2 });
    expect(decisions.decisions.thinking).not.toHaveProperty('applied');
    expect((body.messages as unknown[]).length).toBe(5); // the client's body is left as it was
  });

  it('turns thinking off when the answered turn’s only thinking block was unsigned, and not when thinking was off anyway', () => {
    const messages = [{ role: 'user', content: 'x' }, { role: 'assistant', content: [unsigned, call] }, result];
    const on = withoutUnsignedThinking({ model: 'c', thinking: { type: 'enabled', budget_tokens: 1024 }, messages } as JsonObject, 'claude-sonnet-4-5');
    expect(on).not.toHaveProperty('thinking');
    const decisions = sink();
    const off = withoutUnsignedThinking({ model: 'c', messages } as JsonObject, 'claude-sonnet-4-5', decisions);
    expect(off.messages).toEqual([messages[0], { role: 'assistant', content: [call] }, result]);
    expect(decisions.decisions.thinking).not.toHaveProperty('applied');
  });
});
