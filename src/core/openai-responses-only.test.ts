import { describe, expect, it } from 'vitest';
import { responsesOnly } from './openai-responses-only.js';

describe('responsesOnly', () => {
  it("knows OpenAI's pro, codex, deep research and computer-use models, with their snapshots", () => {
    for (const model of ['o1-pro', 'o3-pro-2025-06-10', 'gpt-5-pro', 'gpt-5.2-pro', 'gpt-5-codex', 'gpt-5.1-codex-mini', 'gpt-5.1-codex-max', 'codex-mini-latest', 'o3-deep-research', 'o4-mini-deep-research-2025-06-26', 'computer-use-preview']) expect(responsesOnly(model), model).toBe(true);
  });

  it('leaves the models chat completions serves, and names that merely start alike', () => {
    for (const model of ['o3', 'o1', 'gpt-5', 'gpt-5.1', 'gpt-5-mini', 'gpt-5-chat-latest', 'gpt-4.1', 'o3-professional', 'gpt-5-professional', 'standin-small']) expect(responsesOnly(model), model).toBe(false);
  });
});
