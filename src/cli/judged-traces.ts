import type { TraceStore } from '../core/trace-store.js';
import { judgedSteps } from '../core/judged-steps.js';
import type { JudgedTrace } from '../monitor/judged-outcomes.js';
import type { MonitorStore } from '../monitor/signals/monitor-store.js';
import { servedBy } from '../review/labelled-traces.js';

/** Traces a source reads at most (the newest); the rest are counted, so the refusal or summary can say how many were left out. */
export const SOURCE_CAP = 100_000;

const PAGE = 500;
const SIGNAL_PAGE = 10_000;

/** The judged traces of a range, newest first, at most `cap`; `total` counts every one the range holds. */
export interface JudgedRead {
  judged: JudgedTrace[];
  total: number;
}

/**
 * Every call in the range a judge scored: a cascade step's judge (the successful traces the store
 * flagged as judged, by their index, a page at a time without bodies) or online evaluation
 * (`scorer`'s score on the trace's monitoring signal, of the scored signals alone). The newest `cap` are read whole (bodies, for the prompt); the others
 * only counted. An offline read for `router train`, never on the request path.
 *
 * @example await judgedTraces(stores, { since: Date.now() - 30 * 86_400_000, scorer: 'judge' }) // { judged: [{ traceId, request, served, cascade: [{ target: 'mini', score: 0.25 }] }, …], total: 1_204 }
 */
export async function judgedTraces(stores: { traces: Pick<TraceStore, 'listJudged' | 'getTraces'>; monitor: Pick<MonitorStore, 'listSignals'> }, options: { since?: number; until?: number; scorer: string; cap?: number }): Promise<JudgedRead> {
  const since = options.since ?? 0;
  const until = options.until ?? Date.now() + 1;
  const cap = options.cap ?? SOURCE_CAP;
  const found = new Map<string, { ts: number; cascade: JudgedTrace['cascade']; online?: number }>();
  let before: { ts: number; id: string } | undefined;
  do {
    const page = await stores.traces.listJudged({ since, until, limit: PAGE, ...(before ? { before } : {}) });
    for (const t of page.traces) {
      const cascade = judgedSteps(t.decisions);
      if (cascade.length > 0) found.set(t.id, { ts: t.ts, cascade });
    }
    before = page.next ?? undefined;
  } while (before !== undefined);
  for (const signal of await scoredSignals(stores.monitor, since, until, options.scorer)) {
    const score = signal.scores?.[options.scorer];
    if (typeof score !== 'number') continue;
    const entry = found.get(signal.traceId) ?? { ts: signal.ts, cascade: [] };
    found.set(signal.traceId, { ...entry, online: score });
  }
  const newest = [...found].sort((a, b) => b[1].ts - a[1].ts).slice(0, cap);
  const judged: JudgedTrace[] = [];
  for (let i = 0; i < newest.length; i += PAGE) {
    const ids = newest.slice(i, i + PAGE);
    const traces = new Map((await stores.traces.getTraces(ids.map(([id]) => id))).map((t) => [t.id, t]));
    for (const [id, entry] of ids) {
      const trace = traces.get(id);
      // A trace pruned since its signal was written has no prompt to learn from.
      if (trace) judged.push({ traceId: id, request: trace.request, served: servedBy(trace), cascade: entry.cascade, ...(entry.online === undefined ? {} : { online: entry.online }) });
    }
  }
  return { judged, total: found.size };
}

/** Signals of the range with a score by `scorer`, read in pages of the scored ones back from `until` (a signal query returns at most 100,000). */
async function scoredSignals(monitor: Pick<MonitorStore, 'listSignals'>, since: number, until: number, scorer: string) {
  const out = new Map<string, Awaited<ReturnType<MonitorStore['listSignals']>>[number]>();
  const seen = new Set<string>();
  let upTo = until;
  for (;;) {
    const page = await monitor.listSignals({ since, until: upTo, limit: SIGNAL_PAGE, scored: true });
    let added = 0;
    for (const s of page) {
      if (seen.has(s.traceId)) continue;
      seen.add(s.traceId);
      added++;
      if (typeof s.scores?.[scorer] === 'number') out.set(s.traceId, s);
    }
    const last = page[page.length - 1];
    // A short page is the last; signals of the oldest page's last millisecond are read again (and skipped) with the next.
    if (page.length < SIGNAL_PAGE || last === undefined || added === 0) break;
    upTo = last.ts + 1;
  }
  return [...out.values()];
}
