import { describe, expect, it } from 'vitest';
import type { NamedScore, ResultRecord, RunRecord } from '../types.js';
import { callErrorCauses, scorerErrorCauses, scorerErrorLines } from './error-causes.js';
import { formatCases } from './format-cases.js';

async function* stream<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

const judgeFailed = (error: string): NamedScore => ({ scorer: 'judge', pass: false, score: 0, reason: '', error });

describe('why calls and scorers failed, under a run report', () => {
  it('groups an open circuit\'s "retry in N s" as one cause, but keeps two models apart', async () => {
    const open = (model: string, seconds: number) => ({ error: `every target for model "${model}" has an open circuit after repeated failures; retry in ${seconds} s` });
    const causes = await callErrorCauses(stream([open('small', 8), open('small', 9), open('small', 10), open('claude', 8)]));
    expect(causes).toEqual([
      ['every target for model "small" has an open circuit after repeated failures; retry in 8 s (the first of these)', 3],
      ['every target for model "claude" has an open circuit after repeated failures; retry in 8 s', 1],
    ]);
  });

  it('names the scorers that failed, a judge\'s unusable replies as one cause, and says such cases are left out', async () => {
    const noScore = 'the judge\'s reply has no score: expected {"reason": "…", "score": <number>} or "Score: <number>"';
    const results = [
      { scores: [judgeFailed(`${noScore} (28 characters: no JSON object and no "Score: <number>"; the reply is on trace tr_1)`)] },
      { scores: [judgeFailed(`${noScore} (15 characters: a JSON object whose "score" is a string that is no number; the reply is on trace tr_2)`)] },
      { scores: [judgeFailed(`${noScore} (an empty reply; the reply is on trace tr_3)`)] },
      // Runs stored before quoted the reply.
      { scores: [judgeFailed('the judge\'s reply has no score: "I think this answer is good."')] },
      { scores: [judgeFailed('the judge\'s reply has no score: "{\\"score\\":\\"N/A\\"}"')] },
      { scores: [judgeFailed('the judge\'s score 7 is off the scale 1–5')] },
      { scores: [{ scorer: 'contains', pass: true, score: 1, reason: '' }] },
    ];
    const causes = await scorerErrorCauses(stream(results));
    const first = `judge: ${noScore} (28 characters: no JSON object and no "Score: <number>"; the reply is on trace tr_1) (the first of these)`;
    expect(causes).toEqual([
      [first, 3],
      ['judge: the judge\'s reply has no score: "I think this answer is good." (the first of these)', 2],
      ['judge: the judge\'s score 7 is off the scale 1–5', 1],
    ]);
    expect(scorerErrorLines(causes)[0]).toBe(
      `scorer errors: 3 × ${first}; 2 × judge: the judge's reply has no score: "I think this answer is good." (the first of these); 1 × judge: the judge's score 7 is off the scale 1–5; a case whose every scorer failed is left out of quality and pass`,
    );
    expect(scorerErrorLines([])).toEqual([]);
  });

  it('shows a case no scorer could score as "not scored", not as failed', async () => {
    const result = (caseId: string, scores: NamedScore[], pass: boolean | null): ResultRecord => ({
      runId: 'run_a', variant: 'bot', caseId, repeat: 0, position: 0, output: 'ok', error: null, latencyMs: 5, inputTokens: 1, outputTokens: 1,
      costUsd: 0, scorerCostUsd: 0, traceId: null, cached: false, scores, quality: pass === null ? null : pass ? 1 : 0, pass, createdAt: 0,
    });
    const runs = { results: () => stream([result('a', [judgeFailed('the judge\'s score 7 is off the scale 1–5')], null), result('b', [{ scorer: 'judge', pass: false, score: 0, reason: 'wrong' }], false)]) };
    const datasets = { resolve: () => Promise.reject(new Error('gone')), items: () => stream([]) };
    const text = await formatCases({ id: 'run_a', dataset: 'd', datasetVersion: 1 } as RunRecord, runs, datasets);
    expect(text).toContain('a · bot · not scored · quality -');
    expect(text).toContain('b · bot · fail · quality 0.0%');
  });
});
