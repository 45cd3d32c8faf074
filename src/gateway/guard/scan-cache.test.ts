import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardrailsSchema } from '../../config/guardrails-schema.js';
import { JsonText } from '../../core/json-text.js';
import { defaultNameTagger } from '../../guardrails/pii/ner/name-tagger.js';
import { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import { composeStages, type Stage } from '../pipeline.js';
import { openGuardSlot } from './guard-slot.js';

const REPLY = 'Sure, I will write to <EMAIL_1> about it today.';

/** A provider that answers every call with `REPLY` (placeholders in it are restored by guard-in). */
const provider: Stage = async (call) => {
  const body = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: REPLY }, finish_reason: 'stop', logprobs: null }] });
  call.response = new JsonText(body);
  return { kind: 'json', status: 200, body, headers: {} } satisfies Outcome;
};

function callWith(messages: readonly { role: string; content: string }[]): Call {
  const body = { model: 'm', messages };
  const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), body, signal: new AbortController().signal });
  call.model = 'm';
  return call;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the scan cache across the turns of a conversation', () => {
  it('scans each text of the history once: later requests scan only the new user turn, the answer sent back once, and the new answer', async () => {
    const slot = await openGuardSlot(
      guardrailsSchema.parse({
        pseudonym_key: 'test-identity-pseudonym-secret',
        policies: { full: { pii: { default_action: 'redact' }, injection: { action: 'flag' }, output: { pii: { action: 'flag' } } } },
        apply: { default: 'full' },
      }),
    );
    const run = composeStages([...slot.guardIn, ...slot.guardOut, provider]);
    const tagger = defaultNameTagger();
    if (!tagger) throw new Error('the shipped name tagger did not load');
    const tag = vi.spyOn(tagger, 'tag');
    const history: { role: string; content: string }[] = [{ role: 'system', content: 'You are a support agent for Acme.' }];
    const scannedPerTurn: string[][] = [];
    for (let turn = 1; turn <= 3; turn += 1) {
      history.push({ role: 'user', content: `Turn ${turn}: I am Ann Lee, write to ann.lee${turn}@example.com about order ${1000 + turn}.` });
      tag.mockClear();
      const outcome = await run(callWith(history));
      scannedPerTurn.push(tag.mock.calls.map(([text]) => text));
      const answer = outcome.kind === 'json' ? (JSON.parse(outcome.body) as { choices: { message: { content: string } }[] }).choices[0]!.message.content : '';
      history.push({ role: 'assistant', content: answer });
    }
    const user = (turn: number) => history[2 * turn - 1]!.content;
    const restored = (turn: number) => history[2 * turn]!.content;
    // The answer is checked for PII the model wrote (before restore) on every call: never cached.
    expect(scannedPerTurn[0]).toEqual([history[0]!.content, user(1), REPLY]);
    expect(scannedPerTurn[1]).toEqual([restored(1), user(2), REPLY]);
    // The first answer comes back restored with this turn's values: new text, scanned once.
    expect(restored(2)).toContain('ann.lee1@example.com');
    expect(restored(2)).toBe(restored(1));
    expect(scannedPerTurn[2]).toEqual([user(3), REPLY]);
  });
});
