import type { ResultRecord, RunRecord } from '../../evals/types.js';

/**
 * A complete eval run for store tests; override what the test is about.
 *
 * @example sampleRun({ id: 'run_1', status: 'completed' })
 */
export function sampleRun(fields: Partial<RunRecord> & { id: string }): RunRecord {
  return {
    createdAt: Date.UTC(2026, 0, 1),
    finishedAt: null,
    status: 'running',
    name: 'support',
    suite: { dataset: 'support', variants: { small: { model: 'small', prompt: 'Answer: {{input}}' } }, scorers: [{ type: 'contains', value: '{{expected}}' }] },
    suitePath: 'suites/support.yaml',
    dataset: 'support',
    datasetVersion: 1,
    datasetHash: 'ab12cd34',
    gitCommit: null,
    configPath: 'switchyard.yaml',
    configHash: 'ff00',
    gateway: 'http://127.0.0.1:4000',
    variants: { small: { model: 'small', messages: [{ role: 'user', content: 'Answer: {{input}}' }], params: { temperature: 0 }, targets: [{ provider: 'openai', model: 'gpt-4o-mini' }] } },
    summary: null,
    rerunOf: null,
    ...fields,
  };
}

/**
 * One scored case for store tests; override what the test is about.
 *
 * @example sampleResult({ runId: 'run_1', caseId: 'c1', quality: 0.5 })
 */
export function sampleResult(fields: Partial<ResultRecord> & { runId: string; caseId: string }): ResultRecord {
  return {
    variant: 'small',
    repeat: 0,
    position: 0,
    output: 'It ships tomorrow.',
    error: null,
    latencyMs: 12.5,
    inputTokens: 30,
    outputTokens: 8,
    costUsd: 0.000042,
    scorerCostUsd: 0.0001,
    traceId: null,
    cached: false,
    scores: [{ scorer: 'contains', pass: true, score: 1, reason: 'contains "ships"' }, { scorer: 'judge', pass: true, score: 0.75, reason: 'polite', raw: 4, costUsd: 0.0001 }],
    quality: 0.875,
    pass: true,
    createdAt: Date.UTC(2026, 0, 1, 0, 1),
    unpriced: null,
    ...fields,
  };
}
