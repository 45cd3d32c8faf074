import { describe, expect, it } from 'vitest';
import type { RetrievedChunk } from '../../knowledge/types.js';
import { checkGroundedness } from './check-groundedness.js';
import { citationHeader, MAX_CITATION_HEADER_CHARS, withExtension } from './citation-output.js';
import { buildContextBlock } from './context-block.js';
import { injectContext } from './inject-context.js';
import { groundednessCheckSchema } from '../../config/knowledge-schema.js';

const chunk = (id: number, text: string, extra: Partial<RetrievedChunk> = {}): RetrievedChunk => ({
  docId: 'returns.md', chunkId: `returns.md#${id}`, score: 2.5 / id, text, title: 'Returns', headingPath: ['Returns', 'Refunds'], start: id * 100, end: id * 100 + text.length, metadata: {}, ...extra,
});

describe('context block', () => {
  it('numbers the chunks inside the template and cuts at the length bound', () => {
    const block = buildContextBlock([chunk(1, 'Refunds take 5 days.'), chunk(2, 'x'.repeat(50)), chunk(3, 'never shown')], 'Sources:\n{{context}}\nEnd.', 40);
    expect(block.text).toBe(`Sources:\n[1] Returns › Refunds\nRefunds take 5 days.\n\n[2] Returns › Refunds\n${'x'.repeat(20)} …\nEnd.`);
    expect(block.citations.map((c) => c.index)).toEqual([1, 2]);
    expect(block.citations[0]).toMatchObject({ doc_id: 'returns.md', chunk_id: 'returns.md#1', score: 2.5, start: 100, end: 120 });
    expect(buildContextBlock([chunk(1, 'costs $& and $1')], '{{context}}', 100).text).toContain('costs $& and $1');
    expect(buildContextBlock([], 'S: {{context}}', 100).text).toBe('S: (no source matched the question)');
  });

  it('holds a title and headings a base kept whole to 200 characters: the budget counts only source text', () => {
    const block = buildContextBlock([chunk(1, 'Refunds take 5 days.', { title: 'T'.repeat(20_000), headingPath: ['H'.repeat(5_000), 'Refunds'] })], '{{context}}', 100);
    expect(block.text).toBe(`[1] ${'T'.repeat(200)}… › ${'H'.repeat(200)}… › Refunds\nRefunds take 5 days.`);
    expect(block.citations[0]).toMatchObject({ title: `${'T'.repeat(200)}…`, heading_path: [`${'H'.repeat(200)}…`, 'Refunds'] });
  });
});

describe('injecting context per client format', () => {
  it('OpenAI: a system message after the leading system/developer ones; the original body untouched', () => {
    const body = { model: 'm', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hi' }] };
    const out = injectContext('openai', body, 'CTX');
    expect(out.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'system', content: 'CTX' }, { role: 'user', content: 'hi' }]);
    expect(body.messages).toHaveLength(2);
  });
  it('Anthropic: appended to a string or block system prompt, or set', () => {
    expect(injectContext('anthropic', { system: 'Be brief.' }, 'CTX').system).toBe('Be brief.\n\nCTX');
    expect(injectContext('anthropic', { system: [{ type: 'text', text: 'A' }] }, 'CTX').system).toEqual([{ type: 'text', text: 'A' }, { type: 'text', text: 'CTX' }]);
    expect(injectContext('anthropic', {}, 'CTX').system).toBe('CTX');
  });
  it('Responses: appended to the instructions, or set', () => {
    expect(injectContext('responses', { instructions: 'Be brief.' }, 'CTX').instructions).toBe('Be brief.\n\nCTX');
    expect(injectContext('responses', { input: 'hi' }, 'CTX').instructions).toBe('CTX');
  });
});

describe('citation output', () => {
  const citations = buildContextBlock([chunk(1, 'a'), chunk(2, 'b', { docId: 'ünïcode.md' })], '{{context}}', 1000).citations;
  it('adds the extension as the last field of the answer, bytes before it unchanged', () => {
    const body = '{"id":"x","choices":[]}';
    const out = withExtension(body, { knowledge_base: 'kb', version: 3, citations });
    expect(out.startsWith('{"id":"x","choices":[]')).toBe(true);
    expect(JSON.parse(out).switchyard).toMatchObject({ knowledge_base: 'kb', version: 3, citations: [{ index: 1 }, { index: 2 }] });
    expect(JSON.parse(withExtension('{}', { knowledge_base: 'kb', version: 1, citations: [] }))).toEqual({ switchyard: { knowledge_base: 'kb', version: 1, citations: [] } });
  });
  it('the header is ASCII JSON and bounded', () => {
    const header = citationHeader(citations);
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(header)[1].doc_id).toBe('ünïcode.md');
    const many = buildContextBlock(Array.from({ length: 50 }, (_, i) => chunk(i + 1, 'x', { docId: 'd'.repeat(100) })), '{{context}}', 10_000).citations;
    const bounded = citationHeader(many);
    expect(bounded.length).toBeLessThanOrEqual(MAX_CITATION_HEADER_CHARS);
    const parsed = JSON.parse(bounded) as { more?: number }[];
    expect(parsed.at(-1)?.more).toBe(50 - (parsed.length - 1));
  });
});

describe('groundedness check', () => {
  const settings = groundednessCheckSchema.parse({});
  const contexts = ['Refunds go back to the original payment method within 5 business days.'];
  it('ignores citation markers, passes supported answers and flags invented ones', async () => {
    expect(await checkGroundedness('Refunds go back to the original payment method within 5 business days [1].', contexts, settings, 'flag')).toMatchObject({ action: 'pass', by: 'lexical', score: 1 });
    const flagged = await checkGroundedness('Refunds take 30 days in Zurich [1].', contexts, settings, 'block');
    expect(flagged).toMatchObject({ action: 'block', pass: false });
    expect(flagged.unsupported[0]?.reason).toMatch(/30/);
  });
  it('asks the judge only when the lexical pass doubts, and lets it decide', async () => {
    const prompts: string[] = [];
    const judge = async (prompt: string) => (prompts.push(prompt), '{"sentences":[{"id":1,"supported":true}]}');
    expect((await checkGroundedness('Refunds go back within 5 business days.', contexts, settings, 'flag', judge)).by).toBe('lexical');
    expect(prompts).toHaveLength(0);
    const judged = await checkGroundedness('Money returns to your card in under a week.', contexts, settings, 'flag', judge);
    expect(judged).toMatchObject({ action: 'pass', by: 'judge', lexical: { pass: false } });
    expect(prompts).toHaveLength(1);
  });
});
