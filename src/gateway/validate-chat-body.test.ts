import { describe, expect, it } from 'vitest';
import type { SwitchyardError } from '../core/errors.js';
import { validateChatBody, validateEmbeddingsBody, validateResponsesBody } from './validate-chat-body.js';

describe('validateChatBody', () => {
  it('accepts what routing needs and leaves the rest to the provider', () => {
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'hi' }], frobnicate: 1 })).not.toThrow();
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })).not.toThrow();
  });

  it("says where another API's text field goes when messages is missing", () => {
    // A newcomer's body copied from a completions, Responses or Gemini example: "messages is required" alone did not say why.
    expect(() => validateChatBody('openai', { model: 'm', prompt: 'Hello' })).toThrow(
      '"messages" is required: an array of messages ("prompt" is the legacy completions API\'s field: send messages: [{"role": "user", "content": …}]), got nothing',
    );
    expect(() => validateChatBody('openai', { model: 'm', input: 'Hello' })).toThrow('("input" is the Responses API\'s field: POST it to /v1/responses, or send messages here)');
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, contents: [] })).toThrow('("contents" is the Gemini API\'s field');
    // A messages field of the wrong type is named as such, whatever else the body holds.
    expect(() => validateChatBody('openai', { model: 'm', messages: 'hi', prompt: 'Hello' })).toThrow('invalid request: messages: expected array, got "hi"');
  });

  it('names the role a wrong one meant: a typo\'s nearest, or another API\'s word for it', () => {
    const chat = (role: unknown) => () => validateChatBody('openai', { model: 'm', messages: [{ role, content: 'x' }] });
    expect(chat('usr')).toThrow('messages[0].role must be one of system, developer, user, assistant, tool, function, got "usr" (did you mean "user"?)');
    expect(chat('Assistant')).toThrow('got "Assistant" (did you mean "assistant"?)');
    expect(chat('model')).toThrow('got "model" (did you mean "assistant"? "model" is the Gemini API\'s word for it)');
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, messages: [{ role: 'human', content: 'x' }] })).toThrow('(did you mean "user"? "human" is LangChain\'s word for it)');
    // Nothing near: no guess; a long role is cut, not echoed whole.
    expect(chat('narrator')).toThrow(/got "narrator"$/);
    expect(chat('x'.repeat(5000))).toThrow(/got "x{50,56}\.\.\.$/);
  });

  it('names the field, the value and what was expected', () => {
    expect(() => validateChatBody('openai', { messages: [] })).toThrow('"model" is required: a configured model name (a string), got nothing');
    expect(() => validateChatBody('openai', { model: 'm', messages: 'hi' })).toThrow('invalid request: messages: expected array, got "hi"');
    expect(() => validateChatBody('openai', { model: 'm' })).toThrow('"messages" is required: an array of messages, got nothing');
    expect(() => validateChatBody('openai', { model: 'm', messages: [] })).toThrow('"messages" must contain at least one message');
    expect(() => validateChatBody('anthropic', { model: 'm', max_tokens: 5, messages: [{ role: 'tool', content: 'x' }] })).toThrow(
      'messages[0].role must be one of user, assistant, system, got "tool"',
    );
    expect(() => validateChatBody('anthropic', { model: 'm', messages: [] })).toThrow('"max_tokens" is required: a positive integer, got nothing');
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 'yes' })).toThrow('"stream" must be a boolean, got "yes"');
  });

  it("holds an OpenAI client's temperature to OpenAI's 0–2 whatever model answers, in OpenAI's words (a Claude translation clamped 3 to 1)", () => {
    const chat = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    const refusal = (run: () => void) => {
      try {
        run();
      } catch (error) {
        const e = error as SwitchyardError;
        return { message: e.message, param: e.param, code: e.vendorCode };
      }
      return undefined;
    };
    expect(refusal(() => validateChatBody('openai', { ...chat, temperature: 3 }))).toEqual({
      message: "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
      param: 'temperature',
      code: 'decimal_above_max_value',
    });
    expect(refusal(() => validateResponsesBody({ model: 'm', input: 'x', temperature: 2.5 }))).toMatchObject({ code: 'decimal_above_max_value', param: 'temperature' });
    expect(refusal(() => validateResponsesBody({ model: 'm', input: 'x', temperature: -1 }))).toMatchObject({ code: 'decimal_below_min_value' });
    expect(refusal(() => validateChatBody('openai', { ...chat, temperature: 2 }))).toBeUndefined();
  });

  it('words every missing field one way: "is required", what it holds, what came', () => {
    const chat = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(() => validateChatBody('openai', { ...chat, tools: [{ type: 'function' }] })).toThrow(
      '"tools[0].function" is required: the function (an object with its name and parameters), got nothing',
    );
    expect(() => validateChatBody('openai', { ...chat, response_format: { type: 'json_schema' } })).toThrow(
      '"response_format.json_schema" is required: the schema and its name (an object), got nothing',
    );
    expect(() => validateChatBody('openai', { ...chat, response_format: { type: 'json_schema', json_schema: { schema: {} } } })).toThrow(
      '"response_format.json_schema.name" is required: a name for the schema (a string), got nothing',
    );
    expect(() => validateEmbeddingsBody({ model: 'e', input: null })).toThrow('"input" is required: a string or an array of strings or token ids, got null');
    expect(() => validateResponsesBody({ model: 'r' })).toThrow('"input" is required: a string or an array of input items (or continue a conversation with "previous_response_id"), got nothing');
    // Sent but of the wrong type, a field is not called required.
    expect(() => validateChatBody('openai', { ...chat, response_format: { type: 'json_schema', json_schema: 'x' } })).toThrow(
      'invalid request: response_format.json_schema: expected object, got "x"',
    );
  });
});

describe('OpenAI’s codes for the mistakes the gateway finds first', () => {
  const refusal = (check: () => void) => {
    try {
      check();
    } catch (error) {
      return error as SwitchyardError;
    }
    throw new Error('accepted');
  };
  const chat = { model: 'm', messages: [{ role: 'user', content: 'x' }] };

  it('gives each refusal the param and the code OpenAI’s API gives the same mistake', () => {
    // OpenAI: "Missing required parameter: 'messages'." param messages, code missing_required_parameter
    expect(refusal(() => validateChatBody('openai', { model: 'm' }))).toMatchObject({ status: 400, param: 'messages', vendorCode: 'missing_required_parameter' });
    expect(refusal(() => validateChatBody('openai', { messages: [] }))).toMatchObject({ param: 'model', vendorCode: 'missing_required_parameter' });
    // OpenAI: "Invalid type for 'messages': …" code invalid_type
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: 'hi' }))).toMatchObject({ param: 'messages', vendorCode: 'invalid_type' });
    // OpenAI: "Invalid 'messages': empty array. …" code empty_array
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [] }))).toMatchObject({ param: 'messages', vendorCode: 'empty_array' });
    // OpenAI: "Invalid 'tools': empty array. …" code empty_array, before tool_choice's own refusal
    expect(refusal(() => validateChatBody('openai', { ...chat, tools: [], tool_choice: 'auto' }))).toMatchObject({ param: 'tools', vendorCode: 'empty_array' });
    expect(() => validateChatBody('anthropic', { ...chat, max_tokens: 5, tools: [] })).not.toThrow();
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'wizard', content: 'x' }] }))).toMatchObject({ param: 'messages[0].role', vendorCode: 'invalid_value' });
    expect(refusal(() => validateChatBody('openai', { ...chat, stream: 'yes' }))).toMatchObject({ param: 'stream', vendorCode: 'invalid_type' });
    expect(refusal(() => validateEmbeddingsBody({ model: 'e' }))).toMatchObject({ param: 'input', vendorCode: 'missing_required_parameter' });
    expect(refusal(() => validateResponsesBody({ model: 'm' }))).toMatchObject({ param: 'input', vendorCode: 'missing_required_parameter' });
  });

  it('words a typed field’s problem as OpenAI does: integer_ or decimal_ as the field is, arrays and enums by kind', () => {
    // OpenAI: "Invalid type for 'max_tokens': expected an integer, but got a decimal number instead." code invalid_type
    expect(refusal(() => validateChatBody('openai', { ...chat, max_tokens: 1.5 }))).toMatchObject({ param: 'max_tokens', vendorCode: 'invalid_type' });
    expect(refusal(() => validateChatBody('openai', { ...chat, temperature: 'hot' }))).toMatchObject({ param: 'temperature', vendorCode: 'invalid_type' });
    expect(refusal(() => validateChatBody('openai', { ...chat, max_tokens: -1 }))).toMatchObject({ param: 'max_tokens', vendorCode: 'integer_below_min_value' });
    expect(refusal(() => validateChatBody('openai', { ...chat, temperature: -1 }))).toMatchObject({ param: 'temperature', vendorCode: 'decimal_below_min_value' });
    expect(refusal(() => validateResponsesBody({ model: 'm', input: 'x', top_p: 3 }))).toMatchObject({ param: 'top_p', vendorCode: 'decimal_above_max_value' });
    expect(refusal(() => validateChatBody('openai', { ...chat, response_format: { type: 'yaml' } }))).toMatchObject({ param: 'response_format.type', vendorCode: 'invalid_value' });
    // A type none of the union's shapes has: OpenAI's "Invalid type for 'input': expected one of a string or array of input items, but got number instead."
    expect(refusal(() => validateChatBody('openai', { ...chat, stop: 5 }))).toMatchObject({ param: 'stop', vendorCode: 'invalid_type' });
    expect(refusal(() => validateResponsesBody({ model: 'm', input: 5 }))).toMatchObject({ param: 'input', vendorCode: 'invalid_type' });
    // A right type with a wrong part inside: no code OpenAI has for it, the gateway's own stays.
    expect(refusal(() => validateChatBody('openai', { ...chat, stop: [5] })).vendorCode).toBeUndefined();
  });
});

describe('typed fields', () => {
  it('refuses mistyped sampling fields at the gateway, naming the field', () => {
    const base = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    expect(() => validateChatBody('openai', { ...base, temperature: 'hot' })).toThrow('temperature: expected number, got "hot"');
    expect(() => validateChatBody('openai', { ...base, messages: [{ role: 'user', content: 5 }] })).toThrow(/messages\[0\]\.content/);
    expect(() => validateChatBody('anthropic', { ...base, max_tokens: 5, messages: [{ role: 'user', content: [{ text: 'no type' }] }] })).toThrow(/messages\[0\]\.content\[0\]\.type/);
    expect(() => validateChatBody('anthropic', { ...base, max_tokens: 5, tool_choice: { type: 'sometimes' } })).toThrow(/tool_choice\.type/);
  });

  it('refuses a wrong value in every typed field of each format, checked field by field as by the whole schema', () => {
    const chat = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    const wrongChat: Record<string, unknown> = {
      stream_options: 'yes', temperature: -1, top_p: 2, n: 0, stop: 5, max_tokens: 1.5, max_completion_tokens: -1, presence_penalty: 'x',
      frequency_penalty: 'x', logit_bias: { a: 'b' }, logprobs: 'x', top_logprobs: -1, seed: 0.5, user: 1, tools: [{}], tool_choice: 'sometimes',
      parallel_tool_calls: 'x', response_format: { type: 'yaml' }, metadata: [1],
    };
    for (const [field, value] of Object.entries(wrongChat)) {
      expect(() => validateChatBody('openai', { ...chat, [field]: value }), field).toThrow(new RegExp(`^invalid request: ${field}`));
      // Valid fields around it change nothing.
      expect(() => validateChatBody('openai', { temperature: 0.5, ...chat, [field]: value, seed: field === 'seed' ? value : 1 }), field).toThrow(new RegExp(field));
    }
    const anthropic = { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] };
    for (const [field, value] of Object.entries({ system: 5, temperature: -1, top_p: 2, top_k: -1, stop_sequences: 'x', tools: [{}], metadata: { user_id: 5 }, thinking: {} })) {
      expect(() => validateChatBody('anthropic', { ...anthropic, [field]: value }), field).toThrow(new RegExp(`^invalid request: ${field}`));
    }
    expect(() => validateChatBody('anthropic', { ...anthropic, max_tokens: 2.5 })).toThrow(/^invalid request: max_tokens/);
    expect(() => validateEmbeddingsBody({ model: 'e', input: 'x', dimensions: 0 })).toThrow(/^invalid request: dimensions/);
    expect(() => validateResponsesBody({ model: 'm', input: 'x', top_p: 3 })).toThrow(/^invalid request: top_p/);
  });

  it('checks the fields of the content blocks it translates, and passes block types it does not know', () => {
    const anthropic = (content: unknown[], role = 'user') => ({ model: 'm', max_tokens: 5, messages: [{ role, content }] });
    const openai = (content: unknown[]) => ({ model: 'm', messages: [{ role: 'user', content }] });
    expect(() => validateChatBody('anthropic', anthropic([{ type: 'text', text: 5 }]))).toThrow('invalid request: messages[0].content[0].text: expected string, got 5');
    expect(() => validateChatBody('openai', openai([{ type: 'text', text: 'a' }, { type: 'text', text: 5 }]))).toThrow('invalid request: messages[0].content[1].text: expected string, got 5');
    expect(() => validateChatBody('openai', openai([{ type: 'image_url', image_url: 'x' }]))).toThrow('messages[0].content[0].image_url: expected object, got "x"');
    expect(() => validateChatBody('anthropic', anthropic([{ type: 'tool_use', id: 't', name: 'n', input: 'x' }], 'assistant'))).toThrow('messages[0].content[0].input: expected object, got "x"');
    expect(() => validateChatBody('anthropic', anthropic([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: null }] }]))).toThrow(
      'messages[0].content[0].content[0].text: expected string, got null',
    );
    // New block types, and names that are also Object.prototype's, are the provider's to judge (search_result is translated now, so typed).
    expect(() => validateChatBody('anthropic', anthropic([{ type: 'future_block', x: 1 }, { type: 'constructor' }, { type: 'tool_result', tool_use_id: 't', content: 'ok' }]))).not.toThrow();
    expect(() => validateChatBody('openai', openai([{ type: 'image_url', image_url: { url: 'https://x', detail: 'low' } }, { type: 'future_part', y: 2 }]))).not.toThrow();
  });

  it('still passes unknown fields through', () => {
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], reasoning_effort: 'low', some_future_field: { a: 1 } })).not.toThrow();
  });
});

describe('what each refusal names', () => {
  const refusal = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return { message: (error as Error).message, param: (error as { param?: string }).param, code: (error as { code?: string }).code, status: (error as { status?: number }).status };
    }
    throw new Error('accepted');
  };

  it('describes the wrong value it got, and names the field as param', () => {
    expect(refusal(() => validateChatBody('openai', { model: ['m'], messages: [] }))).toEqual({ message: 'invalid request: model: expected string (a configured model name), got ["m"]', param: 'model', code: 'invalid_request', status: 400 });
    expect(refusal(() => validateChatBody('openai', { model: '', messages: [] })).message).toBe('"model" is required: a configured model name (a string), got ""');
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: null })).message).toBe('invalid request: messages: expected array, got null');
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }, 'hi'] }))).toMatchObject({ message: 'messages[1] must be an object with "role" and "content", got string', param: 'messages[1]' });
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [[]] })).message).toContain('got an array');
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [null] })).message).toContain('got null');
    expect(refusal(() => validateChatBody('openai', { model: 'm', messages: [{ content: 'x' }] }))).toMatchObject({
      message: 'messages[0].role must be one of system, developer, user, assistant, tool, function, got nothing',
      param: 'messages[0].role',
    });
    expect(refusal(() => validateChatBody('anthropic', { model: 'm', max_tokens: 0, messages: [{ role: 'user', content: 'x' }] }))).toMatchObject({ message: 'invalid request: max_tokens: expected a positive integer, got 0', param: 'max_tokens' });
    // Claude refuses an empty conversation whatever the model: in its words, not OpenAI's or Gemini's.
    expect(refusal(() => validateChatBody('anthropic', { model: 'm', max_tokens: 1, messages: [] }))).toMatchObject({ message: 'messages: at least one message is required', param: 'messages' });
    // OpenAI refuses a token bound below 1 too: named here, not after a round trip.
    for (const field of ['max_tokens', 'max_completion_tokens']) {
      expect(refusal(() => validateChatBody('openai', { model: 'm', [field]: -5, messages: [{ role: 'user', content: 'x' }] })).message).toMatch(new RegExp(`${field}: must be more than 0 \\(got -5\\)`));
      expect(() => validateChatBody('openai', { model: 'm', [field]: 1, messages: [{ role: 'user', content: 'x' }] })).not.toThrow();
    }
    expect(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'developer', content: 'x' }], stream: false })).not.toThrow();
  });

  it('lists at most three schema problems and counts the rest', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'a', top_p: 'b', n: 'c', presence_penalty: 'd', frequency_penalty: 'e' };
    const { message, param } = refusal(() => validateChatBody('openai', body));
    expect(message).toMatch(/^invalid request: [^;]+; [^;]+; [^;]+ \(and 2 more\)$/);
    expect(param).toBe('temperature');
  });
});

describe('validateEmbeddingsBody and validateResponsesBody', () => {
  it('need a model and an input', () => {
    expect(() => validateEmbeddingsBody({ model: 'e', input: 'hi' })).not.toThrow();
    expect(() => validateEmbeddingsBody({ input: 'hi' })).toThrow('"model" is required: a configured model name (a string), got nothing');
    for (const input of [undefined, null]) expect(() => validateEmbeddingsBody({ model: 'e', input })).toThrow('"input" is required: a string or an array of strings or token ids');
    expect(() => validateEmbeddingsBody({ model: 'e', input: '' })).toThrow('"input" must not be empty: a non-empty string or an array of strings or token ids, got ""');
    expect(() => validateEmbeddingsBody({ model: 'e', input: [] })).toThrow('"input" must not be empty: a non-empty string or an array of strings or token ids, got []');
    expect(() => validateResponsesBody({ model: 'r', input: 'hi' })).not.toThrow();
    expect(() => validateResponsesBody({ model: 'r', previous_response_id: 'resp_1' })).not.toThrow();
    expect(() => validateResponsesBody({ model: 'r', prompt: { id: 'p' } })).not.toThrow();
    expect(() => validateResponsesBody({ input: 'hi' })).toThrow('"model" is required');
    expect(() => validateResponsesBody({ model: 'r' })).toThrow('"input" is required: a string or an array of input items');
  });

  it('refuse what needs state the gateway does not keep, as unsupported', () => {
    expect(() => validateResponsesBody({ model: 'r', input: 'hi', background: true })).toThrow('"background": true is not supported');
    expect(() => validateResponsesBody({ model: 'r', input: 'hi', background: false })).not.toThrow();
    expect(() => validateResponsesBody({ model: 'r', input: 'hi', conversation: 'conv_1' })).toThrow('"conversation" (the Conversations API) is not supported');
    expect(() => validateResponsesBody({ model: 'r', input: 'hi', conversation: null })).not.toThrow();
  });
});

describe('params and codes of refusals', () => {
  const caught = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      const e = error as { param?: string; code?: string; message: string };
      return { param: e.param, code: e.code, message: e.message };
    }
    throw new Error('accepted');
  };

  it('names the field that is wrong as param', () => {
    expect(caught(() => validateChatBody('openai', { model: 'm', messages: 'x' })).param).toBe('messages');
    expect(caught(() => validateChatBody('openai', { model: 'm', messages: [] })).param).toBe('messages');
    expect(caught(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: 1 })).param).toBe('stream');
    expect(caught(() => validateEmbeddingsBody({ model: 3, input: 'x' })).param).toBe('model');
    expect(caught(() => validateEmbeddingsBody({ model: '', input: 'x' }))).toMatchObject({ param: 'model', message: '"model" is required: a configured model name (a string), got ""' });
    expect(caught(() => validateEmbeddingsBody({ model: 3, input: 'x' }))).toMatchObject({ param: 'model', message: 'invalid request: model: expected string (a configured model name), got 3' });
    expect(caught(() => validateResponsesBody({ model: true, input: 'x' }))).toMatchObject({ param: 'model', message: 'invalid request: model: expected string (a configured model name), got true' });
    expect(caught(() => validateEmbeddingsBody({ model: 'e' })).param).toBe('input');
    expect(caught(() => validateResponsesBody({ model: '', input: 'x' }))).toMatchObject({ param: 'model', message: expect.stringContaining('"model" is required') });
    expect(caught(() => validateResponsesBody({ model: 'r' })).param).toBe('input');
  });

  it('refuses state the gateway does not keep as unsupported, naming the field', () => {
    expect(caught(() => validateResponsesBody({ model: 'r', input: 'x', background: true }))).toMatchObject({ code: 'unsupported', param: 'background' });
    expect(caught(() => validateResponsesBody({ model: 'r', input: 'x', conversation: 'c' }))).toMatchObject({ code: 'unsupported', param: 'conversation' });
  });

  it('lists exactly three problems without a count', () => {
    const { message } = caught(() => validateChatBody('openai', { model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 'a', top_p: 'b', n: 'c' }));
    expect(message).toMatch(/^invalid request: [^;]+; [^;]+; [^;(]+$/);
  });
});

describe('plain messages', () => {
  it('gives the schema answer for plain text messages and for every other shape beside them', async () => {
    const { openaiChatRequestSchema, anthropicMessagesRequestSchema } = await import('../core/wire-schemas.js');
    const shapes: unknown[] = [
      { role: 'user', content: 'hi' },
      { role: 'tool', content: 'result', tool_call_id: 'c1' },
      { role: 'assistant', content: null },
      { role: 'user', content: 'hi', name: 5 },
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      { role: 'user', content: [{ text: 'no type' }] },
      { role: 'user' },
      { role: 'user', content: 7 },
      { content: 'no role' },
      JSON.parse('{"role":"user","content":"hi","__proto__":{"x":1}}'),
    ];
    for (const [format, schema, extra] of [
      ['openai', openaiChatRequestSchema, {}],
      ['anthropic', anthropicMessagesRequestSchema, { max_tokens: 5 }],
    ] as const) {
      for (const first of [{ role: 'user', content: 'plain' }, ...shapes]) {
        for (const second of shapes) {
          const body = { model: 'm', ...extra, messages: [first, second] };
          const schemaSays = schema.safeParse(body).success;
          let gatewaySays = true;
          try {
            validateChatBody(format, body);
          } catch {
            gatewaySays = false;
          }
          // The gateway's own role check may refuse more; it never accepts what the schema refuses.
          if (schemaSays === false) expect(gatewaySays, `${format} ${JSON.stringify(body)}`).toBe(false);
          else {
            const rolesOk = [first, second].every((m) => typeof (m as { role?: unknown }).role === 'string');
            if (rolesOk) expect(gatewaySays, `${format} ${JSON.stringify(body)}`).toBe(true);
          }
        }
      }
    }
  });
});
