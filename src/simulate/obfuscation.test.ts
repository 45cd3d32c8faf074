/**
 * OpenAI's stream obfuscation as the official SDK receives it: every chat chunk with a choice and
 * every Responses text, argument and summary delta carry random `obfuscation` padding by default,
 * and none when `stream_options.include_obfuscation` is false.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import { obfuscator } from './obfuscation.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let client: OpenAI;

simulatorPerFile((started) => {
  sim = started;
  client = openaiOn(sim);
});

const padding = (event: object): unknown => (event as { obfuscation?: unknown }).obfuscation;
const tools: OpenAI.Responses.FunctionTool[] = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'], additionalProperties: false }, strict: true }];

describe('stream obfuscation', () => {
  it('pads each delta to the next multiple of 16 characters with letters and digits', () => {
    const pad = obfuscator(1);
    expect(pad(1)).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(pad(16)).toHaveLength(16);
    expect(pad(20)).toHaveLength(12);
  });

  it('pads every chat chunk that carries a choice, not the usage chunk, unless include_obfuscation is false', async () => {
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } })) chunks.push(chunk);
    const usage = chunks.pop();
    expect(usage?.choices).toEqual([]);
    expect(padding(usage!)).toBeUndefined();
    for (const chunk of chunks) expect(padding(chunk)).toMatch(/^[A-Za-z0-9]{1,16}$/);

    const plain: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_obfuscation: false } })) plain.push(chunk);
    expect(plain.filter((chunk) => padding(chunk) !== undefined)).toEqual([]);
  });

  it('pads the Responses API’s text, argument and reasoning summary deltas and no other event', async () => {
    const types = new Map<string, boolean>();
    const stream = await client.responses.create({ model: 'gpt-5-mini', input: 'Look it up', reasoning: { effort: 'low', summary: 'auto' }, tools, tool_choice: 'required', stream: true });
    for await (const event of stream) types.set(event.type, (types.get(event.type) ?? false) || padding(event) !== undefined);
    const text = await client.responses.create({ model: 'gpt-5-mini', input: 'Hi', tools, tool_choice: 'none', stream: true });
    for await (const event of text) types.set(event.type, (types.get(event.type) ?? false) || padding(event) !== undefined);
    const padded = [...types].filter(([, has]) => has).map(([type]) => type).sort();
    expect(padded).toEqual(['response.function_call_arguments.delta', 'response.output_text.delta', 'response.reasoning_summary_text.delta']);

    const quiet = await client.responses.create({ model: 'gpt-5-mini', input: 'Hi', stream: true, stream_options: { include_obfuscation: false } });
    for await (const event of quiet) expect(padding(event)).toBeUndefined();
  });
});
