import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { branchAliases, currentBranch, withBranchAliases } from './branch-aliases.js';
import { emptyHistogram } from './histogram.js';
import type { RollupReader, RollupTotals } from './rollup.js';

const { models, routes } = parseConfig(`
providers: { openai: { type: openai, base_url: "http://127.0.0.1:1/v1" } }
models:
  small: { provider: openai, model: gpt-4o-mini }
  large: { fallbacks: [ { provider: openai, model: gpt-4o }, { provider: openai, model: gpt-4.1 } ] }
  judge: { provider: openai, model: o3 }
  gpt-4o-mini: { provider: openai, model: gpt-4.1-nano }
  local: { provider: openai, model: my-vllm-model }
routes:
  premium: { policy: static, target: large }
  support: { policy: conditional, rules: [ { when: { prompt_tokens: { gt: 4000 } }, target: premium } ], default: small }
  extract: { policy: cascade, targets: [ small, large ], escalate_on: { judge: { model: judge, min_score: 0.5 } } }
  named: { policy: split, arms: [ { target: small, weight: 1 }, { target: gpt-4o-mini, weight: 1 } ] }
  onprem: { policy: split, arms: [ { target: local, weight: 1 }, { target: small, weight: 1 } ] }`);

describe('branchAliases', () => {
  const aliases = branchAliases(models, routes);

  it('reads an upstream model as the one target that reaches it: fallbacks and nested routes included', () => {
    expect(currentBranch(aliases, 'support > gpt-4o-mini')).toBe('support > small');
    expect(currentBranch(aliases, 'support > gpt-4.1')).toBe('support > premium');
    expect(currentBranch(aliases, 'extract > gpt-4o')).toBe('extract > large');
    expect(currentBranch(aliases, 'premium > gpt-4o')).toBe('premium > large');
  });

  it('leaves today’s names, the gateway’s branches, unknown models and a cascade’s judge as they are', () => {
    for (const value of ['support > small', 'support > (local)', 'support > (cache)', 'support > (shadow)', 'support > (failed)', 'onprem > local', 'support > llama3', 'extract > o3', 'not routed']) {
      expect(currentBranch(aliases, value)).toBe(value);
    }
  });

  it('reads the gateway’s branches stored without parentheses (up to 2026-12-06) as today’s, unless the route has a target of that name', () => {
    for (const word of ['local', 'cache', 'shadow', 'failed']) expect(currentBranch(aliases, `support > ${word}`)).toBe(`support > (${word})`);
    // A route no longer in the config: the words are the gateway's (no target to be).
    expect(currentBranch(aliases, 'retired > shadow')).toBe('retired > (shadow)');
    // `onprem` targets a model named "local": its older `local` rows mixed the two and stay the target's.
    expect(currentBranch(aliases, 'onprem > local')).toBe('onprem > local');
    expect(currentBranch(aliases, 'onprem > cache')).toBe('onprem > (cache)');
  });

  it('merges older rows into today’s when read, so a range over the change shows each branch once', async () => {
    const row = (value: string, requests: number): RollupTotals & { value: string } => ({
      value, requests, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, costUsd: requests / 1000, latencyMsSum: 0, latencyHist: emptyHistogram(), ttftMsSum: 0, ttftCount: 0, ttftHist: emptyHistogram(),
    });
    const stored = [row('support > local', 3), row('support > (local)', 4), row('support > shadow', 1), row('support > small', 5), row('onprem > local', 2), row('onprem > (local)', 6)];
    const reader: RollupReader = {
      values: async () => stored,
      slots: async () => [],
      split: async () => [],
      lastSeen: async () => new Map(),
      dimensionValues: async () => ({ model: [], provider: [], key: [], team: [], route: stored.map((r) => r.value) }),
    };
    const read = withBranchAliases(reader, () => aliases);
    const rows = await read.values({ since: 0, until: 1, resolutionMs: 60_000 }, 'route');
    expect(rows.map((r) => [r.value, r.requests])).toEqual([
      ['support > (local)', 7],
      ['support > (shadow)', 1],
      ['support > small', 5],
      ['onprem > local', 2],
      ['onprem > (local)', 6],
    ]);
    expect((await read.dimensionValues(0)).route).toEqual(['onprem > (local)', 'onprem > local', 'support > (local)', 'support > (shadow)', 'support > small']);
  });

  it('keeps an old name that is also a target of the route under that target (today’s name wins)', () => {
    // `named` has a target called gpt-4o-mini: "named > gpt-4o-mini" is that target, not small's model.
    expect(currentBranch(aliases, 'named > gpt-4o-mini')).toBe('named > gpt-4o-mini');
    expect(currentBranch(aliases, 'named > gpt-4.1-nano')).toBe('named > gpt-4o-mini');
  });
});
