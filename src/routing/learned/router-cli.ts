import { dirname } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';
import { whyUnreadable } from '../../core/missing-file.js';
import { MAX_RECORDS_BYTES, parseRouterRecords } from './read-records.js';
import { readFileWithinSync } from '../../core/read-at-most.js';
import { loadRouter } from './router-file.js';
import type { LearnedRouter } from './router-model.js';
import type { RouterRecord } from './train-router.js';
import { trainRouterInWorker } from './train-router-in-worker.js';
import { quitOnSigint } from '../../core/quit-on-sigint.js';
import { numberFlag } from '../../core/number-flag.js';
import { percent } from '../../core/percent.js';
import { makeDirs } from '../../core/make-dirs.js';
import { checkOutPath, writeOutFile } from '../../core/out-file.js';

/** Flags of `switchyard router train`, as commander passes them. */
export interface RouterTrainFlags {
  /** Outcome records (JSONL); or `fromRun` and/or `fromReviews` with `weak` and `strong`. */
  data?: string;
  fromRun?: string;
  fromReviews?: boolean;
  /** With `fromReviews`: the mean 1–5 score at which a reviewed answer counts as accepted. */
  minScore?: string;
  /** Judges' scores of traced answers (cascade judges, online evaluation). */
  fromJudged?: boolean;
  /** With `fromJudged`: the 0–1 judge score at which a cheap answer is good enough. */
  judgeMinScore?: string;
  /** With `fromJudged`: the online evaluation scorer whose scores are read. */
  judgeScorer?: string;
  /** With `fromReviews` / `fromJudged`: only reviews given, or calls made, since then (ISO, ms or a duration ago). */
  since?: string;
  weak?: string;
  strong?: string;
  config?: string;
  db?: string;
  out: string;
  promptField: string;
  weakField: string;
  strongField: string;
  minQuality: string;
  confidence: string;
  validation: string;
  seed: string;
  json?: boolean;
}

const QUALITY_TARGETS = [0.9, 0.95, 0.98, 1];

/** The router's summary, as printed by `train` and `show`. */
function summary(router: LearnedRouter, file: string, confidence: number) {
  return {
    file,
    trainedAt: router.training.trainedAt,
    trainingRecords: router.training.records,
    validationRecords: router.validation.records,
    ngrams: router.features.vocabulary.size,
    validation: { weakQuality: router.validation.weakQuality, strongQuality: router.validation.strongQuality, apgr: router.validation.apgr },
    confidence,
    thresholds: QUALITY_TARGETS.map((q) => ({ minQuality: q, ...router.thresholdFor(q, confidence) })),
  };
}

function print(s: ReturnType<typeof summary>, json: boolean | undefined, minQuality?: number): void {
  if (json) {
    console.log(JSON.stringify(s, null, 2));
    return;
  }
  console.log(`${s.file}: trained ${s.trainedAt} on ${s.trainingRecords} records (${s.ngrams} n-grams), validated on ${s.validationRecords}`);
  console.log(`validation: cheap alone ${s.validation.weakQuality.toFixed(3)}, strong alone ${s.validation.strongQuality.toFixed(3)}, APGR ${s.validation.apgr.toFixed(3)} (random routing: 0.5)`);
  console.log(`thresholds kept with confidence ${s.confidence} on the validation split:`);
  console.log('min_quality   threshold  strong calls  quality kept  lower bound');
  for (const t of s.thresholds) {
    const mark = t.minQuality === minQuality ? '  <- --min-quality' : '';
    const threshold = Number.isFinite(t.threshold) ? t.threshold.toFixed(4) : 'all strong';
    console.log(`${String(t.minQuality).padEnd(11)}  ${threshold.padStart(10)}  ${percent(t.strongShare).padStart(12)}  ${percent(t.qualityRatio).padStart(12)}  ${percent(t.qualityRatioLow).padStart(11)}${mark}`);
  }
}

/** `switchyard router train --data FILE`. */
export async function trainAction(flags: RouterTrainFlags & { data: string }): Promise<void> {
  checkOutPath('--out', flags.out, { createsFolder: true });
  const input = readFileWithinSync(flags.data, MAX_RECORDS_BYTES, 'a file of outcome records', (error) => new SwitchyardError('invalid_request', `--data ${flags.data}: cannot read it: ${whyUnreadable(flags.data, error)}`));
  const records = parseRouterRecords(input, { prompt: flags.promptField, weak: flags.weakField, strong: flags.strongField }, flags.data);
  await trainRecords(records, flags.data, flags);
}

/**
 * Trains on records from any source (`--data`, `--from-run`) and writes and prints the router.
 *
 * @example await trainRecords(records, 'run run_0mx… (cheap vs strong)', flags)
 */
export async function trainRecords(records: RouterRecord[], source: string, flags: RouterTrainFlags): Promise<void> {
  const minQuality = numberFlag('--min-quality', flags.minQuality, { min: 0.01, max: 1 });
  const confidence = numberFlag('--confidence', flags.confidence, { min: 0.5, max: 0.99 });
  const validationFraction = numberFlag('--validation', flags.validation, { min: 0.01, max: 0.99 });
  const seed = numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 32, integer: true });
  // Stopped, it wrote nothing: the file is written only once training has finished.
  const release = quitOnSigint(`Ctrl-C: router training stopped; nothing was written to ${flags.out}`);
  // Training shows nothing until it ends (11 s on the shipped MMLU outcomes): a line first, on
  // stderr, so a silent terminal does not look hung.
  console.error(`training a router on ${records.length.toLocaleString('en-US')} outcome records of ${source} (${Math.round(validationFraction * 100)}% of the prompts held out to choose thresholds)…`);
  let bytes: Uint8Array;
  try {
    bytes = await trainRouterInWorker(records, { seed, validationFraction });
  } finally {
    release();
  }
  const router = loadRouter(bytes);
  makeDirs(dirname(flags.out));
  writeOutFile('--out', flags.out, bytes);
  const s = summary(router, flags.out, confidence);
  if (!QUALITY_TARGETS.includes(minQuality)) {
    s.thresholds.push({ minQuality, ...router.thresholdFor(minQuality, confidence) });
    s.thresholds.sort((a, b) => a.minQuality - b.minQuality);
  }
  print(s, flags.json, minQuality);
}

/** `switchyard router show`. */
export async function showAction(file: string, flags: { json?: boolean; confidence?: string }): Promise<void> {
  print(summary(loadRouter(file), file, numberFlag('--confidence', flags.confidence ?? '0.9', { min: 0.5, max: 0.99 })), flags.json);
}
