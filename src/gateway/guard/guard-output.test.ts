import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import { jsonSchemaCheck } from '../../guardrails/policy/index.js';
import { Call } from '../call.js';
import type { Outcome } from '../outcome.js';
import { composeStages } from '../pipeline.js';
import type { CompiledPolicy } from './compile-policy.js';
import { guardOutput } from './guard-output.js';
import { type GuardState, startRecord } from './guard-state.js';

const schema = { type: 'object', required: ['intent'] };

function policy(max: number, action: 'block' | 'flag'): CompiledPolicy {
  const check = jsonSchemaCheck({ schema, action });
  return {
    name: 'p',
    pii: undefined,
    injection: undefined,
    injectionJudge: undefined,
    input: [],
    output: { checks: [check], buffer: true, reask: { check, max, schema } },
    attachments: { images: 'allow', audio: 'allow', files: 'allow' },
    onError: 'closed',
    traceOriginals: false,
    restoreThinking: true,
  };
}

/** A provider stage that answers with the given texts in turn, or throws for an Error. */
function provider(answers: (string | Error)[]) {
  let n = 0;
  return async (call: Call): Promise<Outcome> => {
    const answer = answers[n++];
    if (answer instanceof Error || answer === undefined) throw answer ?? new Error('no more answers');
    call.usage = { inputTokens: 10 * n, cachedTokens: 0, cacheWriteTokens: 0, outputTokens: n, reasoningTokens: 0, estimated: false };
    call.response = { choices: [{ message: { content: answer } }] };
    return { kind: 'json', status: 200, body: JSON.stringify({ choices: [{ message: { content: answer } }] }), headers: {} };
  };
}

function run(p: CompiledPolicy, answers: (string | Error)[]) {
  const body = { model: 'm', messages: [{ role: 'user', content: 'classify' }] };
  const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), body, signal: new AbortController().signal });
  const states = new WeakMap<Call, GuardState>();
  states.set(call, startRecord(call, p));
  const stages = composeStages([guardOutput(states), provider(answers)]);
  return { call, outcome: stages(call) };
}

const actions = (call: Call) => (call.decisions?.guardrails as { name: string; action: string }[]).map((e) => `${e.name}=${e.action}`);

describe('guardOutput re-ask', () => {
  it('re-asks until the answer is valid and counts the rejected answers’ tokens', async () => {
    const { call, outcome } = run(policy(2, 'block'), ['nope', 'still nope', '{"intent":"refund"}']);
    expect((await outcome).kind).toBe('json');
    expect(actions(call)).toEqual(['json-schema=reask', 'json-schema=reask', 'json-schema=pass']);
    expect(call.totalUsage()).toMatchObject({ inputTokens: 60, outputTokens: 6 });
    // The turns go on the body in the client's format (sent natively where the provider speaks it).
    expect((call.body.messages as { role: string }[]).map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user']);
    expect((call.body.messages as { content: string }[])[1]?.content).toBe('nope');
  });

  it('a re-ask that fails leaves the last answer to the check: blocked under `block`', async () => {
    const { call, outcome } = run(policy(1, 'block'), ['nope', new SwitchyardError('upstream_error', 'provider down')]);
    const result = await outcome;
    expect(result.kind === 'error' && result.error.message).toMatch(/^answer blocked by the "json-schema" guardrail/);
    expect(actions(call)).toEqual(['json-schema=reask', 'json-schema=warn', 'json-schema=block']);
    expect((call.decisions?.guardrails as { reason: string }[])[1]?.reason).toBe('re-ask 1 failed (provider down): answer 1 is checked as the last');
    // The failed re-ask cost nothing; the first answer's tokens are the call's again.
    expect(call.totalUsage()).toMatchObject({ inputTokens: 10, outputTokens: 1 });
    expect(call.spentBeforeUsd).toBe(0);
  });

  it('…and delivered, flagged, under `flag`', async () => {
    const { call, outcome } = run(policy(1, 'flag'), ['nope', new SwitchyardError('upstream_error', 'provider down')]);
    const result = await outcome;
    expect(result.kind === 'json' && JSON.parse(result.body).choices[0].message.content).toBe('nope');
    expect(actions(call)).toEqual(['json-schema=reask', 'json-schema=warn', 'json-schema=flag']);
    expect((call.decisions?.reask as { attempts: { action: string }[] }).attempts.map((a) => a.action)).toEqual(['reask', 'error']);
  });
});
