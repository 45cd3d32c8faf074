/**
 * Claude's document citations as the official SDK sees them: a document sent with
 * `citations: {enabled: true}` is cited by the answer (`char_location` for plain text,
 * `content_block_location` for custom content), whole and streamed; without it nothing is cited.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let claude: Anthropic;

simulatorPerFile((started) => {
  sim = started;
  claude = anthropicOn(sim);
});

const facts = 'The grass is green. The sky is blue.';
function ask(document: Anthropic.DocumentBlockParam): Anthropic.MessageCreateParamsNonStreaming {
  return { model: 'claude-sonnet-4-6', max_tokens: 256, messages: [{ role: 'user', content: [document, { type: 'text', text: 'What colour is the grass?' }] }] };
}
const textDocument: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: facts }, title: 'Facts', citations: { enabled: true } };

describe('Claude’s document citations', () => {
  it('cites a plain text document by characters, end exclusive', async () => {
    const message = await claude.messages.create(ask(textDocument));
    const text = message.content.find((block) => block.type === 'text');
    expect(text?.citations).toEqual([
      { type: 'char_location', cited_text: 'The grass is green.', document_index: 0, document_title: 'Facts', start_char_index: 0, end_char_index: 19, file_id: null },
    ]);
    expect(facts.slice(0, 19)).toBe('The grass is green.');
  });

  it('cites a custom-content document by its blocks, and counts documents across messages', async () => {
    const earlier: Anthropic.MessageParam[] = [
      { role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Not cited.' } }, { type: 'text', text: 'Read this.' }] },
      { role: 'assistant', content: 'Done.' },
    ];
    const custom: Anthropic.DocumentBlockParam = { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'Refunds take 5 days.' }, { type: 'text', text: 'Cards ship in a week.' }] }, citations: { enabled: true } };
    const request = ask(custom);
    const message = await claude.messages.create({ ...request, messages: [...earlier, ...request.messages] });
    const text = message.content.find((block) => block.type === 'text');
    expect(text?.citations).toEqual([
      { type: 'content_block_location', cited_text: 'Refunds take 5 days.', document_index: 1, document_title: null, start_block_index: 0, end_block_index: 1, file_id: null },
    ]);
  });

  it('streams the citation as a citations_delta before the text, into the same message', async () => {
    const stream = claude.messages.stream(ask(textDocument));
    const events: string[] = [];
    stream.on('streamEvent', (event) => {
      if (event.type === 'content_block_start' && event.content_block.type === 'text') events.push(`start citations=${JSON.stringify(event.content_block.citations)}`);
      if (event.type === 'content_block_delta') events.push(event.delta.type);
    });
    const streamed = await stream.finalMessage();
    const whole = await claude.messages.create(ask(textDocument));
    expect(streamed.content).toEqual(whole.content);
    expect(events.slice(0, 3)).toEqual(['start citations=[]', 'citations_delta', 'text_delta']);
  });

  it('cites nothing when the document does not enable citations', async () => {
    const { citations: _, ...plain } = textDocument;
    const message = await claude.messages.create(ask(plain));
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(message.content[0]).not.toHaveProperty('citations');
  });
});
