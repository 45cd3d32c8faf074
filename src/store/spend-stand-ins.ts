import type { TraceRecord } from '../core/trace.js';

const HOUR_MS = 3_600_000;

/**
 * The spend of traces an erasure deletes, as content-free traces budgets still count: budgets
 * start from the traces' costs after a restart (`spendOfKey`, `spendByTeam`), so deleting a
 * person's calls would hand their key or team that money back. One stand-in per UTC hour, key,
 * team and model among the traces given (an erasure gives a batch of 50 at a time), at the hour's start (budget periods start on whole hours), with the summed
 * tokens and cost and nothing else: no request, answer, metadata, session, error or trace id of
 * theirs; `decisions.erased` says what it is. Traces that cost nothing get none.
 *
 * @example spendStandIns([trace], { at: Date.now(), newId: () => 'tr_erased_1' }) // [{ id: 'tr_erased_1', costUsd: trace.costUsd, request: null, … }]
 */
export function spendStandIns(traces: readonly TraceRecord[], options: { at: number; newId: () => string }): TraceRecord[] {
  const groups = new Map<string, TraceRecord>();
  for (const t of traces) {
    if (!(t.costUsd > 0) || (t.keyName === null && t.team === null && (t.keyId ?? null) === null)) continue;
    // Stand-ins of an earlier erasure are kept as they are (they hold nothing of a person).
    if (t.decisions?.erased !== undefined) continue;
    const hour = Math.floor(t.ts / HOUR_MS) * HOUR_MS;
    const group = JSON.stringify([hour, t.keyId ?? null, t.keyName, t.team, t.requestedModel]);
    const sum = groups.get(group);
    if (sum) {
      sum.inputTokens += t.inputTokens;
      sum.outputTokens += t.outputTokens;
      sum.costUsd += t.costUsd;
      (sum.decisions as { erased: { calls: number } }).erased.calls += 1;
      continue;
    }
    groups.set(group, {
      id: options.newId(),
      ts: hour,
      requestId: '',
      endpoint: t.endpoint,
      keyName: t.keyName,
      keyId: t.keyId ?? null,
      team: t.team,
      requestedModel: t.requestedModel,
      provider: null,
      upstreamModel: null,
      status: 200,
      errorCode: null,
      errorMessage: null,
      stream: false,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      cachedTokens: 0,
      reasoningTokens: 0,
      usageEstimated: false,
      costUsd: t.costUsd,
      ttftMs: null,
      latencyMs: 0,
      attempts: [],
      metadata: null,
      decisions: { erased: { at: options.at, calls: 1, reason: 'the spend of calls an erasure request deleted, kept so budgets still count it' } },
      otel: null,
      session: null,
      request: null,
      response: null,
    });
  }
  return [...groups.values()];
}
