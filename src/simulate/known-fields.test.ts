/**
 * Fields an API does not know are refused as the real API refuses them, as the official SDKs
 * see it; every field those SDKs' request types name is accepted.
 */
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicOn, openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let openai: OpenAI;
let anthropic: Anthropic;

simulatorPerFile((started) => {
  sim = started;
  openai = openaiOn(sim);
  anthropic = anthropicOn(sim);
});

// Sent the way the SDKs send fields their types do not have: spread into the body.
const unknown = (field: Record<string, unknown>) => field as object;
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);
const hi = [{ role: 'user' as const, content: 'Hi' }];

describe('unknown request fields', () => {
  it('Chat Completions: 400 "Unrecognized request argument supplied" naming the field, param and code null', async () => {
    const error = await failure(openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, ...unknown({ top_k: 5 }) }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ message: 'Unrecognized request argument supplied: top_k', type: 'invalid_request_error', param: null, code: null });
    // A gateway's translation marker is as unknown to OpenAI as any other field.
    const marker = await failure(openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: hi, ...unknown({ include_reasoning: true }) }));
    expect((marker as Error).message).toContain('Unrecognized request argument supplied: include_reasoning');
  });

  it('Chat Completions: takes every current field the SDK types name', async () => {
    const answer = await openai.chat.completions.create({
      model: 'gpt-5.4-mini',
      messages: hi,
      reasoning_effort: 'low',
      verbosity: 'low',
      service_tier: 'auto',
      store: false,
      metadata: { team: 'a' },
      prompt_cache_key: 'k1',
      safety_identifier: 'u-hash',
      seed: 1,
      // Only with tools: OpenAI refuses it alone ("only allowed when 'tools' are specified").
      parallel_tool_calls: true,
      tools: [{ type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } }],
      modalities: ['text'],
      user: 'u-1',
    });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });

  it('Embeddings: 400 "Unrecognized request argument supplied" as Chat Completions words it; the SDK\'s own fields pass', async () => {
    const error = await failure(openai.embeddings.create({ model: 'standin-embed', input: 'Hi', ...unknown({ truncate: 'END' }) }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ message: 'Unrecognized request argument supplied: truncate', type: 'invalid_request_error', param: null, code: null });
    const ok = await openai.embeddings.create({ model: 'standin-embed', input: ['Hi', 'there'], dimensions: 8, encoding_format: 'float', user: 'u-1' });
    expect(ok.data.map((d) => d.embedding.length)).toEqual([8, 8]);
  });

  it('Responses: 400 "Unknown parameter" with param and code unknown_parameter', async () => {
    const error = await failure(openai.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', ...unknown({ messages: hi }) }));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).error).toEqual({ message: "Unknown parameter: 'messages'.", type: 'invalid_request_error', param: 'messages', code: 'unknown_parameter' });
    const ok = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', truncation: 'auto', store: false, metadata: { a: 'b' }, prompt_cache_key: 'k1', safety_identifier: 'u' });
    expect(ok.output_text).toBeTruthy();
    // The Codex CLI sends client_metadata, untyped in the SDKs, on every request to OpenAI.
    const codex = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'Hi', ...unknown({ client_metadata: { session_id: 's1' } }) });
    expect(codex.output_text).toBeTruthy();
  });

  it('Responses: takes the fields openai 7.60 added (access_programs, background_options, image), echoes the program, counts cache writes', async () => {
    // The project's SDK (6.49) does not type them: sent as openai 7.60 sends them, spread into the body.
    const fresh = unknown({ access_programs: { cyber: 'standard' }, background_options: { completion_window: 'soonest' }, image: { context_compression: 'auto' }, max_tool_calls: 2 });
    const ok = await openai.responses.create({ model: 'gpt-5.4-mini', input: 'Hi', ...fresh });
    expect(ok.output_text).toBeTruthy();
    expect(ok as unknown).toMatchObject({ access_programs: { cyber: 'standard' }, max_tool_calls: 2 });
    expect(ok.usage?.input_tokens_details).toEqual({ cached_tokens: 0, cache_write_tokens: 0 });
    // Left to the API, the program is null (the Standard fallback), as OpenAI writes it.
    const plain = await openai.responses.create({ model: 'gpt-5.4-mini', input: 'Hi' });
    expect((plain as unknown as { access_programs: unknown }).access_programs).toBeNull();
  });

  it('Messages: "field: Extra inputs are not permitted", and count_tokens refuses what only a generation takes', async () => {
    const error = await failure(anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 32, messages: hi, ...unknown({ reasoning_effort: 'low' }) }));
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'reasoning_effort: Extra inputs are not permitted' } });
    const ok = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 32,
      messages: hi,
      metadata: { user_id: 'u-1' },
      service_tier: 'auto',
      stop_sequences: ['END'],
      // temperature is an API field the 1.14 SDK's types leave out; container a beta one.
      ...unknown({ temperature: 0.5, container: 'container_1', context_management: { edits: [] } }),
    });
    expect(ok.content[0]?.type).toBe('text');
    const count = await failure(anthropic.messages.countTokens({ model: 'claude-sonnet-4-5', messages: hi, ...unknown({ max_tokens: 32 }) }));
    expect((count as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { message: 'max_tokens: Extra inputs are not permitted' } });
    expect((await anthropic.messages.countTokens({ model: 'claude-sonnet-4-5', messages: hi, system: 'Be brief.' })).input_tokens).toBeGreaterThan(0);
  });

  it('Messages: takes safeguards, as @ai-sdk/anthropic 4 sends them (recorded request)', async () => {
    const recorded = JSON.parse(readFileSync(new URL('./__fixtures__/ai-sdk7-safeguards-request.json', import.meta.url), 'utf8')) as { path: string; headers: Record<string, string>; body: { safeguards: unknown } };
    expect(recorded.body.safeguards).toEqual([{ type: 'dangerous_tool_use' }]);
    const response = await fetch(`${sim.url}${recorded.path}`, { method: 'POST', headers: recorded.headers, body: JSON.stringify(recorded.body) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { content: Array<{ type: string }> }).content.some((block) => block.type === 'tool_use')).toBe(true);
  });
});
