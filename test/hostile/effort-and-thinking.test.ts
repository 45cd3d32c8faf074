import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Hostile reasoning efforts and thinking budgets on the models that translate them (helper
 * hostile6): an OpenAI client's `reasoning_effort` on Claude and Gemini, and an Anthropic
 * client's `thinking` on an OpenAI model. Each is looked up in a table or turned into a budget
 * there, so a value OpenAI or Anthropic refuse is a 400 naming the field, never a prototype read
 * (`__proto__` sent Claude `max_tokens: null`) nor dropped without a word.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness('', (sim) => `${threeVendorProviders(sim)}
models:
  opus: { provider: anth, model: claude-opus-4-7, price: { input_per_mtok: 5, output_per_mtok: 25 } }
  sonnet: { provider: anth, model: claude-sonnet-4-5, price: { input_per_mtok: 3, output_per_mtok: 15 } }
  flash: { provider: gem, model: gemini-2.5-flash, price: { input_per_mtok: 0.3, output_per_mtok: 2.5 } }
  mini: { provider: oai, model: gpt-5.4-mini, price: { input_per_mtok: 0.75, output_per_mtok: 4.5 } }
keys:
  - key: sk-sy-test
    name: compat
`);
});
afterAll(() => h.close());

async function post(path: string, raw: string): Promise<{ status: number; message: string; param: unknown }> {
  const res = await fetch(`${h.gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-sy-test', 'anthropic-version': '2023-06-01' },
    body: raw,
  });
  const json = (await res.json()) as { error?: { message: string; param?: unknown } };
  return { status: res.status, message: json.error?.message ?? '', param: json.error?.param };
}

const chat = (model: string, fields: string): string => `{"model":"${model}","max_tokens":64,"messages":[{"role":"user","content":"hi"}],${fields}}`;

describe('reasoning_effort on a chat request', () => {
  for (const effort of ['__proto__', 'constructor', 'toString', 'maximum']) {
    it(`"${effort}" is a 400 naming reasoning_effort on Claude, Gemini and OpenAI models alike`, async () => {
      for (const model of ['opus', 'sonnet', 'flash', 'mini']) {
        const answer = await post('/v1/chat/completions', chat(model, `"reasoning_effort":"${effort}"`));
        expect({ model, status: answer.status, param: answer.param }).toEqual({ model, status: 400, param: 'reasoning_effort' });
        expect(answer.message).toContain(`"${effort}" is not one of "none", "minimal", "low", "medium", "high", "xhigh", "max"`);
      }
    });
  }

  it('a 100,000-character effort or an object is named, quoted short', async () => {
    for (const effort of [JSON.stringify('x'.repeat(100_000)), '{}', '5']) {
      const answer = await post('/v1/chat/completions', chat('opus', `"reasoning_effort":${effort}`));
      expect(answer.status).toBe(400);
      expect(answer.param).toBe('reasoning_effort');
      expect(answer.message.length).toBeLessThan(300);
    }
  });

  it('the known efforts and null still reach Claude and Gemini', async () => {
    for (const model of ['opus', 'sonnet', 'flash']) {
      for (const effort of ['"low"', '"high"', 'null']) expect((await post('/v1/chat/completions', chat(model, `"reasoning_effort":${effort}`))).status).toBe(200);
    }
  });
});

describe('thinking on a Messages request', () => {
  const messages = (model: string, thinking: string): string => `{"model":"${model}","max_tokens":4096,"messages":[{"role":"user","content":"hi"}],"thinking":${thinking}}`;
  const CASES: [string, string, string][] = [
    // The wire schema types the budget (helper smallfixes2's change): its words, naming the field.
    ['a budget of 1e400 (Infinity once parsed)', '{"type":"enabled","budget_tokens":1e400}', 'invalid request: thinking.budget_tokens: expected number, got Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML)'],
    ['a budget given as text', '{"type":"enabled","budget_tokens":"2048"}', 'invalid request: thinking.budget_tokens: expected number, got "2048"'],
    ['a budget of 1536.5', '{"type":"enabled","budget_tokens":1536.5}', 'invalid request: thinking.budget_tokens: expected int, got 1536.5'],
    ['no budget', '{"type":"enabled"}', 'thinking.enabled.budget_tokens: Field required'],
    ['a budget of -5', '{"type":"enabled","budget_tokens":-5}', 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'],
    ['a type "__proto__"', '{"type":"__proto__"}', "thinking: Input tag '__proto__' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'"],
  ];
  for (const [what, thinking, message] of CASES) {
    it(`${what} is refused, naming the field, on a translated OpenAI model and on Claude`, async () => {
      for (const model of ['mini', 'sonnet']) {
        const answer = await post('/v1/messages', messages(model, thinking));
        expect({ model, status: answer.status, message: answer.message }).toEqual({ model, status: 400, message });
      }
    });
  }

  it('a type of 5,000 characters is quoted to 100', async () => {
    const answer = await post('/v1/messages', messages('mini', JSON.stringify({ type: 'x'.repeat(5_000) })));
    expect(answer.status).toBe(400);
    expect(answer.message.length).toBeLessThan(250);
  });

  it('enabled with a budget, adaptive and disabled still answer on the translated model', async () => {
    for (const thinking of ['{"type":"enabled","budget_tokens":2048}', '{"type":"adaptive"}', '{"type":"disabled"}']) expect((await post('/v1/messages', messages('mini', thinking))).status).toBe(200);
  });
});
