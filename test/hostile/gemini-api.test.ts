import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../src/test-support/fuzz-runs.js';
import { hostileJson, withField } from '../../src/test-support/hostile-json.js';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Hostile Gemini API bodies on models the gateway translates them for (helper hostile7). A
 * Gemini model gets the body as sent and Google judges it; an OpenAI or Claude model gets chat
 * completions, so what the translation skipped (a part's text of the wrong type, an empty part,
 * a thinking level `__proto__`, a `maxOutputTokens` of 1e999) vanished or drew the target's
 * words about its own fields (`messages`, `max_completion_tokens`). Each is a 400 in Google's
 * shape naming the client's field; well-formed requests still answer.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.75, output_per_mtok: 4.5 } }
  haiku: { provider: anth, model: claude-haiku-4-5, price: { input_per_mtok: 1, output_per_mtok: 5 } }
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.3, output_per_mtok: 2.5 } }
  embed: { provider: oai, model: text-embedding-3-small }
keys:
  - key: sk-sy-test
    name: gem
`);
});
afterAll(() => h.close());

async function generate(model: string, raw: string): Promise<{ status: number; message: string; dropped: string | null }> {
  const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-test' },
    body: raw,
  });
  const json = (await res.json()) as { error?: { message: string; status: string } };
  if (res.status !== 200) expect(json.error?.status).toBe('INVALID_ARGUMENT');
  return { status: res.status, message: json.error?.message ?? '', dropped: res.headers.get('x-switchyard-dropped-params') };
}

const HI = '"contents":[{"role":"user","parts":[{"text":"hi"}]}]';
const CASES: [what: string, body: string, message: string][] = [
  ['a part whose text is a number', '{"contents":[{"role":"user","parts":[{"text":5}]}]}', 'contents[0].parts[0].text must be a string, got 5'],
  // Walk 9 (hostile20): these read 'contents[0].parts must be an array of Part objects', naming neither the item nor what it was.
  ['a part that is a number, after a good one', '{"contents":[{"role":"user","parts":[{"text":"a"},5]}]}', 'contents[0].parts[1] must be a Part object ({ text }, { inlineData }, …), got 5'],
  ['parts that are text', '{"contents":[{"role":"user","parts":"hi"}]}', 'contents[0].parts must be an array of Part objects, got "hi"'],
  ['a content that is a number', '{"contents":[5]}', 'contents[0] must be a Content object ({ role, parts }), got 5'],
  ['a system instruction part that is null', `{${HI},"systemInstruction":{"parts":[null]}}`, 'systemInstruction.parts[0] must be a Part object ({ text }, { inlineData }, …), got null'],
  ['an empty part', '{"contents":[{"role":"user","parts":[{}]}]}', 'contents[0].parts[0] holds no data: a Part needs one of text, inlineData'],
  ['a model turn whose text is an object', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":{"x":1}}]},{"role":"user","parts":[{"text":"b"}]}]}', 'contents[1].parts[0].text must be a string, got {"x":1}'],
  ['a system instruction whose text is a number', `{${HI},"systemInstruction":{"parts":[{"text":7}]}}`, 'systemInstruction.parts[0].text must be a string, got 7'],
  ['a function call whose args are text', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":"x"}}]}]}', 'contents[1].parts[0].functionCall.args must be a JSON object, got "x"'],
  ['a function result that is text', '{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":"x"}}]}]}', 'contents[0].parts[0].functionResponse.response must be a JSON object, got "x"'],
  ['a function call that is a string', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":"f"}]}]}', 'contents[1].parts[0].functionCall must be a FunctionCall object'],
  ['maxOutputTokens 1e999 (Infinity once parsed)', `{${HI},"generationConfig":{"maxOutputTokens":1e999}}`, 'generationConfig.maxOutputTokens must be a whole number of at least 1, got Infinity'],
  ['maxOutputTokens -5', `{${HI},"generationConfig":{"maxOutputTokens":-5}}`, 'generationConfig.maxOutputTokens must be a whole number of at least 1, got -5'],
  ['candidateCount 2.5', `{${HI},"generationConfig":{"candidateCount":2.5}}`, 'generationConfig.candidateCount must be a whole number of at least 1, got 2.5'],
  ['temperature -1e999', `{${HI},"generationConfig":{"temperature":-1e999}}`, 'generationConfig.temperature must be a finite number, got -Infinity'],
  ['thinkingLevel "__proto__"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"__proto__"}}}`, 'generationConfig.thinkingConfig.thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, XHIGH, got "__proto__"'],
  ['thinkingLevel "constructor"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"constructor"}}}`, 'thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, XHIGH, got "constructor"'],
  // JavaScript upper-cases the dotless ı to I: "hıgh" was read as HIGH (helper hostile18).
  ['thinkingLevel "hıgh" (a dotless ı)', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"hıgh"}}}`, 'got "hıgh"'],
  ['thinkingLevel "ULTRA"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"ULTRA"}}}`, 'got "ULTRA"'],
  ['thinkingBudget "lots"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":"lots"}}}`, 'generationConfig.thinkingConfig.thinkingBudget must be a whole number of tokens up to 2147483647 (0: off, -1: the model decides), got "lots"'],
  ['thinkingBudget 1e999', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":1e999}}}`, 'thinkingBudget must be a whole number of tokens up to 2147483647 (0: off, -1: the model decides), got Infinity'],
  // Helper hostile15: what Google refuses about thinking, and inline data that could not reach the target as it came.
  ['thinkingBudget 1e12 (past Google\'s int32)', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":1e12}}}`, 'thinkingBudget must be a whole number of tokens up to 2147483647 (0: off, -1: the model decides), got 1000000000000'],
  ['a thinking level and a budget both', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"LOW","thinkingBudget":128}}}`, 'You can only set only one of thinking budget and thinking level.'],
  ['includeThoughts "yes"', `{${HI},"generationConfig":{"thinkingConfig":{"includeThoughts":"yes"}}}`, 'generationConfig.thinkingConfig.includeThoughts must be true or false, got "yes"'],
  ['an inline MP3 whose data is not base64', '{"contents":[{"role":"user","parts":[{"text":"a"},{"inlineData":{"mimeType":"audio/mp3","data":"!!!notbase64"}}]}]}', `Invalid value at 'contents[0].parts[1].inline_data.data' (TYPE_BYTES), Base64 decoding failed for "!!!notbase64"`],
  ['an inline PDF whose MIME type holds control characters', '{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/pdf\\u0000\\u001b[31m","data":"JVBERi0="}}]}]}', 'contents[0].parts[0].inlineData.mimeType must be a MIME type (type/subtype, at most 255 characters), got "application/pdf\\u0000\\u001b[31m"'],
  ['an inline part whose MIME type is 100,000 characters', `{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/${'x'.repeat(100_000)}","data":"JVBERi0="}}]}]}`, 'contents[0].parts[0].inlineData.mimeType must be a MIME type (type/subtype, at most 255 characters), got "application/xxx'],
  // The blob's displayName is the file's filename at OpenAI: any length and control characters went on as sent.
  ['an inline PDF whose displayName holds control characters', '{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0=","displayName":"a\\u0000\\u001b[31m.pdf"}}]}]}', 'contents[0].parts[0].inlineData.displayName must be a file name (at most 255 characters, no control characters), got "a\\u0000\\u001b[31m.pdf"'],
  ['an inline PDF whose displayName is 100,000 characters', `{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0=","displayName":"${'n'.repeat(100_000)}.pdf"}}]}]}`, 'contents[0].parts[0].inlineData.displayName must be a file name (at most 255 characters, no control characters), got "nnn'],
  // Helper leftovers8: the cases the simulator's Gemini now refuses as Google does; translated, the gateway refused them already.
  ['an inline part whose MIME type is "png"', '{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"png","data":"JVBERi0="}}]}]}', 'contents[0].parts[0].inlineData.mimeType must be a MIME type (type/subtype, at most 255 characters), got "png"'],
  ['an inline part whose data is null', '{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/pdf","data":null}}]}]}', 'contents[0].parts[0].inlineData needs mimeType and data (base64)'],
  ['an inline PDF whose displayName is a number', '{"contents":[{"role":"user","parts":[{"text":"a"},{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0=","displayName":5}}]}]}', 'contents[0].parts[1].inlineData.displayName must be a file name (at most 255 characters, no control characters), got 5'],
  ['a function calling mode "WHATEVER"', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"WHATEVER"}}}`, 'toolConfig.functionCallingConfig.mode must be one of AUTO, ANY, NONE, VALIDATED, MODE_UNSPECIFIED, got "WHATEVER"'],
  ['safetySettings as text', `{${HI},"safetySettings":"x"}`, 'safetySettings must be an array of SafetySetting objects ({ category, threshold }), got "x"'],
  // Dropped without a word (helper hostile13): a numeric allowed name left the call forced onto any
  // tool, a string schema or search tool was read as none given.
  ['an allowed function name that is a number', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":[5]}}}`, 'toolConfig.functionCallingConfig.allowedFunctionNames[0] must name a declared function (f), got 5'],
  ['an allowed function name no tool declares', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["zz"]}}}`, 'toolConfig.functionCallingConfig.allowedFunctionNames[0] must name a declared function (f), got "zz"'],
  ['allowedFunctionNames as text', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":"f"}}}`, 'toolConfig.functionCallingConfig.allowedFunctionNames must be an array of function names, got "f"'],
  ['a response schema that is text', `{${HI},"generationConfig":{"responseMimeType":"application/json","responseSchema":"x"}}`, 'generationConfig.responseSchema must be a JSON object, got "x"'],
  ['a response JSON schema that is a list', `{${HI},"generationConfig":{"responseMimeType":"application/json","responseJsonSchema":[]}}`, 'generationConfig.responseJsonSchema must be a JSON object, got []'],
  ['a response MIME type that is a number', `{${HI},"generationConfig":{"responseMimeType":5}}`, 'generationConfig.responseMimeType must be a string, got 5'],
  ['a Google Search tool that is text', `{${HI},"tools":[{"googleSearch":"yes"}]}`, 'tools[0].googleSearch must be a JSON object, got "yes"'],
  // Helper hostile19: a toolConfig of the wrong type was read as none given (the forced call optional),
  // and a file URI no other vendor fetches was refused naming chat's image_url.url.
  ['a toolConfig that is text', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":"ANY"}`, 'toolConfig must be a ToolConfig object such as {"functionCallingConfig": {"mode": "ANY"}}, got "ANY"'],
  ['a functionCallingConfig that is text', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":"ANY"}}`, 'toolConfig.functionCallingConfig must be an object such as {"mode": "ANY"}, got "ANY"'],
  ['a gs:// file URI', '{"contents":[{"role":"user","parts":[{"text":"a"},{"fileData":{"fileUri":"gs://bucket/cat.png","mimeType":"image/png"}}]}]}', 'contents[0].parts[1].fileData.fileUri must be an http(s) URL for a model of another vendor to fetch, got "gs://bucket/cat.png"'],
  // A thought signature travels inside the tool call id: past the ids' bound, the 400 named messages[1].tool_calls[0].id, a field the client never wrote.
  ['a 70,000-character thought signature on a function call', `{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{}},"thoughtSignature":"${'A'.repeat(70_000)}"}]}]}`, 'contents[1].parts[0].thoughtSignature must be at most 65,536 characters (it travels inside the tool call id, whose bound that is), got 70,000'],
  ['a thought signature and a Gemini call id each within the bound, together past it', `{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{},"id":"${'i'.repeat(30_000)}"},"thoughtSignature":"${'A'.repeat(60_000)}"}]}]}`, 'contents[1].parts[0].thoughtSignature and functionCall.id together must be at most 65,536 characters'],
  // Round 22 (hostile22): the id alone, a third longer once in base64url, was refused as "thoughtSignature and functionCall.id together" with no signature sent.
  ['a 60,000-character Gemini call id without a signature', `{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{},"id":"${'i'.repeat(60_000)}"}}]}]}`, 'contents[1].parts[0].functionCall.id must be at most 65,536 characters once in base64url (about 49,100 characters of ASCII: it travels inside a tool call id), got 80,017 with the id\'s own prefix'],
  // Round 21 (hostile21): an id or a signature of another type went into a Buffer while the tool call id was made: a 500.
  ['a function call id that is a number', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","id":5}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}', 'contents[1].parts[0].functionCall.id must be a string, got 5'],
  ['a function response id that is an object', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","id":{},"response":{}}}]}]}', 'contents[2].parts[0].functionResponse.id must be a string, got {}'],
  ['a thought signature that is true', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"},"thoughtSignature":true}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}', 'contents[1].parts[0].thoughtSignature must be a string, got true'],
  // Decoded leniently and written again, it came back to Gemini changed; Google names it.
  ['a thought signature that is not base64', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"},"thoughtSignature":"not base64 \\u202e!"}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}', `Invalid value at 'contents[1].parts[0].thoughtSignature' (TYPE_BYTES), Base64 decoding failed for "not base64 \\u202e!"`],
  // Each became a tool message whose id no call had: the target's 400 named a tool_call_id the client never wrote.
  ['a function response in the first turn', '{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}', 'contents[0].parts[0].functionResponse (name "f") answers no function call: the turn before it is no model turn with function calls'],
  ['two function responses to one call', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}},{"functionResponse":{"name":"f","response":{}}}]}]}', 'contents[2].parts[1].functionResponse (name "f") answers no function call: each of the 1 function calls of contents[1] is answered by an earlier part'],
  ['a function response named for no call', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"}},{"functionCall":{"name":"g"}}]},{"role":"user","parts":[{"functionResponse":{"name":"h","response":{}}}]}]}', 'contents[2].parts[0].functionResponse (name "h") answers no function call: no unanswered function call of contents[1] has that name (left: "f", "g")'],
  ['a function response whose id no call has', '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","id":"c1"}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","id":"c2","response":{}}}]}]}', 'contents[2].parts[0].functionResponse (id "c2") answers no function call: no unanswered function call of contents[1] has that id (left: "f")'],
  ['a 100,000-character thinking level, quoted short', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"${'L'.repeat(100_000)}"}}}`, 'thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, XHIGH, got "LLLL'],
];

describe('values quoted in Gemini API errors', () => {
  // Found by the fuzz below: both were echoed whole (a 5,000-character value made a 5,055-character
  // message), and 1e999 was shown as null.
  it('an embedding outputDimensionality or a turn role of 5,000 characters is quoted short; Infinity is named', async () => {
    const long = JSON.stringify('x'.repeat(5000));
    for (const [method, model, body, start] of [
      ['embedContent', 'embed', `{"content":{"parts":[{"text":"a"}]},"outputDimensionality":${long}}`, 'outputDimensionality must be a positive integer, got "xxx'],
      ['embedContent', 'embed', '{"content":{"parts":[{"text":"a"}]},"outputDimensionality":1e999}', 'outputDimensionality must be a positive integer, got Infinity (a number past'],
      ['generateContent', 'mini', `{"contents":[{"role":${long},"parts":[{"text":"a"}]}]}`, 'contents[0].role must be "user" or "model", got "xxx'],
    ] as const) {
      const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-test' }, body });
      const message = ((await res.json()) as { error: { message: string } }).error.message;
      expect(res.status).toBe(400);
      expect(message.startsWith(start), message.slice(0, 120)).toBe(true);
      expect(message.length).toBeLessThan(200);
    }
  });
});

describe('a Gemini API body translated for another provider', () => {
  for (const [what, body, message] of CASES) {
    it(`${what}: a 400 naming the field, on OpenAI and Claude models alike`, async () => {
      for (const model of ['mini', 'haiku']) {
        const answer = await generate(model, body);
        expect({ model, status: answer.status }).toEqual({ model, status: 400 });
        expect(answer.message).toContain(message);
        expect(answer.message.length).toBeLessThan(400);
      }
    });
  }

  it('on a Gemini model, a blob with a bogus MIME type or no data is Google\'s 400, passed on in its shape (the simulator answered both)', async () => {
    for (const [inlineData, message] of [
      ['{"mimeType":"png","data":"JVBERi0="}', 'Unsupported MIME type: png'],
      ['{"mimeType":"application/pdf","data":null}', 'Unable to submit request because it has an empty inlineData parameter. Add a value to the parameter and try again.'],
    ] as const) {
      const answer = await generate('flash', `{"contents":[{"role":"user","parts":[{"text":"a"},{"inlineData":${inlineData}}]}]}`);
      expect({ status: answer.status, message: answer.message }).toEqual({ status: 400, message });
    }
  });

  it('safetySettings (which only Gemini reads) no longer fail the call on an OpenAI model: dropped and named', async () => {
    const answer = await generate('mini', `{${HI},"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}`);
    expect(answer.status).toBe(200);
    expect(answer.dropped).toContain('safety_settings');
    expect((await generate('haiku', `{${HI},"safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}]}`)).status).toBe(200);
  });

  it('well-formed settings, a thought signature alone on a model part, -1 and 0 budgets and every level still answer', async () => {
    const bodies = [
      `{${HI},"generationConfig":{"maxOutputTokens":64,"candidateCount":1,"topK":40,"seed":-7,"temperature":0.2,"thinkingConfig":{"thinkingBudget":-1}}}`,
      `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":0,"includeThoughts":true}}}`,
      '{"contents":[{"role":"user","parts":[{"text":"a"},{"inlineData":{"mimeType":"application/pdf; charset=binary","data":"JVBERi0="}}]}]}',
      `{"contents":[{"role":"user","parts":[{"inlineData":{"mimeType":"application/pdf","data":"JVBERi0=","displayName":"Terms (final) – ünïcode ${'x'.repeat(200)}.pdf"}}]}]}`,
      ...['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'].map((level) => `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"${level}"}}}`),
      `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f"]}}}`,
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"},{"thoughtSignature":"c2ln"}]},{"role":"user","parts":[{"text":"c","thought":false}]}]}',
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{"q":1}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"ok"}}}]}],"tools":[{"functionDeclarations":[{"name":"f"}]}]}',
      // null is proto3 JSON's unset; a url-safe base64 signature is Google's own spelling; ids and names match out of order.
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","id":null},"thoughtSignature":null}]},{"role":"user","parts":[{"functionResponse":{"name":"f","id":null,"response":{}}}]}]}',
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f"},"thoughtSignature":"c2ln-_8="}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{}}}]}]}',
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","id":"c1"}},{"functionCall":{"name":"f"}},{"functionCall":{"name":"g"}}]},{"role":"user","parts":[{"functionResponse":{"name":"g","response":{}}},{"functionResponse":{"name":"f","id":"c1","response":{}}},{"functionResponse":{"name":"f","response":{}}}]}]}',
    ];
    for (const model of ['mini', 'haiku']) {
      for (const body of bodies) expect({ model, body, status: (await generate(model, body)).status }).toEqual({ model, body, status: 200 });
    }
  });
});

/** A well-formed request of each method, and every field (nested ones too) that may be replaced. */
const GENERATE = {
  contents: [
    { role: 'user', parts: [{ text: 'hi' }] },
    { role: 'model', parts: [{ functionCall: { name: 'f', args: { q: 1 } } }] },
    { role: 'user', parts: [{ functionResponse: { name: 'f', response: { output: 'ok' } } }] },
  ],
  systemInstruction: { parts: [{ text: 'Be brief.' }] },
  tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: { q: { type: 'NUMBER' } } } }] }],
  toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
  generationConfig: { maxOutputTokens: 64, temperature: 0.5, thinkingConfig: { thinkingBudget: 0 }, responseMimeType: 'text/plain' },
  safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
};
const GENERATE_FIELDS = [
  'contents', 'contents.0', 'contents.0.role', 'contents.0.parts', 'contents.0.parts.0', 'contents.0.parts.0.text', 'contents.1.parts.0.functionCall',
  'contents.1.parts.0.functionCall.name', 'contents.1.parts.0.functionCall.args', 'contents.1.parts.0.functionCall.id', 'contents.1.parts.0.thoughtSignature',
  'contents.2.parts.0.functionResponse', 'contents.2.parts.0.functionResponse.response', 'contents.2.parts.0.functionResponse.id',
  'systemInstruction', 'systemInstruction.parts', 'systemInstruction.parts.0.text', 'tools', 'tools.0', 'tools.0.functionDeclarations', 'tools.0.functionDeclarations.0',
  'tools.0.functionDeclarations.0.name', 'tools.0.functionDeclarations.0.parameters', 'toolConfig', 'toolConfig.functionCallingConfig', 'toolConfig.functionCallingConfig.mode',
  'generationConfig', 'generationConfig.maxOutputTokens', 'generationConfig.temperature', 'generationConfig.thinkingConfig', 'generationConfig.thinkingConfig.thinkingBudget',
  'generationConfig.responseMimeType', 'generationConfig.responseSchema', 'generationConfig.stopSequences', 'safetySettings', 'cachedContent',
];
const EMBED = { content: { parts: [{ text: 'hi' }] }, outputDimensionality: 8, taskType: 'RETRIEVAL_QUERY' };
const EMBED_FIELDS = ['content', 'content.parts', 'content.parts.0', 'content.parts.0.text', 'outputDimensionality', 'taskType', 'title'];
const BATCH = { requests: [{ model: 'models/embed', content: { parts: [{ text: 'hi' }] }, outputDimensionality: 8 }, { content: { parts: [{ text: 'b' }] }, taskType: 'RETRIEVAL_DOCUMENT' }] };
const BATCH_FIELDS = ['requests', 'requests.0', 'requests.0.model', 'requests.0.content', 'requests.0.content.parts', 'requests.0.content.parts.0', 'requests.0.content.parts.0.text', 'requests.0.outputDimensionality', 'requests.1', 'requests.1.taskType', 'requests.1.title', 'toString', '__proto__'];

const anyJson = fc.oneof(
  hostileJson(['text', 'parts', 'role', 'name', 'args', 'type', 'properties', 'mode']),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, '', [], {}, -1, 0, 1.5, 1e308, 'x'.repeat(5000), [null], [{}], '__proto__', 'constructor', { __proto__: null, text: 5 }, [{ text: 5 }], [{ parts: [] }]),
);

describe('any value in any Gemini API field is answered below 500, in Google\'s error shape', () => {
  for (const [method, base, fields, models] of [
    ['generateContent', GENERATE, GENERATE_FIELDS, ['mini', 'haiku', 'flash']],
    ['streamGenerateContent?alt=sse', GENERATE, GENERATE_FIELDS, ['mini', 'haiku', 'flash']],
    ['countTokens', GENERATE, GENERATE_FIELDS, ['mini', 'haiku']],
    ['embedContent', EMBED, EMBED_FIELDS, ['embed']],
    ['batchEmbedContents', BATCH, BATCH_FIELDS, ['embed']],
  ] as const) {
    it(method, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), anyJson, fc.constantFrom(...models), async (field, value, model) => {
          const res = await fetch(`${h.gateway.url}/v1beta/models/${model}:${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-goog-api-key': 'sk-sy-test' },
            body: JSON.stringify(withField(base, field, value)),
          });
          const text = await res.text();
          const shown = `${res.status} for ${field}=${JSON.stringify(value)?.slice(0, 100)} on ${model}: ${text.slice(0, 200)}`;
          if (res.status >= 500) throw new Error(shown);
          if (res.status >= 400) {
            const error = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown; status?: unknown } }).error;
            if (typeof error?.message !== 'string' || typeof error.status !== 'string' || error.code !== res.status) throw new Error(`not Google's shape: ${shown}`);
            if (error.message.length > 2000) throw new Error(`a ${error.message.length}-character message: ${shown}`);
          }
          return true;
        }),
        { numRuns: fuzzRuns(150) },
      );
      expect((await fetch(`${h.gateway.url}/health`)).status).toBe(200);
    });
  }
});
