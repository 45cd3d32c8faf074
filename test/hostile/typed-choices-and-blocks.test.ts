import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * A tool choice and the content blocks a translation reads (Anthropic documents and search
 * results), typed as each API types them: a missing or mistyped field is a 400 naming it on every
 * backend, never a 500 in the middle of a translation, the word "undefined" sent as a document's
 * text, or a title dropped without a word.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  claude: { provider: anth, model: claude-sonnet-4-6 }
  small: { provider: oai, model: gpt-5.4-mini }
  flash: { provider: gem, model: gemini-2.5-flash }
keys:
  - { key: sk-sy-test, name: compat }`);
});
afterAll(() => h.close());

async function post(path: string, body: unknown): Promise<{ status: number; message: string; param: string | null | undefined }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { message: string; param?: string | null } };
  return { status: res.status, message: json.error?.message ?? '', param: json.error?.param };
}

const MODELS = ['claude', 'small', 'flash'] as const;
const hi = [{ role: 'user', content: 'hi' }];

describe('chat tool_choice, typed by its type', () => {
  const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }];
  it.each([
    ['a function choice without its function', { type: 'function' }, 'tool_choice.function', /tool_choice\.function: expected object, got nothing/],
    ['a function choice whose name is a number', { type: 'function', function: { name: 5 } }, 'tool_choice.function.name', /tool_choice\.function\.name: expected string, got 5/],
    ['allowed_tools of an unknown mode', { type: 'allowed_tools', allowed_tools: { mode: 'maybe', tools: [{ type: 'function', function: { name: 'f' } }] } }, 'tool_choice.allowed_tools.mode', /tool_choice\.allowed_tools\.mode: "maybe" is not one of "auto", "required"/],
  ])('%s: 400 naming the field on every vendor (was a 500 on Claude)', async (_, choice, param, message) => {
    for (const model of MODELS) {
      const res = await post('/v1/chat/completions', { model, messages: hi, max_tokens: 20, tools, tool_choice: choice });
      expect({ model, status: res.status, param: res.param }).toEqual({ model, status: 400, param });
      expect(res.message).toMatch(message);
    }
  });
});

describe('Responses tool_choice, typed by its type', () => {
  const tools = [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }];
  it.each([
    ['a function choice without a name', { type: 'function' }, 'tool_choice.name', /tool_choice\.name: expected string, got nothing/],
    ['allowed_tools of an unknown mode', { type: 'allowed_tools', mode: 'maybe', tools: [{ type: 'function', name: 'f' }] }, 'tool_choice.mode', /tool_choice\.mode: "maybe" is not one of "auto", "required"/],
    ['allowed_tools whose tools are a string', { type: 'allowed_tools', mode: 'auto', tools: 'f' }, 'tool_choice.tools', /tool_choice\.tools: expected array, got "f"/],
  ])('%s: 400 naming the field (not "a built-in tool")', async (_, choice, param, message) => {
    for (const model of MODELS) {
      const res = await post('/v1/responses', { model, input: 'hi', max_output_tokens: 20, tools, tool_choice: choice });
      expect({ model, status: res.status, param: res.param }).toEqual({ model, status: 400, param });
      expect(res.message).toMatch(message);
    }
  });
});

describe('Responses allowed_tools on a translated model', () => {
  const tools = [{ type: 'function', name: 'f', parameters: { type: 'object', properties: {} } }, { type: 'function', name: 'g', parameters: { type: 'object', properties: {} } }];
  it('naming a function no tool declares is a 400 naming the entry (was 200 without tools on Claude and Gemini, a 400 about tool_choice without tools on GPT)', async () => {
    for (const model of MODELS) {
      const res = await post('/v1/responses', { model, input: 'hi', max_output_tokens: 20, tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'f' }, { type: 'function', name: 'zz' }] } });
      expect({ model, status: res.status, param: res.param }).toEqual({ model, status: 400, param: 'tool_choice.tools[1]' });
      expect(res.message).toBe('tool_choice.tools[1] must name a function in tools (f, g), got {"type":"function","name":"zz"}');
    }
  });

  it('an empty set in mode auto leaves no tool to call, and the call is answered; in mode required it is a 400', async () => {
    for (const model of MODELS) {
      const auto = await post('/v1/responses', { model, input: 'hi', max_output_tokens: 20, tools, tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [] } });
      expect({ model, status: auto.status, message: auto.message }).toEqual({ model, status: 200, message: '' });
      const required = await post('/v1/responses', { model, input: 'hi', max_output_tokens: 20, tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [] } });
      expect({ model, status: required.status, param: required.param }).toEqual({ model, status: 400, param: 'tool_choice.tools' });
    }
  });
});

describe('Anthropic Messages: tool_choice and the blocks a translation reads', () => {
  const tools = [{ name: 'f', input_schema: { type: 'object' } }];
  const searchResult = { type: 'search_result', source: 'https://example.com/a', title: 'A', content: [{ type: 'text', text: 'fact' }] };
  it.each([
    ['a tool choice of type tool without a name', { tools, tool_choice: { type: 'tool' } }, /tool_choice\.name: expected string, got nothing/],
    ['a text document without its data', { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain' } }] }] }, /messages\[0\]\.content\[0\]\.source\.data: expected string, got nothing/],
    ['a document titled by a number', { messages: [{ role: 'user', content: [{ type: 'document', title: 5, source: { type: 'text', media_type: 'text/plain', data: 'x' } }] }] }, /messages\[0\]\.content\[0\]\.title: expected string, got 5/],
    ['a custom-content document holding a number', { messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'content', content: [5] } }] }] }, /messages\[0\]\.content\[0\]\.source\.content\[0\]: expected object, got 5/],
    ['a search result whose source is a number', { messages: [{ role: 'user', content: [{ ...searchResult, source: 5 }] }] }, /messages\[0\]\.content\[0\]\.source: expected string, got 5/],
    ['a search result without a title', { messages: [{ role: 'user', content: [{ ...searchResult, title: undefined }] }] }, /messages\[0\]\.content\[0\]\.title: expected string, got nothing/],
    // Claude's 400 too (a list of at least one text block); GPT and Gemini were sent the title and source alone.
    ['a search result with no text blocks', { messages: [{ role: 'user', content: [{ ...searchResult, content: [] }] }] }, /messages\[0\]\.content\[0\]\.content: must have at least 1 item \(got \[\]\)/],
    ['a search result whose text is a number', { messages: [{ role: 'user', content: [{ ...searchResult, content: [{ type: 'text', text: 5 }] }] }] }, /messages\[0\]\.content\[0\]\.content\[0\]\.text: expected string, got 5/],
    ['a search result in a tool result, its content a string', {
      tools,
      messages: [hi[0], { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ ...searchResult, content: 'fact' }] }] }],
    }, /messages\[2\]\.content\[0\]\.content\[0\]\.content: expected array, got "fact"/],
  ])('%s: 400 naming the field on every vendor', async (_, fields, message) => {
    for (const model of MODELS) {
      const res = await post('/v1/messages', { model, max_tokens: 20, messages: hi, ...fields });
      expect({ model, status: res.status, message: res.message }).toEqual({ model, status: 400, message: expect.stringMatching(message) });
    }
  });

  it('well-formed documents and search results, in a message and a tool result, are answered on every vendor', async () => {
    for (const model of MODELS) {
      const res = await post('/v1/messages', {
        model,
        max_tokens: 20,
        tools,
        messages: [
          { role: 'user', content: [searchResult, { type: 'document', title: null, context: 'ctx', citations: { enabled: true }, source: { type: 'text', media_type: 'text/plain', data: 'x' } }, { type: 'document', source: { type: 'content', content: 'plain' } }, { type: 'text', text: 'q' }] },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [searchResult, { type: 'text', text: 'more' }] }] },
        ],
      });
      expect({ model, status: res.status, message: res.message }).toEqual({ model, status: 200, message: '' });
    }
  });
});

describe('a file name a translation sends on as another API\'s', () => {
  // A Claude document's title is OpenAI's file.filename and Gemini's displayName; a Responses
  // input_file's filename is chat's file.filename and Claude's title: any length and control
  // characters went on as sent, a number was dropped without a word. Gemini's displayName had the rule already.
  const pdf = 'JVBERi0xLjQK';
  const rule = 'must be a file name (at most 255 characters, no control characters)';
  const document = (title: unknown) => ({ role: 'user', content: [{ type: 'text', text: 'q' }, { type: 'document', title, source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] });
  const inputFile = (filename: unknown) => [{ role: 'user', content: [{ type: 'input_text', text: 'q' }, { type: 'input_file', filename, file_data: `data:application/pdf;base64,${pdf}` }] }];

  it.each([
    ['300 characters', 'n'.repeat(300), '"nnn'],
    ['a control character', 'a\u0000\u001b[31m.pdf', '"a\\u0000\\u001b[31m.pdf"'],
    ['a number', 5, '5'],
  ])('a PDF document titled with %s is a 400 naming messages[0].content[1].title on GPT and Gemini', async (_, title, got) => {
    for (const model of ['small', 'flash']) {
      const res = await post('/v1/messages', { model, max_tokens: 20, messages: [document(title)] });
      expect({ model, status: res.status }).toEqual({ model, status: 400 });
      expect(res.message).toContain(typeof title === 'number' ? 'messages[0].content[1].title: expected string, got 5' : `messages[0].content[1].title ${rule}, got ${got}`);
    }
  });

  it.each([
    ['300 characters', 'n'.repeat(300), '"nnn'],
    ['a control character', 'a\u0007.pdf', '"a\\u0007.pdf"'],
    ['a number', 5, '5'],
  ])('a Responses input_file named with %s is a 400 naming input[0].content[1].filename on Claude and Gemini', async (_, filename, got) => {
    for (const model of ['claude', 'flash']) {
      const res = await post('/v1/responses', { model, max_output_tokens: 20, input: inputFile(filename) });
      expect({ model, status: res.status, param: res.param }).toEqual({ model, status: 400, param: 'input[0].content[1].filename' });
      expect(res.message).toContain(`input[0].content[1].filename ${rule}, got ${got}`);
    }
  });

  it('a name of 255 printable characters, none, null or an empty one is answered on every vendor', async () => {
    const name = `Terms (final) – ünïcode ${'x'.repeat(227)}.pdf`;
    expect(name).toHaveLength(255);
    for (const model of MODELS) {
      for (const title of [name, undefined, null, '']) {
        expect({ model, title, status: (await post('/v1/messages', { model, max_tokens: 20, messages: [document(title)] })).status }).toEqual({ model, title, status: 200 });
      }
      // OpenAI's own Responses API wants a name beside file_data (the simulator's 400 says so); a translation makes one.
      for (const filename of model === 'small' ? [name] : [name, undefined]) {
        expect({ model, filename, status: (await post('/v1/responses', { model, max_output_tokens: 20, input: inputFile(filename) })).status }).toEqual({ model, filename, status: 200 });
      }
    }
  });
});

describe('a type no translation knows, 200,000 characters long', () => {
  // Each came back whole in the 400 (a 200 kB error body), where the block types of Anthropic
  // clients were already quoted short (a106e9b0): the tool, tool choice, input item and part types.
  const type = 'x'.repeat(200_000);
  it.each([
    ['a chat tool on Claude', '/v1/chat/completions', { model: 'claude', messages: hi, tools: [{ type, function: { name: 'f' } }] }],
    ['a chat tool choice on Gemini', '/v1/chat/completions', { model: 'flash', messages: hi, tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type } }],
    ['a chat content part on Claude', '/v1/chat/completions', { model: 'claude', messages: [{ role: 'user', content: [{ type, text: 'x' }] }] }],
    ['a chat content part on Gemini', '/v1/chat/completions', { model: 'flash', messages: [{ role: 'user', content: [{ type, text: 'x' }] }] }],
    ['a chat response_format on Gemini', '/v1/chat/completions', { model: 'flash', messages: hi, response_format: { type } }],
    ['a Responses tool choice on Claude', '/v1/responses', { model: 'claude', input: 'hi', tools: [{ type: 'function', name: 'f' }], tool_choice: { type } }],
    ['a Responses tool on Claude', '/v1/responses', { model: 'claude', input: 'hi', tools: [{ type }] }],
    ['a Responses input item on GPT', '/v1/responses', { model: 'small', input: [{ type, role: 'user', content: 'x' }] }],
    ['a Responses content part on GPT', '/v1/responses', { model: 'small', input: [{ role: 'user', content: [{ type, text: 'x' }] }] }],
    ['an Anthropic tool on GPT', '/v1/messages', { model: 'small', max_tokens: 5, messages: hi, tools: [{ name: 'f', type, input_schema: { type: 'object' } }] }],
  ])('%s: a 400 quoting it short', async (_, path, body) => {
    const res = await post(path, body);
    expect(res.status).toBe(400);
    expect(res.message).toContain('"xxxxxxxx');
    expect(res.message.length).toBeLessThan(500);
  });
});

