import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { MODELS, responsesConfig } from './responses-config.js';

/**
 * A client that asks for JSON in words, the schema written into the prompt and no
 * `response_format` sent: Genkit's default for a model it does not know (the fixture is its
 * recorded request). Real models follow the instruction; the simulated ones answered prose, so
 * Genkit's `output` parse failed on every model behind the gateway, on the simulator only.
 */
const fixture = JSON.parse(readFileSync(new URL('./__fixtures__/genkit-json-in-prompt.json', import.meta.url), 'utf8')) as {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
};
const KEY = 'sk-sy-alpha-key';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('', responsesConfig);
});
afterAll(() => h.close());

describe('JSON asked for in words, with the schema in the prompt', () => {
  it.each(MODELS)('%s answers an object that fits the schema', async (model) => {
    const res = await fetch(`${h.gateway.url}${fixture.path}`, {
      method: 'POST',
      headers: { ...fixture.headers, authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ...fixture.body, model }),
    });
    expect(res.status).toBe(200);
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    const answer = JSON.parse(content) as Record<string, unknown>;
    expect(typeof answer.name).toBe('string');
    expect(typeof answer.age).toBe('number');
  });

  it('leaves a prompt that names no schema in prose', async () => {
    const res = await fetch(`${h.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ model: 'small', messages: [{ role: 'user', content: 'Explain what JSON is, e.g. {"a": 1}' }] }),
    });
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    expect(() => JSON.parse(content)).toThrow();
  });
});

/**
 * The shape written as a type or shown by example, not as a JSON Schema: BAML's `ctx.output_format`
 * (the fixture holds the bodies BAML 0.226's `b.request.ExtractResume` built for its
 * openai-generic, openai-responses, anthropic and google-ai clients) and promptfoo 0.121's graders
 * (llm-rubric's "{reason: string, pass: boolean, score: number}", g-eval's example objects). The
 * simulated models answered prose, so every BAML function returning a class and every promptfoo
 * model-graded assertion failed on the simulator ("Failed to parse LLM response", "Could not
 * extract JSON from llm-rubric response").
 */
const shapes = JSON.parse(readFileSync(new URL('./__fixtures__/json-shape-in-prompt.json', import.meta.url), 'utf8')) as {
  baml: Record<'chat' | 'responses' | 'messages' | 'gemini', { path: string; body: Record<string, unknown> }>;
  promptfoo: Record<'llm-rubric' | 'g-eval-steps' | 'g-eval-evaluate', { messages: unknown[] }>;
};

/** The answer's text, whichever API the request went to. */
async function answerText(path: string, model: string, body: Record<string, unknown>): Promise<string> {
  const url = path.includes('{model}') ? `${h.gateway.url}${path.replace('{model}', model)}` : `${h.gateway.url}${path}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, 'x-api-key': KEY, 'x-goog-api-key': KEY },
    body: JSON.stringify(path.includes('{model}') ? body : { ...body, model }),
  });
  expect(res.status).toBe(200);
  const answer = (await res.json()) as Record<string, unknown> & {
    choices?: { message: { content: string } }[];
    output?: { type: string; content?: { text: string }[] }[];
    content?: { text?: string }[];
    candidates?: { content: { parts: { text?: string }[] } }[];
  };
  if (answer.choices) return answer.choices[0]?.message.content ?? '';
  if (answer.output) return answer.output.find((item) => item.type === 'message')?.content?.[0]?.text ?? '';
  if (answer.candidates) return answer.candidates[0]?.content.parts.map((part) => part.text ?? '').join('') ?? '';
  return answer.content?.map((block) => block.text ?? '').join('') ?? '';
}

describe('JSON asked for in words, the shape written as a type or shown by example', () => {
  const cases = MODELS.flatMap((model) => (['chat', 'responses', 'messages', 'gemini'] as const).map((api) => [api, model] as const));
  it.each(cases)("BAML over %s, %s: an object of BAML's class", async (api, model) => {
    const { path, body } = shapes.baml[api];
    const resume = JSON.parse(await answerText(path, model, body)) as Record<string, unknown>;
    expect(typeof resume.name).toBe('string');
    expect(Array.isArray(resume.skills)).toBe(true);
    expect(Number.isInteger(resume.years)).toBe(true);
    expect(['junior', 'senior']).toContain(resume.level);
  });

  it.each(MODELS)("promptfoo's graders on %s: llm-rubric's verdict, g-eval's steps and score", async (model) => {
    const chat = (messages: unknown[]) => answerText('/v1/chat/completions', model, { messages });
    const verdict = JSON.parse(await chat(shapes.promptfoo['llm-rubric'].messages)) as Record<string, unknown>;
    expect(verdict).toMatchObject({ reason: expect.any(String), pass: expect.any(Boolean), score: expect.any(Number) });
    const steps = JSON.parse(await chat(shapes.promptfoo['g-eval-steps'].messages)) as { steps: unknown[] };
    expect(steps.steps).toHaveLength(4);
    expect(steps.steps.every((step) => typeof step === 'string')).toBe(true);
    expect(JSON.parse(await chat(shapes.promptfoo['g-eval-evaluate'].messages))).toMatchObject({ score: 0, reason: expect.any(String) });
  });
});

/**
 * KaibanJS's agents answer in a JSON protocol its prompt shows form by form (thought and action,
 * observation, final answer), closing with "You must return a valid JSON object". Real models
 * answer `{"finalAnswer": …}` for a task needing no tool; the simulated ones answered prose, and
 * every Kaiban team behind the gateway ran to its iteration limit on the simulator only. The
 * fixture is its recorded request (`presence_penalty` and all, which the OpenAI reasoning models
 * refuse, as OpenAI does, so Claude and Gemini answer here).
 */
const kaiban = JSON.parse(readFileSync(new URL('./__fixtures__/kaibanjs-agent-request.json', import.meta.url), 'utf8')) as { path: string; headers: Record<string, string>; body: Record<string, unknown> };

describe("JSON asked for by KaibanJS's agent prompt", () => {
  it.each(['claude', 'flash'])('%s answers its final-answer form', async (model) => {
    const res = await fetch(`${h.gateway.url}${kaiban.path}`, { method: 'POST', headers: { ...kaiban.headers, authorization: `Bearer ${KEY}` }, body: JSON.stringify({ ...kaiban.body, model }) });
    expect(res.status).toBe(200);
    const content = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? '';
    expect(Object.keys(JSON.parse(content) as object)).toEqual(['finalAnswer']);
  });
});
