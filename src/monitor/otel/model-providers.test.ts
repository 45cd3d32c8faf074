import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.js';
import { modelProviders } from './model-providers.js';

const config = parseConfig(
  `
providers:
  openai: { type: openai, base_url: "https://api.openai.com/v1", api_key: sk-a }
  openai-eu: { type: openai, base_url: "https://eu.example.com/v1", api_key: sk-b }
  anthropic: { type: anthropic, base_url: "https://api.anthropic.com", api_key: sk-c }
models:
  small: { provider: openai, model: gpt-5.4-mini }
  big: { provider: openai, model: gpt-5.4 }
  claude: { provider: anthropic, model: claude-sonnet-4-6 }
  same-vendor: { fallbacks: [ { provider: openai, model: gpt-5.4-mini }, { provider: openai, model: gpt-5.4 } ] }
  two-accounts: { loadbalance: [ { provider: openai, model: gpt-5.4-mini }, { provider: openai-eu, model: gpt-5.4-mini } ] }
routes:
  pinned: { policy: static, target: small }
  nested: { policy: split, arms: [ { target: pinned, weight: 1 }, { target: big, weight: 1 } ] }
  ab: { policy: split, arms: [ { target: small, weight: 9 }, { target: claude, weight: 1 } ] }
  judged: { policy: cascade, targets: [small, big], escalate_on: { judge: { model: claude, rubric: "Is it right?", min_score: 0.7 } } }
  learning: { policy: static, target: small, options: { task: { type: classify } } }
`,
  'test',
);

describe('modelProviders', () => {
  it('names the one provider a model or route can reach, through nested routes', () => {
    expect(modelProviders(config)).toEqual({ small: 'openai', big: 'openai', claude: 'anthropic', 'same-vendor': 'openai', pinned: 'openai', nested: 'openai', judged: 'openai' });
  });

  it('names none where targets span providers or a local task model may answer', () => {
    const known = modelProviders(config);
    // Two accounts of one vendor are two providers: which one would have answered is not known.
    expect(known['two-accounts']).toBeUndefined();
    expect(known.ab).toBeUndefined();
    expect(known.learning).toBeUndefined();
  });
});
