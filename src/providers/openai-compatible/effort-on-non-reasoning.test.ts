import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/openai-wire.js';
import { withoutRefusedEffort } from './effort-on-non-reasoning.js';

describe('withoutRefusedEffort', () => {
  const decided = () => {
    const decisions: Record<string, unknown> = {};
    return { decisions, decide: (stage: string, decision: unknown) => void (decisions[stage] = decision) };
  };

  it('refuses an OpenAI-format client’s effort on a model that does not reason, naming the client’s own field', () => {
    for (const [clientFormat, param] of [['responses', 'reasoning.effort'], ['openai', 'reasoning_effort']] as const) {
      let thrown: unknown;
      try {
        withoutRefusedEffort({ reasoning_effort: 'low' }, { model: 'gpt-4.1-mini', clientFormat });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: 'unsupported', status: 400, param, vendorCode: 'unsupported_parameter', message: `Unsupported parameter: '${param}' is not supported with this model.` });
    }
  });

  it('drops another format’s thinking for such a model and names it on the trace; leaves reasoning models alone', () => {
    const sink = decided();
    const body: JsonObject = { reasoning_effort: 'high' };
    withoutRefusedEffort(body, { model: 'gpt-4o', clientFormat: 'anthropic', decisions: sink });
    expect(body).toEqual({});
    expect(sink.decisions).toEqual({ dropped_params: { openai: ['reasoning_effort'] } });
    const kept: JsonObject = { reasoning_effort: 'high' };
    withoutRefusedEffort(kept, { model: 'o4-mini', clientFormat: 'responses' });
    expect(kept).toEqual({ reasoning_effort: 'high' });
  });
});
