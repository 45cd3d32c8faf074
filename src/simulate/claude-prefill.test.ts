/**
 * A conversation that ends on an assistant turn (a prefill), through the official SDK: Claude
 * 4.5 and earlier continue it, and the 4.6 generation on refuses it (Anthropic's migration guide,
 * "Prefill removal: Prefilling assistant messages returns a 400 error on Claude 4.6 models"). The
 * simulator answered every model, so a gateway that sends an OpenAI conversation ending on the
 * assistant to Claude Sonnet 4.6 was never shown the 400 Claude sends.
 */
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { anthropicOn, simulatorPerFile } from '../test-support/simulator-per-file.js';

let client: Anthropic;
simulatorPerFile((sim) => {
  client = anthropicOn(sim);
});

const prefilled: Anthropic.MessageParam[] = [
  { role: 'user', content: 'Give me the colour of the sky as JSON' },
  { role: 'assistant', content: '{"colour":' },
];

describe('an assistant prefill', () => {
  it.each(['claude-sonnet-4-6', 'claude-opus-4-6', 'claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-mythos-5', 'claude-fable-5'])('is refused by %s, in Claude\'s words', async (model) => {
    const error = await client.messages.create({ model, max_tokens: 100, messages: prefilled }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'This model does not support assistant message prefill. The conversation must end with a user message.' },
    });
  });

  it.each(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5', 'claude-3-7-sonnet-20250219', 'claude-standin'])('is continued by %s', async (model) => {
    expect((await client.messages.create({ model, max_tokens: 100, messages: prefilled })).stop_reason).toBe('end_turn');
  });

  it('is an assistant turn last, of any content: a tool call left unanswered is one too', async () => {
    const error = await client.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 100,
        tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
        messages: [prefilled[0] as Anthropic.MessageParam, { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'lookup', input: {} }] }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    // A conversation that ends on the user is answered.
    expect((await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: [prefilled[0] as Anthropic.MessageParam] })).stop_reason).toBe('end_turn');
  });
});
