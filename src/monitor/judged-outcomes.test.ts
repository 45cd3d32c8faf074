import { describe, expect, it } from 'vitest';
import { servedBy } from '../review/labelled-traces.js';
import { judgedSteps } from '../core/judged-steps.js';
import { type JudgedTrace, judgedUsageWords, preferReviews, routerRecordsFromJudged } from './judged-outcomes.js';

const targets = { weak: 'mini', strong: 'large' };
let n = 0;
/** A call through the cascade `extract` (mini, then large): the steps it took, the last one answering. */
function call(prompt: string, steps: { target: string; score?: number }[], online?: number): JudgedTrace {
  n++;
  const answered = steps[steps.length - 1]?.target ?? 'mini';
  return {
    traceId: `tr_${n}`,
    request: { model: 'extract', messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: prompt }] },
    served: servedBy({ requestedModel: 'extract', status: 200, decisions: { route: { steps: steps.map((s) => ({ route: 'extract', target: s.target })), model: answered } } }),
    cascade: steps.flatMap((s) => (s.score === undefined ? [] : [{ target: s.target, model: `upstream-${s.target}`, score: s.score }])),
    ...(online === undefined ? {} : { online }),
  };
}

describe('routerRecordsFromJudged', () => {
  it('makes a cheap answer the judge scored at or above the bar "good enough", and one below it "needs the strong one"', () => {
    const { records, usage } = routerRecordsFromJudged(
      [call('reset my password', [{ target: 'mini', score: 1 }]), call('prove the theorem', [{ target: 'mini', score: 0.25 }, { target: 'large' }]), call('at the bar', [{ target: 'mini', score: 0.75 }])],
      targets,
      { minScore: 0.75 },
    );
    expect(records).toEqual([
      { prompt: 'reset my password', weakScore: 1, strongScore: 1 },
      { prompt: 'prove the theorem', weakScore: 0, strongScore: 1 },
      { prompt: 'at the bar', weakScore: 1, strongScore: 1 },
    ]);
    expect(usage.cascade).toEqual({ good: 2, below: 1 });
  });

  it('moves the bar with --judge-min-score', () => {
    const half = [call('summarise this', [{ target: 'mini', score: 0.5 }])];
    expect(routerRecordsFromJudged(half, targets, { minScore: 0.75 }).records[0]?.weakScore).toBe(0);
    expect(routerRecordsFromJudged(half, targets, { minScore: 0.5 }).records[0]?.weakScore).toBe(1);
  });

  it('names the cheap step by its target or its model', () => {
    const byModel = routerRecordsFromJudged([call('hello', [{ target: 'mini', score: 1 }])], { weak: 'upstream-mini', strong: 'large' }, { minScore: 0.75 });
    expect(byModel.records).toHaveLength(1);
  });

  it('reads online evaluation scores of the delivered answer, pairing a strong one with a cheap one of the same prompt', () => {
    const { records, usage } = routerRecordsFromJudged(
      [
        call('hard one', [{ target: 'mini' }], 0.25),
        call('hard one', [{ target: 'large' }], 0),
        call('only strong', [{ target: 'large' }], 1),
        call('other model', [{ target: 'gpt-4o' }], 1),
      ],
      targets,
      { minScore: 0.75 },
    );
    // The strong answer failed as well: the cheap one was no worse.
    expect(records).toEqual([{ prompt: 'hard one', weakScore: 0, strongScore: 0 }]);
    expect(usage).toMatchObject({ online: { good: 0, below: 1 }, strong: { scored: 2, paired: 1 }, others: 1 });
  });

  it('counts a cheap answer both judges scored once, at the cascade judge’s score', () => {
    const { records, usage } = routerRecordsFromJudged([call('twice', [{ target: 'mini', score: 1 }], 0)], targets, { minScore: 0.75 });
    expect(records).toEqual([{ prompt: 'twice', weakScore: 1, strongScore: 1 }]);
    expect(usage.online).toEqual({ good: 0, below: 0 });
  });

  it('says where every judged answer went', () => {
    const judged = routerRecordsFromJudged([call('a', [{ target: 'mini', score: 1 }]), call('b', [{ target: 'mini' }], 0.25)], targets, { minScore: 0.75 });
    expect(judgedUsageWords(judged.usage, targets, { minScore: 0.75, scorer: 'judge' })).toBe(
      'cheap mini: cascade judge 1 at or above 0.75, 0 below; online scorer "judge" 0 at or above, 1 below; strong large: 0 scored (0 paired with a cheap answer); other models 0; 0 overruled by a review',
    );
  });
});

describe('preferReviews', () => {
  it('leaves out a judged record of a prompt people reviewed, and counts it', () => {
    const judged = routerRecordsFromJudged([call('reviewed', [{ target: 'mini', score: 0 }]), call('judged only', [{ target: 'mini', score: 0 }])], targets, { minScore: 0.75 });
    const kept = preferReviews(judged, [{ prompt: 'reviewed', weakScore: 1, strongScore: 1 }]);
    expect(kept.records).toEqual([{ prompt: 'judged only', weakScore: 0, strongScore: 1 }]);
    expect(kept.usage.overruled).toBe(1);
  });
});

describe('judgedSteps', () => {
  it('reads the steps a judge scored from decisions as a store gives them back, text or object', () => {
    const decisions = { route: { cascade: [{ target: 'mini', model: 'gpt-5.4-mini', action: 'escalate', judge: { score: 0.25, traceId: 'tr_j', costUsd: 0.0002 } }, { target: 'large', model: 'gpt-5.4', action: 'final' }] } };
    expect(judgedSteps(decisions)).toEqual([{ target: 'mini', model: 'gpt-5.4-mini', score: 0.25 }]);
    expect(judgedSteps(JSON.stringify(decisions))).toEqual([{ target: 'mini', model: 'gpt-5.4-mini', score: 0.25 }]);
    expect(judgedSteps(JSON.stringify({ route: { cascade: [{ target: 'mini' }] } }))).toEqual([]);
    expect(judgedSteps(null)).toEqual([]);
  });
});
