import type { Random } from '../../core/clock.js';
import type { MonitorStore } from '../signals/monitor-store.js';
import { fitTopicModel, TopicAssigner, type TopicModelData } from './topic-model.js';

export interface TopicUpkeepOptions {
  minTraces: number;
  maxTraces: number;
  k?: number;
  now: number;
  random: Random;
  /** Fit again even when a model is stored (`switchyard topics --refit`). */
  refit?: boolean;
}

/** Looks back this far for prompts to fit a route's first model on. */
const FIT_LOOKBACK_MS = 30 * 86_400_000;

/**
 * Keeps a route's topics current, incrementally: fits and stores a model once the route has
 * `minTraces` prompts (or on `refit`), then assigns every stored signal that has a prompt and no
 * topic yet to its nearest topic. Returns the model (null while there are too few prompts) and
 * how many signals it assigned.
 *
 * @example await upkeepTopics(stores.monitor, 'support', { minTraces: 200, maxTraces: 5000, now, random })
 */
export async function upkeepTopics(store: MonitorStore, route: string, options: TopicUpkeepOptions): Promise<{ model: TopicModelData | null; assigned: number; fitted: boolean }> {
  let model = options.refit ? undefined : (await store.getDoc<TopicModelData>('topic-model', route))?.body;
  let fitted = false;
  if (!model) {
    const recent = await store.listSignals({ route, since: options.now - FIT_LOOKBACK_MS, until: options.now + 1, limit: options.maxTraces });
    const prompts = recent.flatMap((s) => (s.prompt === null ? [] : [s.prompt]));
    if (prompts.length < options.minTraces) return { model: null, assigned: 0, fitted: false };
    model = fitTopicModel(prompts, { route, k: options.k, random: options.random, now: options.now });
    await store.putDoc({ kind: 'topic-model', key: route, ts: options.now, route, body: model });
    fitted = true;
    if (options.refit) await reassignAll(store, route, new TopicAssigner(model), options.now);
  }
  const assigner = new TopicAssigner(model);
  let assigned = 0;
  for (;;) {
    // Bounded to the lookback, so a pass never scans a route's whole history.
    const pending = await store.listSignals({ route, since: options.now - FIT_LOOKBACK_MS, until: options.now + 1, needsTopic: true, limit: 2_000 });
    if (pending.length === 0) break;
    await store.setTopics(pending.map((s) => ({ traceId: s.traceId, topic: assigner.assign(s.prompt ?? '').topic })));
    assigned += pending.length;
    if (pending.length < 2_000) break;
  }
  return { model, assigned, fitted };
}

/** After a refit, the stored topic ids of the last 30 days follow the new model. */
async function reassignAll(store: MonitorStore, route: string, assigner: TopicAssigner, now: number): Promise<void> {
  const signals = await store.listSignals({ route, since: now - FIT_LOOKBACK_MS, until: now + 1, limit: 100_000 });
  await store.setTopics(signals.filter((s) => s.prompt !== null).map((s) => ({ traceId: s.traceId, topic: assigner.assign(s.prompt as string).topic })));
}
