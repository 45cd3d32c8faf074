import { describe, expect, it } from 'vitest';
import { parseConfig } from './load-config.js';
import { DEFAULT_KNOWLEDGE_TEMPLATE } from './knowledge-schema.js';

const config = (knowledge: string) => `
providers: { sim: { type: openai, base_url: http://127.0.0.1:9/v1 } }
models: { small: { provider: sim, model: s }, embed: { provider: sim, model: e } }
routes:
  support: { policy: static, target: small, options: { knowledge: ${knowledge} } }
`;

describe('a route\'s knowledge option', () => {
  it('takes a bare knowledge base name, with defaults', () => {
    const knowledge = parseConfig(config('handbook'), 'test').routes.support?.options.knowledge;
    expect(knowledge).toMatchObject({ base: 'handbook', k: 4, mode: 'bm25', template: DEFAULT_KNOWLEDGE_TEMPLATE, groundedness: { check: 'flag', threshold: 0.6, min_supported: 1 } });
  });
  it('names the field, the value and what was expected', () => {
    expect(() => parseConfig(config('{ base: handbook, mode: hybrid }'), 'test')).toThrow(/routes\.support\.options\.knowledge\.embed_model: mode "hybrid" needs "embed_model"/);
    expect(() => parseConfig(config('{ base: handbook, template: "no slot" }'), 'test')).toThrow(/template: the template must contain \{\{context\}\}/);
    expect(() => parseConfig(config('{ base: handbook, mode: dense, embed_model: embedz }'), 'test')).toThrow(/routes\.support\.options\.knowledge\.embed_model: unknown model "embedz" \(models: embed, small\)/);
    expect(() => parseConfig(config('{ base: handbook, groundedness: { judge: nobody } }'), 'test')).toThrow(/options\.knowledge\.groundedness\.judge: unknown target "nobody"/);
    expect(() => parseConfig(config('"bad name!"'), 'test')).toThrow(/knowledge\.base/);
  });
});

describe('where knowledge bases live', () => {
  it('beside the gateway\'s SQLite file', async () => {
    const { knowledgeFileFor, DEFAULT_KNOWLEDGE_PATH } = await import('./default-store.js');
    expect(knowledgeFileFor('.switchyard/switchyard.db')).toBe('.switchyard/knowledge.db');
    expect(knowledgeFileFor('/tmp/x/gw.sqlite')).toBe('/tmp/x/knowledge.db');
    expect(knowledgeFileFor('gw.db')).toBe('knowledge.db');
    expect(knowledgeFileFor(':memory:')).toBe(':memory:');
    expect(DEFAULT_KNOWLEDGE_PATH).toBe('.switchyard/knowledge.db');
  });
});
