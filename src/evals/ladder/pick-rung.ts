import type { Random } from '../../core/clock.js';
import { usd } from '../../core/usd.js';
import { pairedMeanInterval } from '../stats/paired-mean.js';
import type { LadderChoice, RungVerdict } from './ladder-report.js';

/** What the verdict needs of a rung: per-case quality (paired by case id) and cost per request. */
export interface RungFigures {
  name: string;
  /** Quality in [0, 1] per case id; a failed call counts 0. */
  quality: ReadonlyMap<string, number>;
  costPerRequestUsd: number;
  latencyP50Ms: number;
}

/**
 * Names the rung that pays: the cheapest whose quality is non-inferior to the best rung's at the
 * tolerance — the paired 95% interval of (rung − best) lies above −tolerance — ties on cost
 * broken by latency. The best rung is the one with the highest mean quality.
 *
 * @example pickRung(figures, 0.02, seededRandom(1)).pays // 'rag:handbook'
 */
export function pickRung(figures: readonly RungFigures[], tolerance: number, random: Random): LadderChoice {
  const withCases = figures.filter((f) => f.quality.size > 0);
  if (withCases.length === 0) return { pays: null, best: null, verdicts: [], reason: 'no rung has results' };
  const mean = (f: RungFigures) => [...f.quality.values()].reduce((a, b) => a + b, 0) / f.quality.size;
  const best = withCases.reduce((a, b) => (mean(b) > mean(a) ? b : a));
  const verdicts: RungVerdict[] = withCases.map((f) => {
    if (f === best) return { name: f.name, versusBest: { estimate: 0, low: 0, high: 0, level: 0.95 }, nonInferior: true };
    const diffs: number[] = [];
    for (const [id, q] of f.quality) {
      const b = best.quality.get(id);
      if (b !== undefined) diffs.push(q - b);
    }
    const versusBest = pairedMeanInterval(diffs, { random });
    return { name: f.name, versusBest, nonInferior: diffs.length > 0 && versusBest.low > -tolerance };
  });
  const eligible = withCases.filter((f) => verdicts.find((v) => v.name === f.name)?.nonInferior);
  const pays = eligible.reduce((a, b) => (b.costPerRequestUsd < a.costPerRequestUsd || (b.costPerRequestUsd === a.costPerRequestUsd && b.latencyP50Ms < a.latencyP50Ms) ? b : a));
  const pct = (x: number) => `${(x * 100).toFixed(1)}`;
  const others = verdicts.filter((v) => v.name !== pays.name).map((v) => {
    const f = withCases.find((x) => x.name === v.name) as RungFigures;
    const why = v.nonInferior ? `as good but costs ${usd(f.costPerRequestUsd * 1000)} per 1,000 vs ${usd(pays.costPerRequestUsd * 1000)}` : `worse than the best by ${pct(-v.versusBest.estimate)} points (95% interval ${pct(-v.versusBest.high)} to ${pct(-v.versusBest.low)})`;
    return `${v.name}: ${v.name === best.name ? 'best quality, ' : ''}${why}`;
  });
  const reason = `${pays.name} pays: ${pays === best ? 'the best quality' : `within ${pct(tolerance)} points of the best (${best.name}) with 95% confidence`} at ${usd(pays.costPerRequestUsd * 1000)} per 1,000 requests, the cheapest such rung${others.length ? `; ${others.join('; ')}` : ''}`;
  return { pays: pays.name, best: best.name, verdicts, reason };
}
