import { setMaxListeners } from 'node:events';
import type { Clock } from '../../core/clock.js';
import { toSwitchyardError } from '../../core/errors.js';
import type { ChatMessage } from '../../core/openai-wire.js';
import type { ChatResult, ModelCaller } from '../client/model-caller.js';
import type { DatasetStore } from '../store/dataset-store.js';
import { type RunStore, resultKey } from '../store/run-store.js';
import type { PreparedSuite, PreparedVariant } from '../suite/prepare-suite.js';
import { itemVariables, renderTemplate } from '../suite/template.js';
import type { DatasetItem } from '../types.js';
import { forEachConcurrent } from './limit-concurrency.js';
import { LimitedCaller } from './limited-caller.js';
import { scoreCase } from './score-case.js';

export interface ExecuteDeps {
  caller: ModelCaller;
  runs: RunStore;
  datasets: DatasetStore;
  clock: Pick<Clock, 'now'>;
  /** Ctrl-C: stop starting work, keep what finished. */
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface ExecuteOutcome {
  status: 'completed' | 'interrupted';
  done: number;
  total: number;
}

interface Unit {
  item: DatasetItem;
  position: number;
  repeat: number;
}

/**
 * Runs every case × variant × repeat of a prepared suite that the run does not have yet, writing
 * each result as soon as it is scored. Starting it again on the same run resumes: finished
 * results are skipped. A failed model call is recorded on its case (quality 0, not a crash).
 *
 * @example await executeRun(prepared, run.id, { caller, runs, datasets, clock: systemClock, signal });
 */
export async function executeRun(prepared: PreparedSuite, runId: string, deps: ExecuteDeps): Promise<ExecuteOutcome> {
  const caller = new LimitedCaller(deps.caller, prepared.concurrency);
  const done = await deps.runs.doneKeys(runId);
  const total = prepared.dataset.itemCount * prepared.variants.length * prepared.repeats;
  let finished = done.size;
  deps.onProgress?.(finished, total);
  const baselines = new Set(prepared.scorers.flatMap((s) => (s.baseline === undefined ? [] : [s.baseline])));
  const signal = deps.signal;
  // Every in-flight call listens on the run's signal; hundreds at once is expected, not a leak.
  if (signal) setMaxListeners(0, signal);

  async function* units(): AsyncGenerator<Unit> {
    let position = 0;
    for await (const item of deps.datasets.items(prepared.dataset.id)) {
      for (let repeat = 0; repeat < prepared.repeats; repeat++) yield { item, position, repeat };
      position++;
    }
  }

  const runUnit = async ({ item, position, repeat }: Unit) => {
    const todo = prepared.variants.filter((v) => !done.has(resultKey(v.name, item.id, repeat)));
    if (todo.length === 0) return;
    const outputs = new Map<string, string>();
    // A pairwise baseline finished in an earlier session is read back rather than re-asked.
    for (const name of baselines) {
      if (todo.some((v) => v.name === name)) continue;
      const stored = await deps.runs.result(runId, name, item.id, repeat);
      if (stored?.output != null) outputs.set(name, stored.output);
    }
    const answers = await Promise.all(todo.map((variant) => answer(caller, variant, item, runId, repeat, signal)));
    if (signal?.aborted) return;
    todo.forEach((variant, i) => {
      const a = answers[i];
      if (a && 'text' in a) outputs.set(variant.name, a.text);
    });
    await Promise.all(
      todo.map(async (variant, i) => {
        const a = answers[i] as ChatResult | { error: string };
        const tags = { eval_run: runId, case: item.id, variant: variant.name };
        const ok = 'text' in a;
        const scored = ok
          ? await scoreCase(prepared.scorers, { item, output: a.text, variant: variant.name, outputs, vars: itemVariables(item, a.text), caller, tags, repeat, signal, decisions: a.decisions ?? null })
          : { scores: [], quality: 0, pass: false, scorerCostUsd: 0 };
        if (signal?.aborted) return;
        await deps.runs.putResult({
          runId,
          variant: variant.name,
          caseId: item.id,
          repeat,
          position,
          output: ok ? a.text : null,
          error: ok ? null : a.error,
          latencyMs: ok ? a.latencyMs : null,
          inputTokens: ok ? a.inputTokens : 0,
          outputTokens: ok ? a.outputTokens : 0,
          costUsd: ok ? a.costUsd : 0,
          scorerCostUsd: scored.scorerCostUsd,
          traceId: ok ? a.traceId : null,
          cached: ok ? a.cached : false,
          scores: scored.scores,
          quality: scored.quality,
          pass: scored.pass,
          createdAt: deps.clock.now(),
          unpriced: ok ? (a.unpriced ?? null) : null,
        });
        finished++;
        deps.onProgress?.(finished, total);
      }),
    );
  };

  // Units in flight: enough to keep `concurrency` model calls busy, not more (memory stays flat).
  const lanes = Math.max(1, Math.ceil(prepared.concurrency / Math.max(1, prepared.variants.length)) + 1);
  await forEachConcurrent(units(), lanes, async (unit) => {
    try {
      await runUnit(unit);
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
  }, () => signal?.aborted === true);
  return { status: signal?.aborted ? 'interrupted' : 'completed', done: finished, total };
}

async function answer(caller: ModelCaller, variant: PreparedVariant, item: DatasetItem, runId: string, repeat: number, signal?: AbortSignal): Promise<ChatResult | { error: string }> {
  const vars = itemVariables(item);
  const messages: ChatMessage[] = variant.messages.map((m) => ({ role: m.role, content: renderTemplate(m.content, vars) }));
  try {
    const overrides = variant.knowledge !== undefined ? { knowledge: variant.knowledge } : undefined;
    return await caller.chat({ model: variant.model, messages, params: variant.params, tags: { eval_run: runId, case: item.id, variant: variant.name }, trial: repeat, signal, ...(overrides ? { overrides } : {}) });
  } catch (error) {
    if (signal?.aborted) return { error: 'interrupted' };
    return { error: toSwitchyardError(error).message };
  }
}
