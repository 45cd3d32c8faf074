import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ['thinkingLevel "__proto__"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"__proto__"}}}`, 'generationConfig.thinkingConfig.thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, got "__proto__"'],
  ['thinkingLevel "constructor"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"constructor"}}}`, 'thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, got "constructor"'],
  ['thinkingLevel "ULTRA"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"ULTRA"}}}`, 'got "ULTRA"'],
  ['thinkingBudget "lots"', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":"lots"}}}`, 'generationConfig.thinkingConfig.thinkingBudget must be a whole number of tokens (0: off, -1: the model decides), got "lots"'],
  ['thinkingBudget 1e999', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingBudget":1e999}}}`, 'thinkingBudget must be a whole number of tokens (0: off, -1: the model decides), got Infinity'],
  ['a function calling mode "WHATEVER"', `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"WHATEVER"}}}`, 'toolConfig.functionCallingConfig.mode must be one of AUTO, ANY, NONE, VALIDATED, MODE_UNSPECIFIED, got "WHATEVER"'],
  ['safetySettings as text', `{${HI},"safetySettings":"x"}`, 'safetySettings must be an array of SafetySetting objects ({ category, threshold }), got "x"'],
  ['a 100,000-character thinking level, quoted short', `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"${'L'.repeat(100_000)}"}}}`, 'thinkingLevel must be one of MINIMAL, LOW, MEDIUM, HIGH, got "LLLL'],
];

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
      ...['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'].map((level) => `{${HI},"generationConfig":{"thinkingConfig":{"thinkingLevel":"${level}"}}}`),
      `{${HI},"tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["f"]}}}`,
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"},{"thoughtSignature":"c2ln"}]},{"role":"user","parts":[{"text":"c","thought":false}]}]}',
      '{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"functionCall":{"name":"f","args":{"q":1}}}]},{"role":"user","parts":[{"functionResponse":{"name":"f","response":{"output":"ok"}}}]}],"tools":[{"functionDeclarations":[{"name":"f"}]}]}',
    ];
    for (const model of ['mini', 'haiku']) {
      for (const body of bodies) expect({ model, body, status: (await generate(model, body)).status }).toEqual({ model, body, status: 200 });
    }
  });
});
