import { MAX_SIGNALS, type MonitorStore } from '../signals/monitor-store.js';
import { seriesWindow } from '../series-window.js';
import { type TopicModelData, UNASSIGNED } from './topic-model.js';

/** One topic's traffic over a range, as the dashboard and `switchyard topics` show it. */
export interface TopicStats {
  topic: number;
  label: string;
  terms: string[];
  requests: number;
  share: number;
  errors: number;
  costUsd: number;
  /** Mean online-evaluation score (0–1) over scored traces, null when none was scored. */
  quality: number | null;
  scored: number;
  /** Mean of people's review verdicts (0–1, see `reviewScores`) over reviewed traces, null when none was reviewed. */
  review: number | null;
  reviewed: number;
  refusals: number;
  /** Requests per slot of `stepMs` from `seriesSince`. */
  series: number[];
  /** Dollars per slot. */
  costSeries: number[];
  /** Mean online score per slot, null where nothing was scored. */
  qualitySeries: (number | null)[];
  examples: { traceId: string; prompt: string }[];
}

export interface TopicReport {
  route: string;
  since: number;
  until: number;
  /** Where the series' first slot starts: `since`, or later when every signal of the range is recent (see `seriesWindow`). */
  seriesSince: number;
  stepMs: number;
  /** `clusteredBy`: "tfidf", or the embeddings model the clusters were found with; `note`: why it is TF-IDF when embeddings were configured. */
  model: { fittedAt: number; documents: number; topics: number; clusteredBy: string; note?: string } | null;
  /** Signals of the range that have no topic yet (the worker has not reached them). */
  pending: number;
  /** The prompts the first fit waits for (`monitoring.topics.min_traces`), where the caller knows it. */
  minTraces?: number;
  topics: TopicStats[];
}

/**
 * Per-topic volume, errors, cost, refusals, online quality and people's review verdicts of a
 * route over a range, from the stored signals and topic model (and the review scores by trace id
 * given), busiest topic first. With `zoom` (the step for a span) a range whose signals are all
 * recent is drawn from the first of them at a finer step, as the overview does.
 *
 * @example const report = await topicReport(stores.monitor, 'support', { since, until, stepMs: 3_600_000 }, reviewScores(await reviews.reviewed({ since })));
 */
export async function topicReport(store: MonitorStore, route: string, range: { since: number; until: number; stepMs: number; zoom?: (spanMs: number) => number }, reviews: ReadonlyMap<string, number> = new Map()): Promise<TopicReport> {
  const model = (await store.getDoc<TopicModelData>('topic-model', route))?.body;
  const signals = await store.listSignals({ route, since: range.since, until: range.until, limit: MAX_SIGNALS });
  // Newest first: the last is the range's first, unless the limit cut older ones off.
  const { seriesSince, stepMs } = seriesWindow(range, signals.length < MAX_SIGNALS ? signals.at(-1)?.ts : undefined, range.zoom);
  const slots = Math.max(1, Math.ceil((range.until - seriesSince) / stepMs));
  const byTopic = new Map<number, TopicStats>();
  const scoredPerSlot = new Map<number, number[]>();
  let pending = 0;
  for (const s of signals) {
    if (s.topic === null) {
      if (s.prompt !== null) pending++;
      continue;
    }
    let stats = byTopic.get(s.topic);
    if (!stats) {
      const topic = model?.topics[s.topic];
      stats = { topic: s.topic, label: s.topic === UNASSIGNED ? '(unassigned)' : (topic?.label ?? `topic ${s.topic}`), terms: topic?.terms ?? [], requests: 0, share: 0, errors: 0, costUsd: 0, quality: null, scored: 0, review: null, reviewed: 0, refusals: 0, series: new Array<number>(slots).fill(0), costSeries: new Array<number>(slots).fill(0), qualitySeries: new Array<number | null>(slots).fill(null), examples: [] };
      scoredPerSlot.set(s.topic, new Array<number>(slots).fill(0));
      byTopic.set(s.topic, stats);
    }
    stats.requests++;
    if (s.status >= 400) stats.errors++;
    if (s.refused) stats.refusals++;
    stats.costUsd += s.costUsd;
    const values = Object.values(s.scores ?? {});
    if (values.length > 0) {
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      stats.quality = ((stats.quality ?? 0) * stats.scored + mean) / (stats.scored + 1);
      stats.scored++;
    }
    const review = reviews.get(s.traceId);
    if (review !== undefined) {
      stats.review = ((stats.review ?? 0) * stats.reviewed + review) / (stats.reviewed + 1);
      stats.reviewed++;
    }
    const slot = Math.min(slots - 1, Math.max(0, Math.floor((s.ts - seriesSince) / stepMs)));
    stats.series[slot] = (stats.series[slot] ?? 0) + 1;
    stats.costSeries[slot] = (stats.costSeries[slot] ?? 0) + s.costUsd;
    if (values.length > 0) {
      const counts = scoredPerSlot.get(s.topic) as number[];
      const n = counts[slot] ?? 0;
      stats.qualitySeries[slot] = ((stats.qualitySeries[slot] ?? 0) * n + values.reduce((a, b) => a + b, 0) / values.length) / (n + 1);
      counts[slot] = n + 1;
    }
    if (stats.examples.length < 3 && s.prompt !== null) stats.examples.push({ traceId: s.traceId, prompt: s.prompt.slice(0, 200) });
  }
  const assigned = [...byTopic.values()].reduce((sum, t) => sum + t.requests, 0);
  const topics = [...byTopic.values()].sort((a, b) => b.requests - a.requests || a.topic - b.topic);
  for (const t of topics) t.share = assigned === 0 ? 0 : t.requests / assigned;
  return { route, since: range.since, until: range.until, seriesSince, stepMs, model: model ? { fittedAt: model.fittedAt, documents: model.documents, topics: model.topics.length, clusteredBy: model.embedding?.model ?? 'tfidf', ...(model.note ? { note: model.note } : {}) } : null, pending, topics };
}

/**
 * The traces of one topic of a route over a range, for a person to look at: failed ones first,
 * then refusals, then the lowest online scores, then the newest. What "send this topic to review"
 * (or to a dataset) takes. Traces whose text body retention dropped are left out: there is
 * nothing left in them to review or to learn from.
 *
 * @example const { label, traceIds } = await topicTraces(stores.monitor, 'support', 3, { since, until }, 20);
 */
export async function topicTraces(store: MonitorStore, route: string, topic: number, range: { since: number; until: number }, limit: number): Promise<{ label: string; traceIds: string[] }> {
  const model = (await store.getDoc<TopicModelData>('topic-model', route))?.body;
  const signals = (await store.listSignals({ route, since: range.since, until: range.until, limit: MAX_SIGNALS })).filter((s) => s.topic === topic && s.prompt !== null);
  const quality = (s: (typeof signals)[number]) => {
    const values = Object.values(s.scores ?? {});
    return values.length === 0 ? 1 : values.reduce((a, b) => a + b, 0) / values.length;
  };
  signals.sort((a, b) => Number(b.status >= 400) - Number(a.status >= 400) || Number(b.refused === true) - Number(a.refused === true) || quality(a) - quality(b) || b.ts - a.ts);
  const label = topic === UNASSIGNED ? '(unassigned)' : (model?.topics[topic]?.label ?? `topic ${topic}`);
  return { label, traceIds: signals.slice(0, limit).map((s) => s.traceId) };
}
