import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load-config.js';
import { answerSources } from './answer-source.js';

const config = (over: { baseUrl?: string; model?: string; apiKey?: string; price?: number; headers?: string } = {}) =>
  parseConfig(
    `
providers:
  a: { type: openai, base_url: ${over.baseUrl ?? 'http://127.0.0.1:9001/v1'}, api_key: ${over.apiKey ?? 'sk-one'}${over.headers ? `, headers: ${over.headers}` : ''} }
  b: { type: openai, base_url: http://127.0.0.1:9002/v1 }
models:
  small: { provider: a, model: ${over.model ?? 'gpt-small'}, price: { input_per_mtok: ${over.price ?? 1}, output_per_mtok: 2 } }
  other: { provider: b, model: gpt-small }
  both: { fallbacks: [{ provider: a, model: gpt-small }, { provider: b, model: gpt-small }] }
routes:
  triage: { policy: static, target: small }
`,
    'test',
  );

describe('answerSources', () => {
  it('gives every model and route a digest that is the same for the same config', () => {
    const sources = answerSources(config());
    expect([...sources.keys()].sort()).toEqual(['both', 'other', 'small', 'triage']);
    expect(sources.get('small')).toMatch(/^[0-9a-f]{64}$/);
    expect(answerSources(config())).toEqual(sources);
  });

  it('tells apart two names serving the same upstream model name from different providers', () => {
    const sources = answerSources(config());
    expect(sources.get('small')).not.toBe(sources.get('other'));
    expect(sources.get('both')).not.toBe(sources.get('small'));
  });

  it('changes when a name is pointed at another base URL, upstream model or header set, and with it every route that reaches the name', () => {
    const before = answerSources(config());
    for (const changed of [config({ baseUrl: 'http://127.0.0.1:9003/v1' }), config({ model: 'gpt-large' }), config({ headers: '{ api-version: "2026-01-01" }' })]) {
      const after = answerSources(changed);
      expect(after.get('small')).not.toBe(before.get('small'));
      expect(after.get('triage')).not.toBe(before.get('triage'));
      expect(after.get('other')).toBe(before.get('other'));
    }
  });

  it('stays the same when only the API key or a price changes (neither changes what the model says)', () => {
    const before = answerSources(config());
    const after = answerSources(config({ apiKey: 'sk-rotated', price: 5 }));
    expect(after).toEqual(before);
  });
});
