import type { Random } from '../../core/clock.js';
import type { MonitorStore } from '../signals/monitor-store.js';
import { fitTopicModelOnEmbeddings, fitTopicModelYielding, TopicAssigner, type TopicModelData } from './topic-model.js';
import { nextTurn } from '../../core/next-turn.js';
import { countOf } from '../../core/plural.js';
import type { Log } from '../../core/log.js';

export interface TopicUpkeepOptions {
  minTraces: number;
  maxTraces: number;
  k?: number;
  now: number;
  random: Random;
  /** Fit again even when a model is stored (`switchyard topics --refit`). */
  refit?: boolean;
  /**
   * `monitoring.topics.embedding_model` and how to call it (through the in-process model client):
   * clusters are then found on embeddings. A failing call falls back to TF-IDF, said in the model's note.
   */
  embeddings?: { model: string; embed: EmbedTexts };
  log?: Log;
}

/** Embeds texts with a model, one vector per text in order. */
export type EmbedTexts = (model: string, texts: string[]) => Promise<number[][]>;

const REFIT_FOR_EMBEDDINGS_MS = 3_600_000;

/** Prompts per embeddings call: one call per batch, not one per prompt. */
const EMBED_BATCH = 64;

/**
 * Embeddings of all texts, batched; rejects when any batch fails or comes back short.
 *
 * @example await embedAll(embeddings, prompts) // [[0.01, …], …]
 */
async function embedAll(embeddings: NonNullable<TopicUpkeepOptions['embeddings']>, texts: readonly string[]): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const batch = texts.slice(i, i + EMBED_BATCH);
    const answer = await embeddings.embed(embeddings.model, batch);
    if (answer.length !== batch.length || answer.some((v) => v.length === 0)) throw new Error(`embeddings model "${embeddings.model}" returned ${answer.filter((v) => v.length > 0).length} vectors for ${batch.length} prompts`);
    vectors.push(...answer);
  }
  return vectors;
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
/** Signals assigned per slice: ~10 ms of work, so requests wait at most that long. */
const ASSIGN_CHUNK = 250;

export async function upkeepTopics(store: MonitorStore, route: string, options: TopicUpkeepOptions): Promise<{ model: TopicModelData | null; assigned: number; fitted: boolean; prompts?: number }> {
  const stored = (await store.getDoc<TopicModelData>('topic-model', route))?.body;
  // A model not on the configured embeddings (configured since, or its embedding call failed) is
  // fitted again, at most hourly so a down embeddings endpoint is not asked every pass.
  const refit = options.refit === true || (stored !== undefined && options.embeddings !== undefined && stored.embedding?.model !== options.embeddings.model && options.now - stored.fittedAt >= REFIT_FOR_EMBEDDINGS_MS);
  let model = refit ? undefined : stored;
  let fitted = false;
  if (!model) {
    const recent = await store.listSignals({ route, since: options.now - FIT_LOOKBACK_MS, until: options.now + 1, limit: options.maxTraces });
    const prompts = recent.flatMap((s) => (s.prompt === null ? [] : [s.prompt]));
    if (prompts.length < options.minTraces) return { model: null, assigned: 0, fitted: false, prompts: prompts.length };
    model = await fit(prompts, route, options);
    await store.putDoc({ kind: 'topic-model', key: route, ts: options.now, route, body: model });
    fitted = true;
    if (refit) await reassignAll(store, route, new TopicAssigner(model), options);
  }
  const assigner = new TopicAssigner(model);
  const embedder = usableEmbeddings(assigner, options);
  let assigned = 0;
  for (;;) {
    // Bounded to the lookback, so a pass never scans a route's whole history.
    const pending = await store.listSignals({ route, since: options.now - FIT_LOOKBACK_MS, until: options.now + 1, needsTopic: true, limit: ASSIGN_CHUNK });
    if (pending.length === 0) break;
    const vectors = await embedOrNot(embedder, pending.map((s) => s.prompt ?? ''), options);
    await store.setTopics(pending.map((s, i) => ({ traceId: s.traceId, topic: assigner.assign(s.prompt ?? '', vectors?.[i]).topic })));
    assigned += pending.length;
    if (pending.length < ASSIGN_CHUNK) break;
    // A busy route has a minute's traffic to assign (100,000 traces at 1,700 req/s): without a turn
    // of the event loop between chunks the SQLite store's calls never let a request in (seconds).
    await nextTurn();
  }
  return { model, assigned, fitted };
}

/**
 * Fits on embeddings when a model is configured and answers, else on TF-IDF; a failed embedding
 * call is not an error, it is a TF-IDF model whose note says why.
 */
async function fit(prompts: string[], route: string, options: TopicUpkeepOptions): Promise<TopicModelData> {
  const base = { route, k: options.k, random: options.random, now: options.now };
  if (!options.embeddings) return fitTopicModelYielding(prompts, base);
  let vectors: number[][];
  try {
    vectors = await embedAll(options.embeddings, prompts);
  } catch (error) {
    const note = `embedding model "${options.embeddings.model}" failed (${(error as Error).message}); topics clustered by TF-IDF instead`;
    options.log?.(`monitor: topics of ${route}: ${note}`);
    return fitTopicModelYielding(prompts, { ...base, note });
  }
  return fitTopicModelOnEmbeddings(prompts, { ...base, embeddings: { model: options.embeddings.model, vectors } });
}

/** The embeddings to assign new prompts with: only for a model fitted on that same embedding model. */
function usableEmbeddings(assigner: TopicAssigner, options: TopicUpkeepOptions): TopicUpkeepOptions['embeddings'] {
  return options.embeddings && assigner.embeddingModel === options.embeddings.model ? options.embeddings : undefined;
}

/** Vectors for prompts to assign, or undefined (assign by TF-IDF) when there is no embedder or it failed. */
async function embedOrNot(embedder: TopicUpkeepOptions['embeddings'], prompts: readonly string[], options: TopicUpkeepOptions): Promise<number[][] | undefined> {
  if (!embedder) return undefined;
  try {
    return await embedAll(embedder, prompts);
  } catch (error) {
    options.log?.(`monitor: topic assignment: embedding model "${embedder.model}" failed (${(error as Error).message}); assigned ${countOf(prompts.length, 'prompt')} by TF-IDF`, { level: 'warn' });
    return undefined;
  }
}

/** After a refit, the stored topic ids of the last 30 days follow the new model. */
async function reassignAll(store: MonitorStore, route: string, assigner: TopicAssigner, options: TopicUpkeepOptions): Promise<void> {
  const signals = (await store.listSignals({ route, since: options.now - FIT_LOOKBACK_MS, until: options.now + 1, limit: 100_000 })).filter((s) => s.prompt !== null);
  const vectors = await embedOrNot(usableEmbeddings(assigner, options), signals.map((s) => s.prompt as string), options);
  await store.setTopics(signals.map((s, i) => ({ traceId: s.traceId, topic: assigner.assign(s.prompt as string, vectors?.[i]).topic })));
}
