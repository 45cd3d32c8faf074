import type { Random } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { MonitorStore } from '../signals/monitor-store.js';
import type { TraceSignal } from '../signals/trace-signal.js';
import { finishSteps, finishStepsYielding } from '../../core/next-turn.js';
import { TopicAssigner, type TopicModelData, topicFitSteps } from '../topics/topic-model.js';
import { compareWindowsSteps } from './compare-windows.js';
import { DEFAULT_THRESHOLDS, type DriftReport, type DriftThresholds, type TimeWindow } from './drift-types.js';
import { risingTerms } from './rising-terms.js';

export interface DriftRequest {
  /** A route (requested model name), or undefined for all traffic. */
  route?: string;
  reference: TimeWindow;
  current: TimeWindow;
  thresholds?: Partial<DriftThresholds>;
  now: number;
  random: Random;
  /** Signals read per window, newest first (default 2,000: the text classifier and topic fit grow with it). */
  maxSignals?: number;
}

/**
 * Builds a drift report from two windows of signals already in hand (the benchmark and tests use
 * it directly). Topics come from `topicModel` when given, else from a model fitted on both
 * windows' prompts pooled, so both are read through one set of topics fitted to neither alone.
 *
 * @example const report = driftReportOf(reference, current, { route: 'support', reference: w1, current: w2, now, random });
 */
export function driftReportOf(reference: readonly TraceSignal[], current: readonly TraceSignal[], request: DriftRequest, topicModel?: TopicModelData): DriftReport {
  return finishSteps(driftReportSteps(reference, current, request, topicModel));
}

/** `driftReportOf` as steps (topic fit, then test by test), so `runDrift` can let requests in between. */
function* driftReportSteps(reference: readonly TraceSignal[], current: readonly TraceSignal[], request: DriftRequest, topicModel?: TopicModelData): Generator<void, DriftReport> {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...request.thresholds };
  // Fitted on both windows pooled: a model fitted on one window fits that window's prompts better
  // than the other's (its words, its clusters), which alone makes topic mixes look different.
  const prompts = [...reference, ...current].flatMap((s) => (s.prompt === null ? [] : [s.prompt]));
  const model = topicModel ?? (prompts.length >= 2 * thresholds.minSamples ? yield* topicFitSteps(prompts, { route: request.route ?? '*', random: request.random, now: request.now }) : undefined);
  const topics = model ? new TopicAssigner(model) : null;
  const { features, pThreshold } = yield* compareWindowsSteps(reference, current, topics, thresholds, request.random);
  const drifted = features.filter((f) => f.drifted);
  const rising = risingTerms(reference, current);
  const headline = drifted.map((f) => f.summary);
  if (drifted.length > 0 && rising.length > 0) headline.push(`words more frequent now: ${rising.slice(0, 5).map((t) => `“${t.term}” (${t.referenceCount} → ${t.currentCount})`).join(', ')}`);
  return {
    id: newId('drift'),
    createdAt: request.now,
    route: request.route ?? null,
    reference: { ...request.reference, count: reference.length },
    current: { ...request.current, count: current.length },
    drifted: drifted.length > 0,
    score: Math.max(0, ...drifted.map((f) => f.effect)),
    pThreshold,
    headline,
    features,
    risingTerms: rising,
    topicModel: model ? { fittedAt: model.fittedAt, topics: model.topics.length, source: topicModel ? 'given' : 'fitted on both windows' } : null,
    notes: blankedTextNotes(reference, current),
  };
}

/**
 * Says how many traces of each window had their prompt text dropped by body retention (a signal
 * whose prompt length is known but whose text is gone): the text features read only the rest, so
 * a reference window reaching past `bodies_days` is compared on its newer part.
 */
function blankedTextNotes(reference: readonly TraceSignal[], current: readonly TraceSignal[]): string[] {
  const blanked = (signals: readonly TraceSignal[]) => signals.filter((s) => s.prompt === null && s.inputChars !== null).length;
  const notes: string[] = [];
  for (const [name, signals] of [['reference', reference], ['current', current]] as const) {
    const gone = blanked(signals);
    if (gone > 0) notes.push(`${name} window: the prompt text of ${gone} of ${signals.length} traces was dropped by body retention (traces.retention.bodies_days); topic, words, classifier and language compare the rest`);
  }
  return notes;
}

/**
 * Reads both windows from the monitor store, compares them and stores the report.
 *
 * @example const report = await runDrift(stores.monitor, { route: 'support', reference: { since, until: mid }, current: { since: mid, until }, now, random });
 */
export async function runDrift(store: MonitorStore, request: DriftRequest): Promise<DriftReport> {
  const limit = request.maxSignals ?? 2_000;
  const [reference, current] = await Promise.all([
    store.listSignals({ route: request.route, ...request.reference, limit }),
    store.listSignals({ route: request.route, ...request.current, limit }),
  ]);
  // The route's stored model is not used: it was fitted on early traffic, usually inside the
  // reference window, which would favour that window (see driftReportOf).
  // Off the request path but on its event loop (serve runs it hourly per route): in steps.
  const report = await finishStepsYielding(driftReportSteps(reference, current, request));
  await store.putDoc({ kind: 'drift-report', key: report.id, ts: report.createdAt, route: report.route, body: report });
  return report;
}
