/**
 * Tool names the real APIs refuse are refused by the simulator in their words, through the
 * official SDKs: an MCP tool's dotted or spaced name, or one too long for OpenAI.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicOn, openaiOn, simulatorPerFile } from '../test-support/simulator-per-file.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let openai: OpenAI;
let claude: Anthropic;

simulatorPerFile((started) => {
  sim = started;
  openai = openaiOn(sim);
  claude = anthropicOn(sim);
});

const chatTool = (name: string): OpenAI.ChatCompletionTool => ({ type: 'function', function: { name, parameters: { type: 'object', properties: {} } } });
const openAIError = (error: unknown) => (error as InstanceType<typeof OpenAI.BadRequestError>).error;

describe('tool names', () => {
  it('OpenAI chat completions refuses a name outside ^[a-zA-Z0-9_-]+$, and one over 64 characters', async () => {
    const dotted = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], tools: [chatTool('get_time'), chatTool('github.get_me')] }).catch((e: unknown) => e);
    expect(dotted).toBeInstanceOf(OpenAI.BadRequestError);
    expect(openAIError(dotted)).toEqual({
      message: "Invalid 'tools[1].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
      type: 'invalid_request_error',
      param: 'tools[1].function.name',
      code: 'invalid_value',
    });
    const long = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], tools: [chatTool('a'.repeat(65))] }).catch((e: unknown) => e);
    expect(openAIError(long)).toMatchObject({ message: "Invalid 'tools[0].function.name': string too long. Expected a string with maximum length 64, but got a string with length 65 instead.", code: 'string_above_max_length' });
    const fine = await openai.chat.completions.create({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }], tools: [chatTool('mcp__github-server__get_me'), chatTool('a'.repeat(64))] });
    expect(fine.choices[0]?.finish_reason).toBeDefined();
  });

  it('the Responses API refuses it at tools[i].name', async () => {
    const spaced = await openai.responses.create({ model: 'gpt-4.1-mini', input: 'hi', tools: [{ type: 'function', name: 'get weather', parameters: { type: 'object', properties: {} }, strict: false }] }).catch((e: unknown) => e);
    expect(openAIError(spaced)).toMatchObject({ param: 'tools[0].name', code: 'invalid_value' });
  });

  it('Anthropic refuses a custom tool’s name outside ^[a-zA-Z0-9_-]{1,128}$, not its own tools’ fixed names', async () => {
    const slashed = await claude.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'github/list_commits', input_schema: { type: 'object' } }] }).catch((e: unknown) => e);
    expect(slashed).toBeInstanceOf(Anthropic.BadRequestError);
    expect((slashed as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: "tools.0.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'" } });
    const fine = await claude.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], tools: [{ name: 'b'.repeat(128), input_schema: { type: 'object' } }, { type: 'bash_20250124', name: 'bash' }] });
    expect(fine.type).toBe('message');
  });

  it('Anthropic and Gemini refuse two tools of one name, in their words', async () => {
    const tool = { name: 'get_time', input_schema: { type: 'object' as const } };
    const twice = await claude.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }], tools: [tool, tool] }).catch((e: unknown) => e);
    expect((twice as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message: 'tools: Tool names must be unique.' } });
    const declaration = { name: 'get_time', parameters: { type: 'OBJECT', properties: { zone: { type: 'STRING' } } } };
    const gemini = await fetch(`${sim.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'AIza-x' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }], tools: [{ functionDeclarations: [declaration] }, { functionDeclarations: [declaration] }] }),
    });
    expect([gemini.status, ((await gemini.json()) as { error: { message: string; status: string } }).error]).toEqual([400, { code: 400, message: 'Duplicate function declaration found: get_time', status: 'INVALID_ARGUMENT' }]);
  });
});
