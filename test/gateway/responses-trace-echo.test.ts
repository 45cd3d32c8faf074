import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';

/**
 * A Response echoes request fields a PII policy rewrites: `user`, `safety_identifier`,
 * `prompt_cache_key`, `metadata` (keyed pseudonyms) and `instructions` (placeholders). The trace's
 * Response must agree with the trace's request: `trace: redacted` (the default) keeps what went
 * upstream, `trace: original` what the client saw. Before, a chat provider's Response (which the
 * gateway writes from the client's request) kept the client's address in a redacted trace, and a
 * native provider's echo kept the pseudonyms in an original one, streamed or not.
 */
const EMAIL = 'jane.doe@example.com';
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
providers:
  chat:   { type: openai, base_url: ${sim}/v1, api_key: sk-up }
  native: { type: openai, base_url: ${sim}/v1, api_key: sk-up, responses: native }
  anth:   { type: anthropic, base_url: ${sim}, api_key: sk-ant-up }
models:
  claude:     { provider: anth, model: claude-standin }
  translated: { provider: chat, model: standin-small }
  native:     { provider: native, model: standin-small }
keys:
  - { key: sk-sy-redacted, name: redacted }
  - { key: sk-sy-original, name: original }
guardrails:
  policies:
    redacted: { pii: { default_action: redact } }
    original: { pii: { default_action: redact }, trace: original }
  apply: { keys: { redacted: redacted, original: original } }
  pseudonym_key: "0123456789abcdef0123456789"
`);
  // The model writes the placeholder it was sent back into its answer.
  h.sim.addScript({ match: 'refund', reply: 'Hello <EMAIL_1>, your refund is on its way.' });
});
afterAll(() => h.close());

const request = { input: `My email is ${EMAIL}, where is my refund?`, instructions: `Write to ${EMAIL}`, user: EMAIL, metadata: { email: EMAIL } };

async function ask(key: string, model: string, stream: boolean): Promise<{ client: Record<string, unknown>; traceId: string }> {
  const openai = h.openai(key);
  if (!stream) {
    const { data, response } = await openai.responses.create({ model, ...request }).withResponse();
    return { client: { text: data.output_text, user: data.user, metadata: data.metadata, instructions: data.instructions }, traceId: response.headers.get('x-switchyard-trace-id') ?? '' };
  }
  const { data, response } = await openai.responses.create({ model, stream: true, ...request }).withResponse();
  let text = '';
  let done: OpenAI.Responses.Response | undefined;
  for await (const event of data) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') done = event.response;
  }
  return { client: { text, user: done?.user, metadata: done?.metadata, instructions: done?.instructions }, traceId: response.headers.get('x-switchyard-trace-id') ?? '' };
}

const seen = { text: `Hello ${EMAIL}, your refund is on its way.`, user: EMAIL, metadata: { email: EMAIL }, instructions: `Write to ${EMAIL}` };

describe('a Responses trace under a PII policy', () => {
  for (const model of ['translated', 'native']) {
    for (const stream of [false, true]) {
      const how = `${model}${stream ? ', streamed' : ''}`;

      it(`trace: redacted keeps the Response as it went upstream (${how})`, async () => {
        const { client, traceId } = await ask('sk-sy-redacted', model, stream);
        expect(client).toEqual(seen);
        const trace = await h.traceOf(traceId);
        const response = trace.response as Record<string, unknown>;
        expect(JSON.stringify(trace.response)).not.toContain(EMAIL);
        expect(JSON.stringify(trace.request)).not.toContain(EMAIL);
        expect(response.user).toMatch(/^sy-user-[0-9a-f]{24}$/);
        expect(response.instructions).toBe('Write to <EMAIL_1>');
        expect(JSON.stringify(response.metadata)).toMatch(/"sy-meta-[0-9a-f]{24}"/);
        // The request agrees: the pseudonyms that went upstream, not placeholders (it said "user": "<EMAIL_1>").
        const sentRequest = trace.request as Record<string, unknown>;
        expect({ user: sentRequest.user, metadata: sentRequest.metadata, instructions: sentRequest.instructions }).toEqual({ user: response.user, metadata: response.metadata, instructions: response.instructions });
        expect(sentRequest.input).toBe('My email is <EMAIL_1>, where is my refund?');
      });

      it(`trace: original keeps the Response the client saw (${how})`, async () => {
        const { client, traceId } = await ask('sk-sy-original', model, stream);
        expect(client).toEqual(seen);
        const trace = await h.traceOf(traceId);
        const response = trace.response as Record<string, unknown>;
        expect(JSON.stringify(response)).not.toMatch(/sy-(?:user|meta)-|<EMAIL_1>/);
        expect({ user: response.user, metadata: response.metadata, instructions: response.instructions }).toEqual({ user: EMAIL, metadata: { email: EMAIL }, instructions: `Write to ${EMAIL}` });
        expect(JSON.stringify(response.output)).toContain(seen.text);
        const sentRequest = trace.request as Record<string, unknown>;
        expect({ user: sentRequest.user, metadata: sentRequest.metadata, instructions: sentRequest.instructions }).toEqual({ user: response.user, metadata: response.metadata, instructions: response.instructions });
      });
    }
  }
});

describe('a redacted chat or messages trace keeps the identity fields as they went upstream, as a Responses trace does', () => {
  it('OpenAI chat: user, safety_identifier, prompt_cache_key, metadata and a message name are the pseudonyms the provider got', async () => {
    const openai = h.openai('sk-sy-redacted');
    const { response } = await openai.chat.completions
      .create({ model: 'translated', user: EMAIL, safety_identifier: EMAIL, prompt_cache_key: EMAIL, metadata: { email: EMAIL }, messages: [{ role: 'user', name: EMAIL, content: `My email is ${EMAIL}` }] })
      .withResponse();
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as Record<string, unknown> & { messages: { name?: string; content: string }[] };
    const trace = (await h.traceOf(response)).request as typeof upstream;
    expect(upstream.user).toMatch(/^sy-user-[0-9a-f]{24}$/);
    expect({ user: trace.user, safety_identifier: trace.safety_identifier, prompt_cache_key: trace.prompt_cache_key, metadata: trace.metadata, name: trace.messages[0]?.name }).toEqual({
      user: upstream.user,
      safety_identifier: upstream.safety_identifier,
      prompt_cache_key: upstream.prompt_cache_key,
      metadata: upstream.metadata,
      name: upstream.messages[0]?.name,
    });
    expect(trace.messages[0]?.content).toBe('My email is <EMAIL_1>');
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
  });

  it('Anthropic messages: metadata.user_id is the pseudonym the provider got', async () => {
    const claude = h.anthropic('sk-sy-redacted');
    const { response } = await claude.messages.create({ model: 'claude', max_tokens: 50, metadata: { user_id: EMAIL }, messages: [{ role: 'user', content: `My email is ${EMAIL}` }] }).withResponse();
    const upstream = h.sim.stats().lastRequests.at(-1)?.body as { metadata: { user_id: string } };
    const trace = (await h.traceOf(response)).request as typeof upstream;
    expect(upstream.metadata.user_id).toMatch(/^sy-user-[0-9a-f]{24}$/);
    expect(trace.metadata).toEqual(upstream.metadata);
    expect(JSON.stringify(trace)).not.toContain(EMAIL);
  });
});
