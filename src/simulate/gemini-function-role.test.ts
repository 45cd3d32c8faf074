/**
 * A turn of function responses under `role: "function"`, as Google's older SDK
 * (`@google/generative-ai` 0.24, inside LangChain's ChatGoogleGenerativeAI) sends it from a
 * `ChatSession`. Gemini before 3.6 takes it as the user's turn; 3.6 and later refuse it with a 400
 * that lists the roles they take (reported from gemini-3.6-flash and 3.7 in 2026-08). The
 * simulator refused it on every model with the words Google uses for other roles, so that SDK's
 * function-calling round trip failed on the simulator's gemini-2.5-flash only.
 */
import { ApiError, GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { simulatorPerFile } from '../test-support/simulator-per-file.js';
import { refusesFunctionRole } from './gemini-request.js';

let gemini: GoogleGenAI;
simulatorPerFile((sim) => {
  gemini = new GoogleGenAI({ apiKey: 'AIza-test', httpOptions: { baseUrl: sim.url } });
});

// What @google/generative-ai 0.24.1 sent for the second turn of chat.sendMessage (recorded 2026-12-07).
const contents = [
  { role: 'user', parts: [{ text: 'What is the weather in Paris?' }] },
  { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
  { role: 'function', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
];
const tools = [{ functionDeclarations: [{ name: 'get_weather', description: 'Get the weather for a city', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }] }];

describe('a function-response turn with role "function"', () => {
  it('is answered in text, as the tool result it carries, by gemini-2.5-flash', async () => {
    const answer = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents, config: { tools } });
    expect(answer.functionCalls ?? []).toEqual([]);
    expect(answer.text?.length).toBeGreaterThan(0);
  });

  it("is refused by gemini-3.6-flash in Google's words", async () => {
    const error = await gemini.models.generateContent({ model: 'gemini-3.6-flash', contents, config: { tools } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toContain("Role 'function' is not supported. Please use a valid role: SYSTEM, SYSTEM_1, USER, ASSISTANT, DEVELOPER, CONTEXT, USER_CONTEXT, MODEL, USER.");
  });

  it('other roles are still refused as before', async () => {
    const error = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: [{ role: 'assistant', parts: [{ text: 'Hi' }] }] }).catch((e: unknown) => e);
    expect((error as ApiError).message).toContain('Please use a valid role: user, model.');
  });

  it.each([
    ['gemini-2.5-flash', false], ['gemini-3.1-flash-lite', false], ['gemini-3.5-flash', false], ['gemini-3.6-flash', true], ['gemini-3.7-pro', true], ['gemini-4-flash', true], ['gemini-10', true],
  ] as const)('%s refuses it: %s', (model, refused) => {
    expect(refusesFunctionRole(model)).toBe(refused);
  });
});
