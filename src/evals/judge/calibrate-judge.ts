import { SwitchyardError } from '../../core/errors.js';
import type { ModelCaller } from '../client/model-caller.js';
import { confusionMatrix, quadraticWeightedKappa } from '../stats/agreement.js';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import type { DatasetItem } from '../types.js';
import { type AgreementReport, agreementReport } from './agreement-report.js';
import { type JudgeAnchor, type JudgeSpec, judgeSpec } from './judge-spec.js';
import { runJudge } from './run-judge.js';

export interface CalibrateOptions {
  model: string;
  /** Rubric wordings to try; the first is the author's own. */
  rubrics: string[];
  scale?: [number, number];
  /** Share of human-scored items held out to report on (default 0.5). */
  testFraction?: number;
  /** Anchors per score level in the few-shot variants (0 disables them). */
  anchorsPerScore?: number;
  seed?: number;
  /** Tags calls with this id as their `eval_run`. */
  calibrationId: string;
  /** Judge runs on the test split for the flip rate (2 = one repeat). */
  trials?: number;
  /** Aborted: the calls in flight are cancelled and calibration throws the signal's reason (nothing half-scored is reported). */
  signal?: AbortSignal;
  /** After each variant scored on dev, and once more as the test split starts. */
  onProgress?: (progress: CalibrationProgress) => void;
}

/** How far a calibration got: the variants scored on dev so far, of how many, and whether the test split has started. */
export interface CalibrationProgress {
  candidates: readonly CandidateResult[];
  variants: number;
  test: boolean;
}

export interface CandidateResult {
  label: string;
  spec: JudgeSpec;
  devKappa: number;
  devScored: number;
  failures: number;
}

export interface CalibrationReport {
  chosen: CandidateResult;
  candidates: CandidateResult[];
  dev: number;
  test: AgreementReport;
  testFailures: number;
}

type Labelled = DatasetItem & { humanScore: number; output: string };
const inputText = (item: DatasetItem) => (typeof item.input === 'string' ? item.input : JSON.stringify(item.input));
const expectedText = (item: DatasetItem) => (item.expected === undefined ? undefined : typeof item.expected === 'string' ? item.expected : JSON.stringify(item.expected));

/**
 * Calibrates an LLM judge against human scores: splits the labelled items (seeded) into dev and
 * test, tries every rubric wording with and without human-scored anchors on dev, keeps the one
 * with the best quadratic κ, and reports its agreement on the untouched test split, including
 * how often its score flips between two runs.
 *
 * @example const report = await calibrateJudge(caller, items, { model: 'claude', rubrics: ['Correct and polite?'], calibrationId: 'cal_1' });
 */
export async function calibrateJudge(caller: ModelCaller, items: readonly DatasetItem[], options: CalibrateOptions): Promise<CalibrationReport> {
  const scale = options.scale ?? [1, 5];
  const labelled = items.filter((i): i is Labelled => i.humanScore !== undefined && typeof i.output === 'string');
  if (labelled.length < 4) {
    throw new SwitchyardError('invalid_request', `calibration needs at least 4 items with both "output" and "human_score" (found ${labelled.length} of ${items.length}); score a few answers 1–5 first`);
  }
  const random = seededRandom(options.seed ?? 1);
  const order = shuffled(labelled, random);
  const testSize = Math.max(2, Math.min(order.length - 2, Math.round(order.length * (options.testFraction ?? 0.5))));
  const test = order.slice(0, testSize);
  const dev = order.slice(testSize);

  const variants = options.rubrics.flatMap((rubric, r) => [...new Set([0, options.anchorsPerScore ?? 1])].flatMap((perScore) => {
    const anchorItems = perScore > 0 ? pickAnchors(dev, perScore) : [];
    if (perScore > 0 && anchorItems.length === 0) return [];
    const anchors: JudgeAnchor[] = anchorItems.map((i) => ({ input: inputText(i), output: i.output, score: i.humanScore }));
    // An anchor is not scored on dev: the judge would be grading its own worked example.
    return [{ spec: judgeSpec({ model: options.model, rubric, scale, anchors }), label: `rubric ${r + 1}${perScore > 0 ? `, ${anchors.length} anchors` : ''}`, scored: dev.filter((i) => !anchorItems.includes(i)) }];
  }));
  const candidates: CandidateResult[] = [];
  for (const { spec, label, scored } of variants) {
    const { human, judge, failures } = await scoreAll(caller, spec, scored, options, label, 0);
    // Aborted: the cancelled calls would read as failures of this variant, so stop before counting it.
    options.signal?.throwIfAborted();
    candidates.push({ label, spec, devKappa: human.length >= 2 ? quadraticWeightedKappa(confusionMatrix(human, judge, range(scale))) : Number.NaN, devScored: human.length, failures });
    options.onProgress?.({ candidates, variants: variants.length, test: false });
  }
  const ranked = [...candidates].sort((a, b) => rank(b) - rank(a) || a.spec.anchors.length - b.spec.anchors.length);
  const chosen = ranked[0] as CandidateResult;
  const trials = Math.max(1, options.trials ?? 2);
  options.onProgress?.({ candidates, variants: variants.length, test: true });
  const first = await scoreAll(caller, chosen.spec, test, options, `${chosen.label} (test)`, 0);
  options.signal?.throwIfAborted();
  let changed = 0;
  let compared = 0;
  for (let t = 1; t < trials; t++) {
    const again = await scoreAll(caller, chosen.spec, test, options, `${chosen.label} (test, trial ${t + 1})`, t);
    options.signal?.throwIfAborted();
    for (const [id, score] of again.byId) {
      const before = first.byId.get(id);
      if (before === undefined) continue;
      compared++;
      if (before !== score) changed++;
    }
  }
  const report = agreementReport(first.human, first.judge, scale, { random: seededRandom((options.seed ?? 1) + 7), flips: compared > 0 ? { changed, of: compared } : undefined });
  return { chosen, candidates, dev: dev.length, test: report, testFailures: first.failures };
}

function rank(candidate: CandidateResult): number {
  return Number.isNaN(candidate.devKappa) ? -2 : candidate.devKappa;
}

function range(scale: readonly [number, number]): number[] {
  return Array.from({ length: scale[1] - scale[0] + 1 }, (_, i) => scale[0] + i);
}

/** Up to `perScore` dev items for each human score level, in the (seeded) dev order. */
function pickAnchors(dev: readonly Labelled[], perScore: number): Labelled[] {
  const taken = new Map<number, number>();
  const anchors: Labelled[] = [];
  for (const item of dev) {
    const count = taken.get(item.humanScore) ?? 0;
    if (count >= perScore) continue;
    taken.set(item.humanScore, count + 1);
    anchors.push(item);
  }
  // Keep at least one item to score on dev.
  return anchors.length >= dev.length ? anchors.slice(0, Math.max(0, dev.length - 1)) : anchors;
}

async function scoreAll(caller: ModelCaller, spec: JudgeSpec, items: readonly Labelled[], options: CalibrateOptions, label: string, trial: number) {
  const human: number[] = [];
  const judge: number[] = [];
  const byId = new Map<string, number>();
  let failures = 0;
  const results = await Promise.all(
    items.map((item) =>
      runJudge(caller, spec, { input: inputText(item), output: item.output, expected: expectedText(item) }, { eval_run: options.calibrationId, case: item.id, variant: label, scorer: 'judge' }, { trial, signal: options.signal }).catch(
        () => undefined,
      ),
    ),
  );
  results.forEach((result, i) => {
    const item = items[i] as Labelled;
    if (result?.raw === undefined) return void failures++;
    const score = Math.round(result.raw);
    human.push(item.humanScore);
    judge.push(score);
    byId.set(item.id, score);
  });
  return { human, judge, byId, failures };
}
