import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { branchAliases, currentBranch } from './branch-aliases.js';

const { models, routes } = parseConfig(`
providers: { openai: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  small: { provider: openai, model: gpt-4o-mini }
  large: { fallbacks: [ { provider: openai, model: gpt-4o }, { provider: openai, model: gpt-4.1 } ] }
  judge: { provider: openai, model: o3 }
  gpt-4o-mini: { provider: openai, model: gpt-4.1-nano }
routes:
  premium: { policy: static, target: large }
  support: { policy: conditional, rules: [ { when: { prompt_tokens: { gt: 4000 } }, target: premium } ], default: small }
  extract: { policy: cascade, targets: [ small, large ], escalate_on: { judge: { model: judge, min_score: 0.5 } } }
  named: { policy: split, arms: [ { target: small, weight: 1 }, { target: gpt-4o-mini, weight: 1 } ] }`);

describe('branchAliases', () => {
  const aliases = branchAliases(models, routes);

  it('reads an upstream model as the one target that reaches it: fallbacks and nested routes included', () => {
    expect(currentBranch(aliases, 'support > gpt-4o-mini')).toBe('support > small');
    expect(currentBranch(aliases, 'support > gpt-4.1')).toBe('support > premium');
    expect(currentBranch(aliases, 'extract > gpt-4o')).toBe('extract > large');
    expect(currentBranch(aliases, 'premium > gpt-4o')).toBe('premium > large');
  });

  it('leaves today’s names, local answers, unknown models and a cascade’s judge as they are', () => {
    for (const value of ['support > small', 'support > local', 'support > failed', 'support > llama3', 'extract > o3', 'not routed']) expect(currentBranch(aliases, value)).toBe(value);
  });

  it('keeps an old name that is also a target of the route under that target (today’s name wins)', () => {
    // `named` has a target called gpt-4o-mini: "named > gpt-4o-mini" is that target, not small's model.
    expect(currentBranch(aliases, 'named > gpt-4o-mini')).toBe('named > gpt-4o-mini');
    expect(currentBranch(aliases, 'named > gpt-4.1-nano')).toBe('named > gpt-4o-mini');
  });
});
