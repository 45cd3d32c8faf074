import { describe, expect, it } from 'vitest';
import type { ClientFormat } from '../../core/formats.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { Call } from '../call.js';
import { checkableRequest, isContentPart } from './checkable-request.js';
import { inputTexts } from './input-texts.js';

function callFor(format: ClientFormat, body: JsonObject): Call {
  return new Call({ endpoint: format === 'anthropic' ? 'messages' : format === 'responses' ? 'responses' : 'chat', format, bodyText: JSON.stringify(body), body, signal: new AbortController().signal });
}

describe('checkableRequest', () => {
  it('is the call’s own canonical request when everything translates', () => {
    const call = callFor('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    const { request, exact, skipped } = checkableRequest(call);
    expect(exact).toBe(true);
    expect(skipped).toEqual([]);
    expect(request).toBe(call.canonical);
  });

  it('Responses: leaves out built-in tools and files by id, keeps the text, and never sets the call’s canonical request', () => {
    const body = {
      model: 'm',
      tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }, { type: 'function', name: 'f', parameters: { type: 'object' } }],
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Summarise this file' }, { type: 'input_file', file_id: 'file-1' }] }],
    };
    const call = callFor('responses', body);
    const { request, exact, skipped } = checkableRequest(call);
    expect(exact).toBe(false);
    expect(skipped.map((e) => [e.param, isContentPart(e)])).toEqual([
      ['input[0].content[1].file_data', true],
      ['tools[0].type', false],
    ]);
    expect(inputTexts(request).userTurn).toBe('Summarise this file');
    expect(call.canonical).toBeUndefined();
    expect(call.body).toEqual(body);
  });

  it('rethrows what it cannot leave out', () => {
    const call = callFor('anthropic', { model: 'm', max_tokens: 5 });
    expect(() => checkableRequest(call)).toThrow();
  });
});
