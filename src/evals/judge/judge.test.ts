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
      return { text: reply(system, user, call.trial ?? 0), inputTokens: 10, outputTokens: 5, costUsd: 0.001, latencyMs: 1, traceId: `tr_fake${calls.length}`, upstreamModel: null, cached: false };
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

  it('says what an unreadable reply held (its length, its shape, the judge call\'s trace) without quoting a word of it', () => {
    // The judge read the conversation: its reply restates it, and this message reaches logs
    // (online evaluation), run reports and trace decisions. It quoted 160 characters of the reply.
    const pii = 'The answer to Jane Doe (jane.doe@example.com, card 4111 1111 1111 1111) looks fine to me.';
    const refusal = (call: () => unknown) => {
      try {
        call();
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('parsed');
    };
    const expected = 'the judge\'s reply has no score: expected {"reason": "…", "score": <number>} or "Score: <number>"';
    expect(refusal(() => parseJudgeReply(pii, [1, 5], 'tr_judge1'))).toBe(`${expected} (${pii.length} characters: no JSON object and no "Score: <number>"; the reply is on trace tr_judge1)`);
    expect(refusal(() => parseJudgeReply('{"reason":"Jane is fine","score":"N/A"}', [1, 5]))).toBe(`${expected} (39 characters: a JSON object whose "score" is a string that is no number)`);
    expect(refusal(() => parseJudgeReply('{"reason":"Jane is fine"}', [1, 5]))).toBe(`${expected} (25 characters: a JSON object with no "score")`);
    expect(refusal(() => parseJudgeReply('  ', [1, 5], 'tr_2'))).toBe(`${expected} (an empty reply; the reply is on trace tr_2)`);
    expect(refusal(() => parseWinner(pii, 'tr_p'))).toBe(`the pairwise judge named no winner: expected {"reason": "…", "winner": "A" | "B" | "tie"} (${pii.length} characters: no JSON object and no "Winner: A|B|tie"; the reply is on trace tr_p)`);
    expect(refusal(() => parseWinner('{"winner":"Jane"}'))).toContain('(17 characters: a JSON object whose "winner" is not "A", "B" or "tie")');
  });

  it('names the judge call\'s trace when runJudge cannot read its reply', async () => {
    const caller = fakeCaller(() => 'Jane Doe at jane.doe@example.com sounds happy');
    const spec = judgeSpec({ model: 'judge', rubric: 'Correct?' });
    const error = await runJudge(caller, spec, { input: 'q', output: 'a' }, tags).then(() => undefined, (e: Error) => e);
    expect(error?.message).toMatch(/\(45 characters: no JSON object and no "Score: <number>"; the reply is on trace tr_fake1\)$/);
    expect(error?.message).not.toContain('jane');
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
    expect(report.test.warnings[0]).toMatch(/only 20 human labels in the test split/);
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
    // A perfect judge agrees fully either way (κ 1 = 1): the cheaper prompt, without anchors, wins the tie.
    expect(report.candidates.map((c) => c.devKappa)).toEqual([1, 1]);
    expect(report.chosen.label).toBe('rubric 1');
  });

  it('shows the judge structured inputs and references as JSON, text as is', async () => {
    const caller = fakeCaller(() => JSON.stringify({ reason: 'r', score: 3 }));
    const structured: DatasetItem[] = [
      { id: 's1', input: { question: 'where?' }, expected: { city: 'Oslo' }, output: 'answer one', humanScore: 1 },
      { id: 's2', input: 'plain question', expected: 'plain reference', output: 'answer two', humanScore: 2 },
      { id: 's3', input: 'no reference', output: 'answer three', humanScore: 3 },
      { id: 's4', input: 'q4', output: 'answer four', humanScore: 4 },
    ];
    await calibrateJudge(caller, structured, { model: 'j', rubrics: ['r'], calibrationId: 'cal_5', anchorsPerScore: 0, trials: 1 });
    const userOf = (id: string) => String(caller.calls.find((c) => c.tags.case === id)?.messages.at(-1)?.content);
    expect(userOf('s1')).toBe('Question:\n{"question":"where?"}\n\nReference answer:\n{"city":"Oslo"}\n\nAnswer to score:\nanswer one');
    expect(userOf('s2')).toBe('Question:\nplain question\n\nReference answer:\nplain reference\n\nAnswer to score:\nanswer two');
    expect(userOf('s3')).toBe('Question:\nno reference\n\nAnswer to score:\nanswer three');
  });

  it('uses only items with both an output and a human score, and needs four of them', async () => {
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: qualityIn(user) }));
    const unlabelled: DatasetItem[] = [
      { id: 'u1', input: 'no score', output: 'answer quality 3' },
      { id: 'u2', input: 'no output', humanScore: 2 },
    ];
    const four = items.slice(0, 4);
    const report = await calibrateJudge(caller, [...four, ...unlabelled], { model: 'j', rubrics: ['r'], calibrationId: 'cal_6', anchorsPerScore: 0, trials: 1 });
    expect(report.dev + report.test.n).toBe(4);
    expect(new Set(caller.calls.map((c) => c.tags.case))).toEqual(new Set(four.map((i) => i.id)));
    const refused = await calibrateJudge(caller, [...items.slice(0, 3), ...unlabelled], { model: 'j', rubrics: ['r'], calibrationId: 'x' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'invalid_request', message: 'calibration needs at least 4 items with both "output" and "human_score" (found 3 of 5); score a few answers 1–5 first' });
  });

  it('keeps at least two items on each side whatever the test fraction', async () => {
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: qualityIn(user) }));
    const most = await calibrateJudge(caller, items.slice(0, 10), { model: 'j', rubrics: ['r'], calibrationId: 'cal_7', testFraction: 0.95, anchorsPerScore: 0, trials: 1 });
    expect([most.test.n, most.dev]).toEqual([8, 2]);
    const least = await calibrateJudge(caller, items.slice(0, 10), { model: 'j', rubrics: ['r'], calibrationId: 'cal_8', testFraction: 0.01, anchorsPerScore: 0, trials: 1 });
    expect([least.test.n, least.dev]).toEqual([2, 8]);
    const third = await calibrateJudge(caller, items.slice(0, 10), { model: 'j', rubrics: ['r'], calibrationId: 'cal_9', testFraction: 0.3, anchorsPerScore: 0, trials: 1 });
    expect([third.test.n, third.dev]).toEqual([3, 7]);
  });

  it('ranks a candidate whose κ is undefined (one item left to score on dev) below every other', async () => {
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: qualityIn(user) }));
    // Four items: two on test, two on dev; the anchored variant keeps one dev item as its anchor.
    const report = await calibrateJudge(caller, items.slice(0, 4), { model: 'j', rubrics: ['r'], calibrationId: 'cal_10', seed: 2, trials: 1 });
    const [plain, anchored] = report.candidates;
    expect(plain).toMatchObject({ label: 'rubric 1', devScored: 2, devKappa: 1 });
    expect(anchored).toMatchObject({ label: 'rubric 1, 1 anchors', devScored: 1 });
    expect(Number.isNaN(anchored?.devKappa)).toBe(true);
    expect(report.chosen.label).toBe('rubric 1');
  });

  it('prefers a candidate with a negative κ over one whose κ is undefined', async () => {
    // The judge inverts the scale: κ on dev is negative, but defined; the anchored variant has one dev item.
    const caller = fakeCaller((_, user) => JSON.stringify({ reason: 'r', score: 6 - qualityIn(user) }));
    const report = await calibrateJudge(caller, items.slice(0, 4), { model: 'j', rubrics: ['r'], calibrationId: 'cal_11', seed: 2, trials: 1 });
    expect(report.candidates[0]?.devKappa).toBeLessThan(0);
    expect(report.chosen.label).toBe('rubric 1');
  });

  it('counts the items the judge could not score, and leaves them out of the agreement', async () => {
    const caller = fakeCaller((_, user) => (qualityIn(user) === 1 ? 'I cannot decide' : JSON.stringify({ reason: 'r', score: qualityIn(user) })));
    const report = await calibrateJudge(caller, items, { model: 'j', rubrics: ['r'], calibrationId: 'cal_12', seed: 3, anchorsPerScore: 0, trials: 1 });
    const onesOn = (variant: string) => scoredBy(caller, variant).filter((id) => humanOf(id) === 1).length;
    expect(report.candidates[0]?.failures).toBe(onesOn('rubric 1'));
    expect(report.candidates[0]?.devScored).toBe(20 - onesOn('rubric 1'));
    expect(report.testFailures).toBe(onesOn('rubric 1 (test)'));
    expect(report.test.n).toBe(20 - onesOn('rubric 1 (test)'));
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
    expect(report.test.warnings.join(' ')).toMatch(/only \d human labels?.*anywhere from \d+% to 100%/);
    await expect(calibrateJudge(caller, items.slice(0, 3), { model: 'j', rubrics: ['r'], calibrationId: 'x' })).rejects.toThrow(/at least 4 items .* \(found 3 of 3\)/);
  });
});
