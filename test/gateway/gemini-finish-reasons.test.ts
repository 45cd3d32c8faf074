import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, threeVendorProviders } from '../../src/test-support/gateway-harness.js';

/**
 * Each reason Gemini ends an answer with (@google/genai 3.6.1's FinishReason), as an OpenAI and an
 * Anthropic client see it. Policy blocks (the safety family, an escalation rule, an account limited
 * for Prohibited Use Policy violations, Model Armor) are OpenAI's content_filter and Claude's
 * refusal; a cut at a token limit (MAX_TOKENS, CONTINUATION) is length / max_tokens; the rest end
 * the turn. Before, ESCALATION, PUP_LIMITED_DISABLED, MODEL_ARMOR and CONTINUATION reached both
 * clients as a natural stop.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness('', (sim) => `
${threeVendorProviders(sim)}
models:
  flash: { provider: gem, model: gemini-2.5-flash }
`);
});
afterAll(() => h.close());

const EXPECTED: [reason: string, openai: string, anthropic: string][] = [
  ['STOP', 'stop', 'end_turn'],
  ['MAX_TOKENS', 'length', 'max_tokens'],
  ['SAFETY', 'content_filter', 'refusal'],
  ['RECITATION', 'content_filter', 'refusal'],
  ['LANGUAGE', 'stop', 'end_turn'],
  ['OTHER', 'stop', 'end_turn'],
  ['BLOCKLIST', 'content_filter', 'refusal'],
  ['PROHIBITED_CONTENT', 'content_filter', 'refusal'],
  ['SPII', 'content_filter', 'refusal'],
  ['MALFORMED_FUNCTION_CALL', 'stop', 'end_turn'],
  ['IMAGE_SAFETY', 'content_filter', 'refusal'],
  ['IMAGE_PROHIBITED_CONTENT', 'content_filter', 'refusal'],
  ['IMAGE_OTHER', 'stop', 'end_turn'],
  ['NO_IMAGE', 'stop', 'end_turn'],
  ['IMAGE_RECITATION', 'content_filter', 'refusal'],
  ['UNEXPECTED_TOOL_CALL', 'stop', 'end_turn'],
  ['TOO_MANY_TOOL_CALLS', 'stop', 'end_turn'],
  ['MISSING_THOUGHT_SIGNATURE', 'stop', 'end_turn'],
  ['MALFORMED_RESPONSE', 'stop', 'end_turn'],
  ['ESCALATION', 'content_filter', 'refusal'],
  ['PUP_LIMITED_DISABLED', 'content_filter', 'refusal'],
  ['CONTINUATION', 'length', 'max_tokens'],
  ['MODEL_ARMOR', 'content_filter', 'refusal'],
];

describe("Gemini's finish reasons through the gateway", () => {
  it.each(EXPECTED)('%s reaches an OpenAI client as %s and an Anthropic client as %s, whole and streamed', async (reason, finish, stop) => {
    h.sim.clearScripts();
    h.sim.addScript({ match: 'Tell me', reply: 'Some words.', gemini_finish_reason: reason as never });
    const messages = [{ role: 'user' as const, content: `Tell me something (${reason}).` }];
    const openai = h.openai('x');
    const whole = await openai.chat.completions.create({ model: 'flash', messages });
    expect(whole.choices[0]?.finish_reason).toBe(finish);
    const chunks = await openai.chat.completions.create({ model: 'flash', messages, stream: true });
    const finishes: (string | null)[] = [];
    for await (const chunk of chunks) for (const choice of chunk.choices) if (choice.finish_reason) finishes.push(choice.finish_reason);
    expect(finishes).toEqual([finish]);

    const anthropic = h.anthropic('x');
    const message = await anthropic.messages.create({ model: 'flash', max_tokens: 200, messages });
    expect(message.stop_reason).toBe(stop);
    const events = await anthropic.messages.create({ model: 'flash', max_tokens: 200, messages, stream: true });
    let streamedStop: string | null | undefined;
    for await (const event of events) if (event.type === 'message_delta') streamedStop = event.delta.stop_reason;
    expect(streamedStop).toBe(stop);
  });

  it('the simulator refuses a finish reason Gemini does not send, naming the field and the known ones', () => {
    expect(() => h.sim.addScript({ reply: 'x', gemini_finish_reason: 'ESCALATED' as never })).toThrow(/"gemini_finish_reason" must be one of STOP, .*MODEL_ARMOR; got "ESCALATED"/);
  });
});
