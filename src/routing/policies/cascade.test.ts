import { describe, expect, it, vi } from 'vitest';
import type { ChatCompletionRequest } from '../../core/openai-wire.js';
import { type CascadeRoute, routeSchema } from '../../config/route-schema.js';
import { logprobStats } from './answer-checks.js';
import { type CascadeJudge, cascadeNeedsLogprobs, checkCascade } from './cascade.js';

const request: ChatCompletionRequest = { model: 'triage', messages: [{ role: 'user', content: 'Classify: my card was stolen' }] };
const cascade = (escalate_on: Record<string, unknown>, targets = ['small', 'medium', 'claude']) => routeSchema.parse({ policy: 'cascade', targets, escalate_on }) as CascadeRoute;
const logprobs = (...values: number[]) => ({ content: values.map((logprob, i) => ({ token: `t${i}`, logprob, bytes: [], top_logprobs: [] })) });

describe('checkCascade: validation', () => {
  const route = cascade({ validation: { json_schema: { type: 'object', required: ['intent'], properties: { intent: { enum: ['lost_card', 'refund'] } } } } });

  it('accepts a valid JSON answer, also inside a Markdown fence', async () => {
    expect(await checkCascade(route, { step: 0, answer: { text: '{"intent":"lost_card"}' }, request })).toEqual({ action: 'accept', target: 'small', reason: 'step 1 accepted: passed validation' });
    const fenced = await checkCascade(route, { step: 0, answer: { text: '```json\n{"intent":"refund"}\n```' }, request });
    expect(fenced.action).toBe('accept');
  });

  it('escalates to the next target on non-JSON and on a schema violation, saying where', async () => {
    expect(await checkCascade(route, { step: 0, answer: { text: 'lost card' }, request })).toEqual({
      action: 'escalate',
      target: 'medium',
      trigger: 'validation',
      reason: 'step 1 escalated on validation: answer is not JSON',
    });
    const wrong = await checkCascade(route, { step: 1, answer: { text: '{"intent":"stolen"}' }, request });
    expect(wrong).toMatchObject({ action: 'escalate', target: 'claude', trigger: 'validation' });
    expect(wrong.reason).toContain('answer violates the JSON schema: intent: must be one of');
  });

  it('checks a label set (optionally ignoring case) and a regex', async () => {
    const labels = cascade({ validation: { labels: ['lost_card', 'refund'], ignore_case: true } });
    expect((await checkCascade(labels, { step: 0, answer: { text: ' Lost_Card\n' }, request })).action).toBe('accept');
    expect(await checkCascade(labels, { step: 0, answer: { text: 'stolen' }, request })).toMatchObject({ action: 'escalate', reason: 'step 1 escalated on validation: answer "stolen" is not one of the 2 labels' });
    const regex = cascade({ validation: { regex: '^\\d{4}-\\d{2}-\\d{2}$' } });
    expect((await checkCascade(regex, { step: 0, answer: { text: '2024-05-01' }, request })).action).toBe('accept');
    expect((await checkCascade(regex, { step: 0, answer: { text: 'May 1st' }, request })).trigger).toBe('validation');
  });

  it('reports the last target failing as exhausted, not as an escalation', async () => {
    expect(await checkCascade(route, { step: 2, answer: { text: 'nope' }, request })).toEqual({ action: 'exhausted', target: 'claude', trigger: 'validation', reason: 'last target failed validation: answer is not JSON' });
  });
});

describe('checkCascade: confidence', () => {
  const route = cascade({ confidence: { min_mean_logprob: -0.5, min_token_logprob: -3 } }, ['small', 'claude']);

  it('accepts confident answers and escalates on a low mean or one very unlikely token', async () => {
    expect(await checkCascade(route, { step: 0, answer: { text: 'refund', logprobs: logprobs(-0.1, -0.2) }, request })).toMatchObject({ action: 'accept', reason: 'step 1 accepted: mean logprob -0.15' });
    expect(await checkCascade(route, { step: 0, answer: { text: 'refund', logprobs: logprobs(-0.9, -0.8) }, request })).toMatchObject({
      action: 'escalate',
      target: 'claude',
      trigger: 'confidence',
      reason: 'step 1 escalated on confidence: mean token logprob -0.850 < -0.5',
    });
    expect((await checkCascade(route, { step: 0, answer: { text: 'x', logprobs: logprobs(0, 0, 0, 0, 0, 0, 0, -3.5) }, request })).reason).toContain('lowest token logprob -3.500 < -3');
  });

  it('treats missing log-probs as configured', async () => {
    expect((await checkCascade(route, { step: 0, answer: { text: 'refund' }, request })).action).toBe('accept');
    const strict = cascade({ confidence: { min_mean_logprob: -0.5, when_missing: 'escalate' } }, ['small', 'claude']);
    expect(await checkCascade(strict, { step: 0, answer: { text: 'refund', logprobs: { content: null } }, request })).toMatchObject({ action: 'escalate', reason: 'step 1 escalated on confidence: no token logprobs from the provider' });
    expect(cascadeNeedsLogprobs(strict)).toBe(true);
  });

  it('reads token entries collected from a stream as well as the OpenAI object', () => {
    expect(logprobStats([{ logprob: -1 }, { logprob: -3 }, { token: 'no number' }])).toEqual({ mean: -2, min: -3, tokens: 2 });
    expect(logprobStats('garbage')).toBeUndefined();
  });
});

describe('checkCascade: judge', () => {
  const route = cascade({ validation: { labels: ['lost_card', 'refund'] }, judge: { model: 'claude', min_score: 0.7, rubric: 'Is the label right?' } }, ['small', 'claude']);

  it('asks the injected judge only after the local checks pass, and escalates below the threshold', async () => {
    const judge = vi.fn<CascadeJudge>(async () => 0.4);
    expect(await checkCascade(route, { step: 0, answer: { text: 'refund' }, request }, { judge })).toEqual({
      action: 'escalate',
      target: 'claude',
      trigger: 'judge',
      judgeScore: 0.4,
      reason: 'step 1 escalated on judge: score 0.40 < 0.7',
    });
    expect(judge).toHaveBeenCalledWith(request, 'refund', { model: 'claude', min_score: 0.7, rubric: 'Is the label right?' });
    judge.mockClear();
    await checkCascade(route, { step: 0, answer: { text: 'not a label' }, request }, { judge });
    expect(judge).not.toHaveBeenCalled();
  });

  it('accepts a well-judged answer and never judges the last target', async () => {
    const judge = vi.fn<CascadeJudge>(async () => 0.9);
    expect(await checkCascade(route, { step: 0, answer: { text: 'lost_card' }, request }, { judge })).toEqual({ action: 'accept', target: 'small', judgeScore: 0.9, reason: 'step 1 accepted: passed validation, judge 0.90 >= 0.7' });
    judge.mockClear();
    expect((await checkCascade(route, { step: 1, answer: { text: 'refund' }, request }, { judge })).action).toBe('accept');
    expect(judge).not.toHaveBeenCalled();
  });

  it('escalates when the judge fails, returns nonsense, or is not wired', async () => {
    const failing: CascadeJudge = async () => {
      throw new Error('upstream 503\r\nInjected: header');
    };
    const failed = await checkCascade(route, { step: 0, answer: { text: 'refund' }, request }, { judge: failing });
    expect(failed).toMatchObject({ action: 'escalate', trigger: 'judge', reason: 'step 1 escalated on judge: judge call failed: upstream 503 Injected: header' });
    expect((await checkCascade(route, { step: 0, answer: { text: 'refund' }, request }, { judge: async () => 7 })).reason).toContain('judge returned 7, expected a score in [0, 1]');
    expect((await checkCascade(route, { step: 0, answer: { text: 'refund' }, request }, { judge: async () => Number.NaN })).action).toBe('escalate');
    expect((await checkCascade(route, { step: 0, answer: { text: 'refund' }, request })).reason).toContain('no judge function is wired');
  });

  it('refuses a step outside the cascade', async () => {
    await expect(checkCascade(route, { step: 5, answer: { text: 'x' }, request })).rejects.toThrow('cascade step 5 is outside targets[0..1]');
  });
});
