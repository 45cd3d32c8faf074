/**
 * Search results and documents as Claude takes them, through the official SDK: their fields as
 * the API types them, and only where Anthropic's guides put them (a user turn, a tool result).
 * The simulator answered every one of these, so a gateway forwarding such a block was never shown
 * the 400 Claude sends.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../test-support/pdf-document.js';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';

let client: Anthropic;
simulatorPerFile((sim) => {
  client = anthropicOn(sim);
});

const model = 'claude-sonnet-4-6';
const searchResult = (fields: Record<string, unknown> = {}) => ({ type: 'search_result', source: 'https://docs.test/sky', title: 'Sky', content: [{ type: 'text', text: 'The sky is blue.' }], ...fields });
const document = (fields: Record<string, unknown> = {}) => ({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' }, ...fields });
const question = { type: 'text', text: 'What colour is the sky?' };
const weather = { name: 'search_docs', description: 'Search the docs', input_schema: { type: 'object' as const, properties: { q: { type: 'string' } } } };

/** The 400's message for `messages`, or 'answered' when Claude would have answered. */
async function refusal(messages: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const outcome = await client.messages.create({ model, max_tokens: 100, messages, ...extra } as never).then(
    () => 'answered',
    (error: unknown) => error,
  );
  if (outcome === 'answered') return outcome;
  expect(outcome).toBeInstanceOf(Anthropic.BadRequestError);
  return ((outcome as InstanceType<typeof Anthropic.BadRequestError>).error as { error: { message: string } }).error.message;
}

const inUserTurn = (...blocks: unknown[]) => [{ role: 'user', content: [...blocks, question] }];
const inToolResult = (...blocks: unknown[]) => [
  { role: 'user', content: 'Search the docs for the sky' },
  { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'search_docs', input: { q: 'sky' } }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: blocks }] },
];

describe('a search result', () => {
  it('is answered in a user turn and in a tool result', async () => {
    expect(await refusal(inUserTurn(searchResult()))).toBe('answered');
    expect(await refusal(inToolResult(searchResult()), { tools: [weather] })).toBe('answered');
  });

  it('needs a string source and title and a list of text blocks, as the API types it', async () => {
    expect(await refusal(inUserTurn(searchResult({ title: undefined })))).toBe('messages.0.content.0.search_result.title: Field required');
    expect(await refusal(inUserTurn(searchResult({ source: 5 })))).toBe('messages.0.content.0.search_result.source: Input should be a valid string');
    expect(await refusal(inUserTurn(searchResult({ content: 'The sky is blue.' })))).toBe('messages.0.content.0.search_result.content: Input should be a valid list');
    expect(await refusal(inUserTurn(searchResult({ content: [] })))).toBe('messages.0.content.0.search_result.content: List should have at least 1 item after validation, not 0');
    const image = { type: 'image', source: { type: 'url', url: 'https://docs.test/sky.png' } };
    expect(await refusal(inUserTurn(searchResult({ content: [image] })))).toBe("messages.0.content.0.search_result.content.0.type: Input should be 'text'");
    expect(await refusal(inUserTurn(searchResult({ citations: { enabled: 'yes' } })))).toBe('messages.0.content.0.search_result.citations.enabled: Input should be a valid boolean');
    // Inside a tool result, at its path there.
    expect(await refusal(inToolResult(searchResult({ title: undefined })), { tools: [weather] })).toBe('messages.2.content.0.tool_result.content.0.search_result.title: Field required');
  });

  it('has citations enabled on every search result of the request or on none', async () => {
    const off = searchResult({ citations: { enabled: false } });
    const on = searchResult({ citations: { enabled: true } });
    expect(await refusal(inUserTurn(on, on))).toBe('answered');
    expect(await refusal(inUserTurn(searchResult(), off))).toBe('answered');
    expect(await refusal(inUserTurn(on, off))).toBe('messages.0.content.1: citations must be enabled on all search results of a request or on none');
  });
});

describe('a document', () => {
  it('needs a source, and a title and context that are strings', async () => {
    expect(await refusal(inUserTurn(document({ source: undefined })))).toBe('messages.0.content.0.document.source: Field required');
    expect(await refusal(inUserTurn(document({ title: 5 })))).toBe('messages.0.content.0.document.title: Input should be a valid string');
    expect(await refusal(inUserTurn(document({ context: { note: 'x' } })))).toBe('messages.0.content.0.document.context: Input should be a valid string');
    expect(await refusal(inUserTurn(document({ title: null, context: 'From the handbook' })))).toBe('answered');
  });

  it('is a PDF when its base64 data says so, in Claude\'s words when it is not', async () => {
    const pdf = (data: string) => document({ source: { type: 'base64', media_type: 'application/pdf', data } });
    expect(await refusal(inUserTurn(pdf(pdfDocument(['The sky is blue.']).toString('base64'))))).toBe('answered');
    // Claude Code users quote this one (its issue 5174).
    expect(await refusal(inUserTurn(pdf(Buffer.from('not a pdf').toString('base64'))))).toBe('messages.0.content.0.pdf.source.base64.data: The PDF specified was not valid.');
    expect(await refusal(inToolResult(pdf('x')), { tools: [weather] })).toBe('messages.2.content.0.tool_result.content.0.pdf.source.base64.data: The PDF specified was not valid.');
  });

  it('takes base64 for a PDF and a text source for text, refusing either other media type in Claude\'s words', async () => {
    const source = (fields: Record<string, unknown>) => document({ source: fields });
    const text = Buffer.from('The grass is green.').toString('base64');
    // A text file as base64: Claude takes base64 for application/pdf only (langchain#37575 quotes the 400).
    expect(await refusal(inUserTurn(source({ type: 'base64', media_type: 'text/plain', data: text })))).toBe("messages.0.content.0.document.source.base64.media_type: Input should be 'application/pdf'");
    expect(await refusal(inToolResult(source({ type: 'base64', media_type: 'text/csv', data: text })), { tools: [weather] })).toBe(
      "messages.2.content.0.tool_result.content.0.document.source.base64.media_type: Input should be 'application/pdf'",
    );
    expect(await refusal(inUserTurn(source({ type: 'text', media_type: 'text/markdown', data: 'The grass is green.' })))).toBe("messages.0.content.0.document.source.text.media_type: Input should be 'text/plain'");
    expect(await refusal(inUserTurn(source({ type: 'text', data: 'The grass is green.' })))).toBe('messages.0.content.0.document.source.text.media_type: Field required');
    // The same text as Claude takes it.
    expect(await refusal(inUserTurn(source({ type: 'text', media_type: 'text/plain', data: 'The grass is green.' })))).toBe('answered');
  });
});

describe('where they may stand', () => {
  it('is not an assistant turn: Claude writes none there', async () => {
    const echoed = (block: unknown) => [{ role: 'user', content: 'Look this up' }, { role: 'assistant', content: [block] }, { role: 'user', content: 'And the sky?' }];
    expect(await refusal(echoed(searchResult()))).toBe('messages.1.content.0: a search_result block belongs in a user message or a tool result, not in an assistant message');
    expect(await refusal(echoed(document()))).toBe('messages.1.content.0: a document block belongs in a user message or a tool result, not in an assistant message');
  });

  it('is not the system prompt, which holds text blocks only', async () => {
    expect(await refusal([{ role: 'user', content: 'Hi' }], { system: [{ type: 'text', text: 'Be brief.' }, searchResult()] })).toBe("system.1.type: Input should be 'text'");
    expect(await refusal([{ role: 'user', content: 'Hi' }], { system: [document()] })).toBe("system.0.type: Input should be 'text'");
  });
});
