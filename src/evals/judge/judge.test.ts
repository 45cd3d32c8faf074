import { describe, expect, it } from 'vitest';
import type { ChatCall, ChatResult, ModelCaller } from '../client/model-caller.js';
import type { DatasetItem } from '../types.js';
import { calibrateJudge } from './calibrate-judge.js';
import { buildJudgeMessages } from './judge-prompt.js';
import { judgeSpec } from './judge-spec.js';
import { pairwiseJudge } from './pairwise-judge.js';
import { parseJudgeReply, parseWinner } from './parse-judge-reply.js';
import { runJudge } from './run-judge.js';

/** A judge model in memory: `reply(system, user, trial)` decides the text. */
function fakeCaller(reply: (system: string, user: string, trial: number) => string): ModelCaller & { calls: ChatCall[] } {
  const calls: ChatCall[] = [];
  return {
    calls,
    async chat(call): Promise<ChatResult> {
      calls.push(call);
      const system = String(call.messages[0]?.content ?? '');
      const user = String(call.messages.at(-1)?.content ?? '');
      return { text: reply(system, user, call.trial ?? 0), inputTokens: 10, outputTokens: 5, costUsd: 0.001, latencyMs: 1, traceId: null, upstreamModel: null, cached: false };
    },
    async embed() {
      throw new Error('not used');
    },
  };
}

const tags = { eval_run: 'run_1', case: 'c1', variant: 'v' };

describe('judge replies', () => {
  it('reads JSON, fenced JSON and "Score: N", and refuses off-scale scores', () => {
    expect(parseJudgeReply('{"reason":"ok","score":4}', [1, 5])).toEqual({ score: 4, reason: 'ok' });
    expect(parseJudgeReply('```json\n{"score":"2","reason":"vague"}\n```', [1, 5])).toEqual({ score: 2, reason: 'vague' });
    expect(parseJudgeReply('Mostly right. Score: 3', [1, 5]).score).toBe(3);
    expect(() => parseJudgeReply('{"score":7}', [1, 5])).toThrow(/off the scale 1–5/);
    expect(() => parseJudgeReply('I like it', [1, 5])).toThrow(/has no score/);
    expect(parseWinner('{"winner":"b","reason":"cites policy"}')).toEqual({ winner: 'B', reason: 'cites policy' });
  });

  it('decides pass in code from the score, and normalises it', async () => {
    const caller = fakeCaller(() => '{"reason":"fine","score":3}');
    const spec = judgeSpec({ model: 'judge', rubric: 'Correct?' });
    expect(spec.passAt).toBe(4);
    expect(await runJudge(caller, spec, { input: 'q', output: 'a' }, tags)).toMatchObject({ pass: false, score: 0.5, raw: 3, reason: 'fine' });
    expect(await runJudge(caller, { ...spec, passAt: 3 }, { input: 'q', output: 'a' }, tags)).toMatchObject({ pass: true });
    expect(judgeSpec({ model: 'j', rubric: 'r', scale: [0, 1] }).passAt).toBe(1);
    // The request never asks the model whether the answer passes.
    expect(JSON.stringify(caller.calls[0]?.messages)).not.toMatch(/pass/i);
  });

  it('shows anchors and the reference answer to the judge', () => {
    const spec = judgeSpec({ model: 'j', rubric: 'Polite?', anchors: [{ input: 'Hi', output: 'Go away', score: 1 }] });
    const [system, user] = buildJudgeMessages(spec, { input: 'Where?', output: 'Here', expected: 'There' });
    expect(system?.content).toMatch(/Examples scored by people:\n\nQuestion: Hi\nAnswer: Go away\nScore: 1/);
    expect(user?.content).toBe('Question:\nWhere?\n\nReference answer:\nThere\n\nAnswer to score:\nHere');
  });
});

describe('pairwise judge with position swapping', () => {
  const judged = { input: 'q', candidate: 'CANDIDATE', baseline: 'BASELINE' };

  it('counts a win only when it survives the swap', async () => {
    // Always prefers the candidate, wherever it is placed.
    const fair = fakeCaller((_, user) => JSON.stringify({ winner: /Answer A:\nCANDIDATE/.test(user) ? 'A' : 'B', reason: 'better' }));
    expect(await pairwiseJudge(fair, 'j', 'Better?', judged, tags)).toMatchObject({ pass: true, score: 1 });
    expect(fair.calls).toHaveLength(2);
  });

  it('turns a position-biased verdict into a tie', async () => {
    const biased = fakeCaller(() => '{"winner":"A","reason":"first is best"}');
    const result = await pairwiseJudge(biased, 'j', 'Better?', judged, tags);
    expect(result).toMatchObject({ pass: true, score: 0.5 });
    expect(result.reason).toMatch(/flipped when the answers were swapped/);
  });

  it('counts a consistent loss', async () => {
    const prefersBaseline = fakeCaller((_, user) => JSON.stringify({ winner: /Answer A:\nBASELINE/.test(user) ? 'A' : 'B', reason: 'baseline' }));
    expect(await pairwiseJudge(prefersBaseline, 'j', 'Better?', judged, tags)).toMatchObject({ pass: false, score: 0 });
  });
});

describe('judge calibration', () => {
  // 40 human-scored answers; the output text says the true quality.
  const items: DatasetItem[] = Array.from({ length: 40 }, (_, i) => ({ id: `i${i}`, input: `question ${i}`, output: `answer quality ${(i % 5) + 1}`, humanScore: (i % 5) + 1 }));
  const qualityIn = (user: string) => Number(/answer quality (\d)/.exec(user.split('Answer to score:')[1] ?? '')?.[1]);

  /** The items a variant scored, read from the calls the judge received (not from the report). */
  const scoredBy = (caller: { calls: ChatCall[] }, variant: string) => caller.calls.filter((c) => c.tags.variant === variant).map((c) => String(c.tags.case));
  const humanOf = (id: string) => items.find((i) => i.id === id)?.humanScore as number;

  /**
   * Quadratic-weighted κ from its definition as squared differences, independent of the code
   * under test: 1 − mean over items of (h − j)² / mean over all (item, item') pairs of (h − j')².
   */
  function kappaByDefinition(h: number[], j: number[]): number {
    const observed = h.reduce((sum, x, i) => sum + (x - (j[i] as number)) ** 2, 0) / h.length;
    let expected = 0;
    for (const x of h) for (const y of j) expected += (x - y) ** 2;
    return 1 - observed / (expected / (h.length * j.length));
  }

  it('picks the rubric that agrees with people on dev and reports on the held-out test split', async () => {
    // Rubric "lazy" always says 3; rubric "careful" tracks the truth, one point lenient on 2s.
    const careful = (truth: number) => (truth === 2 ? 3 : truth);
    const caller = fakeCaller((system, user) => {
      const truth = qualityIn(user);
      const score = /Rubric: lazy/.test(system) ? 3 : careful(truth);
      return JSON.stringify({ reason: 'r', score });
    });
    const report = await calibrateJudge(caller, items, { model: 'j', rubrics: ['lazy', 'careful'], calibrationId: 'cal_1', seed: 3 });
    expect(report.candidates.map((c) => c.label)).toEqual(['rubric 1', 'rubric 1, 5 anchors', 'rubric 2', 'rubric 2, 5 anchors']);
    expect(report.chosen.spec.rubric).toBe('careful');
    // Fewer anchors win a tie: cheaper prompt, same agreement.
    expect(report.chosen.spec.anchors).toHaveLength(0);

    // Test split: the items judged under "(test)"; dev: the ones the plain rubric scored. Half each, disjoint.
    const test = scoredBy(caller, 'rubric 2 (test)');
    const dev = scoredBy(caller, 'rubric 2');
    expect(test).toHaveLength(20);
    expect(dev).toHaveLength(20);
    expect(new Set([...test, ...dev]).size).toBe(40);
    expect(report.dev).toBe(20);
    expect(report.test.n).toBe(20);

    // Expectations from the items themselves: the judge is off by +1 on each 2 and exact elsewhere.
    const h = test.map(humanOf);
    const j = h.map(careful);
    const twos = h.filter((x) => x === 2).length;
    expect(twos).toBeGreaterThan(0);
    expect(report.test.exact.estimate).toBeCloseTo((20 - twos) / 20, 12);
    expect(report.test.withinOne.estimate).toBe(1);
    expect(report.test.bias.estimate).toBeCloseTo(twos / 20, 12);
    expect(report.test.kappa.estimate).toBeCloseTo(kappaByDefinition(h, j), 12);
    expect(report.test.kappa.low).toBeLessThan(report.test.kappa.estimate);
    expect(report.test.flipRate?.estimate).toBe(0);
    expect(report.test.warnings[0]).toMatch(/only 20 human label\(s\) in the test split/);
    // The lazy rubric has κ 0 on dev (a constant judge); the careful one its own κ on dev.
    const devH = dev.map(humanOf);
    expect(report.candidates[0]?.devKappa).toBeCloseTo(0, 12);
    expect(report.candidates[2]?.devKappa).toBeCloseTo(kappaByDefinition(devH, devH.map(careful)), 12);
  });

  it('never scores an anchor on dev: the judge would be grading its own worked example', async () => {
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: qualityIn(user) }));
    const report = await calibrateJudge(caller, items, { model: 'j', rubrics: ['r'], calibrationId: 'cal_4', seed: 3 });
    const anchored = report.candidates.find((c) => c.label === 'rubric 1, 5 anchors');
    expect(anchored?.spec.anchors.map((a) => a.score).sort()).toEqual([1, 2, 3, 4, 5]);
    const anchorQuestions = new Set(anchored?.spec.anchors.map((a) => a.input));
    const scored = caller.calls.filter((c) => c.tags.variant === 'rubric 1, 5 anchors').map((c) => /Question:\n(.*)/.exec(String(c.messages.at(-1)?.content))?.[1]);
    expect(scored).toHaveLength(15);
    for (const question of scored) expect(anchorQuestions.has(question as string)).toBe(false);
    expect(anchored?.devScored).toBe(15);
    expect(report.candidates[0]?.devScored).toBe(20);
  });

  it('measures how often the judge flips between runs', async () => {
    // On the second run the judge changes its mind about every answer of true quality 1.
    const caller = fakeCaller((_, user, trial) => {
      const truth = qualityIn(user);
      return JSON.stringify({ reason: 'r', score: trial === 1 && truth === 1 ? 2 : truth });
    });
    const report = await calibrateJudge(caller, items.slice(0, 20), { model: 'j', rubrics: ['r'], calibrationId: 'cal_2', seed: 3 });
    const test = scoredBy(caller, 'rubric 1 (test)');
    const onesInTest = test.filter((id) => humanOf(id) === 1).length;
    expect(onesInTest).toBeGreaterThan(0);
    expect(scoredBy(caller, 'rubric 1 (test, trial 2)').sort()).toEqual([...test].sort());
    expect(report.test.flipRate?.estimate).toBeCloseTo(onesInTest / test.length, 12);
  });

  it('warns plainly that five labels say little, and refuses fewer than four', async () => {
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: qualityIn(user) }));
    const report = await calibrateJudge(caller, items.slice(0, 5), { model: 'j', rubrics: ['r'], calibrationId: 'cal_3', anchorsPerScore: 0 });
    expect(report.test.warnings.join(' ')).toMatch(/only \d human label\(s\).*anywhere from \d+% to 100%/);
    await expect(calibrateJudge(caller, items.slice(0, 3), { model: 'j', rubrics: ['r'], calibrationId: 'x' })).rejects.toThrow(/at least 4 items .* \(found 3 of 3\)/);
  });
});
