import { describe, expect, it } from 'vitest';
import { effortList, invalidEffortMessage, leastEffort, nearestEffort, refusedEffortMessage, takenEfforts } from './openai-efforts.js';

describe('the reasoning efforts each OpenAI model takes', () => {
  it('lists them as OpenAI’s 400s do, per model', () => {
    const table = Object.fromEntries(
      ['gpt-5', 'gpt-5-mini-2025-08-07', 'gpt-5-pro', 'gpt-5-codex', 'gpt-5.1', 'gpt-5.1-codex', 'gpt-5.1-codex-mini', 'gpt-5.1-codex-max', 'gpt-5.2', 'gpt-5.2-codex', 'gpt-5.2-pro', 'gpt-5.2-chat-latest', 'gpt-5.3-codex', 'gpt-5.4-nano', 'gpt-5.5-pro', 'gpt-5.6-luna', 'o3', 'o4-mini-2025-04-16']
        .map((model) => [model, takenEfforts(model)?.join(' ')]),
    );
    expect(table).toEqual({
      'gpt-5': 'minimal low medium high',
      'gpt-5-mini-2025-08-07': 'minimal low medium high',
      'gpt-5-pro': 'high',
      'gpt-5-codex': 'low medium high',
      'gpt-5.1': 'none low medium high',
      'gpt-5.1-codex': 'low medium high',
      'gpt-5.1-codex-mini': 'medium high',
      'gpt-5.1-codex-max': 'low medium high xhigh',
      'gpt-5.2': 'none low medium high xhigh',
      'gpt-5.2-codex': 'low medium high xhigh',
      'gpt-5.2-pro': 'medium high xhigh',
      'gpt-5.2-chat-latest': 'medium',
      'gpt-5.3-codex': 'none low medium high xhigh',
      'gpt-5.4-nano': 'none low medium high xhigh',
      'gpt-5.5-pro': 'medium high xhigh',
      'gpt-5.6-luna': 'none low medium high xhigh max',
      o3: 'low medium high',
      'o4-mini-2025-04-16': 'low medium high',
    });
  });

  it('knows nothing of models that do not reason or are not OpenAI’s', () => {
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'gpt-5-search-api', 'claude-opus-4-7', 'gemini-2.5-flash', 'llama-3.3-70b']) expect(takenEfforts(model)).toBeUndefined();
    expect(refusedEffortMessage('gpt-4o', 'minimal', 'chat')).toBeUndefined();
  });

  it('picks the nearest effort a model takes: the least below, the most above, the lower of two as near', () => {
    expect(nearestEffort('gpt-5.1', 'minimal')).toBe('none');
    expect(nearestEffort('gpt-5.1', 'xhigh')).toBe('high');
    expect(nearestEffort('gpt-5', 'none')).toBe('minimal');
    expect(nearestEffort('o3', 'minimal')).toBe('low');
    expect(nearestEffort('gpt-5.4-pro', 'low')).toBe('medium');
    expect(nearestEffort('gpt-5-pro', 'low')).toBe('high');
    expect(nearestEffort('gpt-5.1-codex-mini', 'none')).toBe('medium');
    expect(nearestEffort('gpt-5.2', 'high')).toBe('high');
    expect(nearestEffort('gpt-4o', 'low')).toBeUndefined();
  });

  it('gives the least for “no thinking” only where there is a choice', () => {
    const models = ['gpt-5', 'gpt-5.1', 'gpt-5.1-codex-mini', 'gpt-5-pro', 'gpt-5.2-chat-latest', 'o1', 'gpt-4o'];
    expect(models.map(leastEffort)).toEqual(['minimal', 'none', 'medium', undefined, undefined, 'low', undefined]);
  });

  it('words the refusal as each API does: chat names its field, Responses the model', () => {
    expect(refusedEffortMessage('gpt-5.1', 'minimal', 'chat')).toBe("Unsupported value: 'reasoning_effort' does not support 'minimal' with this model. Supported values are: 'none', 'low', 'medium', and 'high'.");
    expect(refusedEffortMessage('o3', 'none', 'responses')).toBe("Unsupported value: 'none' is not supported with the 'o3' model. Supported values are: 'low', 'medium', and 'high'.");
    expect(refusedEffortMessage('gpt-5-pro', 'none', 'responses')).toBe("Unsupported value: 'none' is not supported with the 'gpt-5-pro' model. Supported values are: 'high'.");
    expect(refusedEffortMessage('gpt-5.1', 'low', 'chat')).toBeUndefined();
    // A value that is none of OpenAI's efforts is not this table's to word.
    expect(refusedEffortMessage('gpt-5.1', 'turbo', 'chat')).toBeUndefined();
    expect(effortList(['medium', 'high'])).toBe("'medium' and 'high'");
    // None of OpenAI's efforts: the API's whole enum, on any model.
    expect(invalidEffortMessage('ultra')).toBe("Invalid value: 'ultra'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'.");
    expect(invalidEffortMessage('max')).toBeUndefined();
  });
});
