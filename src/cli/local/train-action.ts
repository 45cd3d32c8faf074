import { quoteClipped } from '../../core/clip.js';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { quitOnSigint } from '../../core/quit-on-sigint.js';
import { SwitchyardError } from '../../core/errors.js';
import { countOf } from '../../core/plural.js';
import { certificationNote } from '../../local/calibration/certification.js';
import { labelConflicts } from '../../local/data/label-conflicts.js';
import { type LabelSpelling, labelSpellings, labelSpellingsNote, mergeLabelSpellings } from '../../local/data/label-spellings.js';
import { readExamples } from '../../local/data/read-examples.js';
import { validateExamples } from '../../local/train/validate-examples.js';
import type { Example } from '../../local/types.js';
import { withStores } from '../open-cli-stores.js';
import { keepFileExamples } from '../../local/examples/keep-file-examples.js';
import { DEFAULT_BAR } from '../../local/registry/manage-models.js';
import { identicalVersion } from '../../local/registry/identical-version.js';
import { configTask } from './config-route.js';
import { majorityBaseline } from '../../local/majority-baseline.js';
import { fewExamples, fewExamplesNote } from '../../local/few-examples.js';
import { trainInWorker } from '../../local/train/train-in-worker.js';
import { TRAIN_DEFAULTS } from '../../local/train/train-options.js';
import { classLabelNote, dbPath, formatThreshold, pct, storeArgs } from './flags.js';
import { readingBar, trainingBar } from './progress.js';
import { CLI } from '../../core/cli-command.js';
import { skippedLines } from '../../core/data-text.js';
import { terminalText } from '../../core/terminal-text.js';
import { numberFlag } from '../../core/number-flag.js';
import { checkOutPath, writeOutFile } from '../../core/out-file.js';

export interface TrainFlags {
  data: string;
  /** The model file to write; optional with --route, whose registry keeps its own copy. */
  out?: string;
  textColumn?: string;
  labelColumn?: string;
  outOfScopeLabel?: string;
  route?: string;
  /** Default: the route's task in --config, else 0.95. */
  minPrecision?: string;
  /** Default: the route's task in --config, else 0.5. */
  minCoverage?: string;
  /** With --route: the gateway config whose store and route (and bar) to use. */
  config?: string;
  promote?: boolean;
  /** Register the model even when a version of the route is identical to it (same data version and figures). */
  registerAgain?: boolean;
  /** With --route: keep the file's examples for the route's automatic retraining (default true; --no-keep-data). */
  keepData?: boolean;
  seed: string;
  holdOut?: string;
  /** Labels with fewer examples are never answered locally (default 40). */
  minExamplesToAnswer?: string;
  skipBadLines?: boolean;
  /** Leave out labels under the minimum count instead of refusing the file. */
  dropRareLabels?: boolean;
  /** Train a label the file writes more than one way (case, spaces, `_` and `-` aside) as its commonest spelling. */
  mergeLabelSpellings?: boolean;
  /** Train the distance gate, a second out-of-scope check (TrainOptions.distanceGate); unset: the route's task, else on. */
  distanceGate?: boolean;
  /** Share of answerable held-out requests the distance gate may escalate (TrainOptions.maxDistantShare; default 0.025). */
  maxDistantShare?: string;
  db?: string;
  json?: boolean;
}

/**
 * `switchyard local train`: file → model file (+ registry version with --route).
 *
 * @example await trainAction({ data: 'train.csv', out: 'intent.sylm', minPrecision: '0.95', minCoverage: '0.5', seed: '1' })
 */
export async function trainAction(flags: TrainFlags): Promise<void> {
  // With --route the registry keeps the model's bytes, so a file of one's own is optional.
  if (flags.out === undefined && !flags.route) {
    throw new SwitchyardError('invalid_request', "--out FILE is needed (the model file to write), unless --route R registers the model in the registry, which keeps its own copy", { param: '--out' });
  }
  if (flags.out !== undefined) checkOutPath('--out', flags.out, { createsFolder: true });
  const destination = flags.out ?? `the registry (route ${flags.route})`;
  if (flags.config && !flags.route) throw new SwitchyardError('invalid_request', '--config is read only with --route (the route to register the model under)', { param: '--config' });
  // Before training: a route the config lacks would be registered where no gateway serves it.
  const task = flags.config && flags.route ? await configTask(flags.config, flags.route, '--route') : undefined;
  const minPrecision = flags.minPrecision !== undefined ? numberFlag('--min-precision', flags.minPrecision, { min: 0.5, max: 1 }) : (task?.min_precision ?? DEFAULT_BAR.minPrecision);
  const minCoverage = flags.minCoverage !== undefined ? numberFlag('--min-coverage', flags.minCoverage, { min: 0, max: 1 }) : (task?.min_coverage ?? DEFAULT_BAR.minCoverage);
  const seed = numberFlag('--seed', flags.seed, { min: 0, max: 2 ** 32 - 1, integer: true });
  const minExamplesToAnswer = numberFlag('--min-examples-to-answer', flags.minExamplesToAnswer ?? String(TRAIN_DEFAULTS.minExamplesToAnswer), { min: 0, max: 1_000_000, integer: true });
  const distanceGate = flags.distanceGate ?? task?.distance_gate ?? TRAIN_DEFAULTS.distanceGate;
  const maxDistantShare = numberFlag('--max-distant-share', flags.maxDistantShare ?? String(task?.max_distant_share ?? TRAIN_DEFAULTS.maxDistantShare), { min: 0.001, max: 0.5 });
  if (flags.maxDistantShare !== undefined && !distanceGate) {
    throw new SwitchyardError('invalid_request', `--max-distant-share sets the distance gate's cut-off, but the gate is off (${flags.distanceGate === false ? '--no-distance-gate' : `route ${flags.route}'s task.distance_gate: false`})`, { param: '--max-distant-share' });
  }
  const validationOrder = flags.holdOut ?? 'newest';
  if (validationOrder !== 'newest' && validationOrder !== 'random') throw new SwitchyardError('invalid_request', `--hold-out must be "newest" or "random", got ${quoteClipped(validationOrder)}`, { param: '--hold-out' });
  let skipped = 0;
  let classLabels: { column: string; names: readonly string[] } | undefined;
  // Nothing is written until training ends, so Ctrl-C before then leaves at once, saying so
  // (Node's default was to die silently).
  const stopped = quitOnSigint(`Ctrl-C: training stopped; nothing was written to ${destination}`);
  const reading = readingBar(flags.data, { json: flags.json === true });
  const read = await readExamples(flags.data, {
    onProgress: (readBytes, totalBytes) => reading.update(readBytes, totalBytes),
    onClassLabels: (column, names) => void (classLabels = { column, names }),
    textColumn: flags.textColumn,
    labelColumn: flags.labelColumn,
    skipBadLines: flags.skipBadLines === true,
    onSkipped: (problems) => {
      skipped = problems.length;
      reading.stop();
      console.error(terminalText(skippedLines(problems, flags.data)));
    },
  }).finally(() => reading.stop());
  // Before the rare-label check: "Refund_Request" ×3 beside "refund_request" is one label, not a rare one.
  const spellings = labelSpellings(read);
  const merged = flags.mergeLabelSpellings === true && spellings.length > 0 ? mergeLabelSpellings(read, spellings) : read;
  const { kept: examples, dropped } = rareLabels(merged, flags.dropRareLabels === true, flags.mergeLabelSpellings === true ? [] : spellings);
  const bar = trainingBar({ json: flags.json === true });
  const started = performance.now();
  let trained;
  try {
    trained = await trainInWorker(examples, { minPrecision, seed, validationOrder, minExamplesToAnswer, distanceGate, maxDistantShare, ...(flags.outOfScopeLabel ? { outOfScopeLabel: flags.outOfScopeLabel } : {}) }, (p) => bar.update(p));
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const { model, bytes } = trained;
  stopped();
  // A folder it cannot make is named by the write below (no such folder, a file in the way).
  if (flags.out !== undefined) {
    await mkdir(dirname(flags.out), { recursive: true }).catch(() => undefined);
    writeOutFile('--out', flags.out, bytes);
  }
  const { metrics, threshold } = model.info;
  const heldOut = Number(model.info.training.validationExamples ?? metrics.examples);
  const folds = Number(model.info.training.crossFitFolds ?? 1);
  const refit = folds === 1 && Number(model.info.training.refitEpochs ?? 0) > 0;
  const summary: Record<string, unknown> = {
    model: flags.out ?? null,
    labels: model.labels.length,
    examples: examples.length,
    fitExamples: folds > 1 ? examples.length : examples.length - heldOut,
    crossFitFolds: folds,
    skippedLines: skipped,
    refitOnAll: refit,
    heldOut: { examples: metrics.examples, accuracy: metrics.accuracy, coverage: metrics.coverage, precision: metrics.precision, labelShortfalls: metrics.labelShortfalls ?? [] },
    threshold: Number.isFinite(threshold) ? threshold : null,
    minPrecision,
    certification: certificationNote(model.info),
    maxUnseenWordShare: model.info.maxUnseenWordShare,
    sizeBytes: bytes.length,
    trainSeconds: Number(seconds.toFixed(2)),
    dataVersion: model.info.trainingDataHash,
  };
  if (dropped.length > 0) summary.droppedLabels = dropped;
  if (classLabels) summary.labelNames = { column: classLabels.column, from: 'ClassLabel', names: classLabels.names.length };
  if (spellings.length > 0) summary.labelSpellings = { merged: flags.mergeLabelSpellings === true, groups: spellings };
  const conflicts = labelConflicts(examples);
  if (conflicts.texts > 0) summary.labelConflicts = conflicts;
  const baseline = majorityBaseline(examples, metrics.accuracy, metrics.examples);
  summary.majorityBaseline = baseline;
  const lines = [
    // The held-out part is not trained on until the refit (if any): say so, or the count reads as the fit's.
    folds > 1
      ? `trained ${model.labels.length} labels on ${examples.length} examples, each scored to calibrate and measure by a model trained on the other ${folds - 1} of ${folds} folds (a small file: a hold-out would be too few answers), in ${seconds.toFixed(1)} s → ${destination} (${(bytes.length / 1024).toFixed(0)} KB)`
      : `trained ${model.labels.length} labels on ${examples.length - heldOut} examples, ${heldOut} held out to calibrate and measure${refit ? ` (then refit on all ${examples.length})` : ''}, in ${seconds.toFixed(1)} s → ${destination} (${(bytes.length / 1024).toFixed(0)} KB)`,
    `held-out (${metrics.examples} examples): accuracy ${pct(metrics.accuracy)}, coverage ${pct(metrics.coverage)}, precision ${pct(metrics.precision)} at threshold ${formatThreshold(threshold)} (target precision ${pct(minPrecision)})`,
  ];
  // Otherwise "World" in the output, where the file holds 0, reads as a label the tool made up.
  if (classLabels) lines.push(classLabelNote(classLabels));
  if (spellings.length > 0) lines.push(labelSpellingsNote(spellings, flags.mergeLabelSpellings === true));
  if (dropped.length > 0) {
    const listed = dropped.slice(0, 10).map((d) => `${JSON.stringify(d.label)} ×${d.count}`).join(', ');
    lines.push(`left out ${countOf(dropped.length, 'label')} with fewer than ${MIN_PER_LABEL} examples (${countOf(dropped.reduce((n, d) => n + d.count, 0), 'example')}): ${listed}${dropped.length > 10 ? `, … and ${dropped.length - 10} more` : ''}; the model does not know them: their requests escalate only when it is unsure or finds them unfamiliar, and are otherwise answered with the nearest label it knows (never-seen banking77 intents escalated about half the time), and the held-out figures leave them out`);
  }
  const few = fewExamples(model.info, model.labels);
  if (few) summary.escalatedLabels = few;
  lines.push(certificationNote(model.info));
  if (few) lines.push(fewExamplesNote(few, model.labels.length, 'train'));
  if (!Number.isFinite(threshold) && few?.labels.length !== model.labels.length) lines.push(noThresholdReason(metrics.examples, minPrecision, model.info.precisionZ));
  // The newest share is harsher on a file sorted by topic than on one in the order it was written.
  if (validationOrder === 'newest' && metrics.coverage < minCoverage && few?.labels.length !== model.labels.length) {
    // A cross-fitted file holds out no "newest" share, and is small: more examples are the likelier fix.
    lines.push(
      folds > 1
        ? `held-out coverage ${pct(metrics.coverage)} is under --min-coverage ${pct(minCoverage)} on ${metrics.examples} examples, each scored by a model that never saw its run of consecutive examples of its label; a file this small gains most from more examples; if its order says nothing about what comes next (sorted by topic, say), --hold-out random scores random folds instead, which over-states precision on new phrasings when the file came in batches`
        : `held-out coverage ${pct(metrics.coverage)} is under --min-coverage ${pct(minCoverage)} on the newest examples of each label; if the file's order says nothing about what comes next (sorted by topic, say), --hold-out random measures on a random share, which over-states precision on new phrasings when the file came in batches`,
    );
  }
  if (!baseline.beaten) {
    // Otherwise a file whose labels the texts do not predict reads as a model at the bar: 97% of
    // one label gives 97% accuracy and meets a 95% precision target by answering that label.
    lines.push(`held-out accuracy ${pct(metrics.accuracy)} is no better than always answering ${JSON.stringify(baseline.label)}, ${pct(baseline.share)} of the examples: the model has learned little beyond how often each label occurs, and its local answers are mostly that label; check that --label-column names the labels meant, or add examples of the others`);
  }
  const shortfalls = metrics.labelShortfalls ?? [];
  if (shortfalls.length > 0) {
    // The overall precision is mostly the common labels': a rare label's requests answered as the common one hide in it.
    const listed = shortfalls.map((l) => `${JSON.stringify(l.label)} ${l.right} of ${l.answered} right`).join(', ');
    lines.push(`held-out requests of some labels, where answered locally, were credibly under the precision target though the whole met it (worst first): ${listed}; add examples of those labels, or merge each with the label it is confused with (\`${CLI} local eval\` shows each label's figures on a labelled file)`);
  }
  const cutoff = model.info.maxUnseenWordShare;
  if (cutoff !== null) {
    lines.push(`out of domain: a request escalates when over ${pct(cutoff)} of its words and word pairs are new to the training data (chosen so that at most ${pct(Number(model.info.training.maxUnfamiliarShare))} of held-out requests are)`);
  }
  const fewest = model.info.fewestWordNgrams;
  if (fewest !== null && fewest > 1) {
    lines.push(`too short: a request with fewer than ${fewest} words and word pairs escalates (the shortest training text has ${fewest}; nothing shorter was learnt from)`);
  }
  const maxRatio = model.info.maxDistanceRatio;
  if (maxRatio !== null) {
    const beyond = pct(Number(model.info.training.distanceGateShare ?? model.info.training.maxDistantShare));
    const how = model.info.training.distanceGateRule === 'ranks' ? `certified jointly with the threshold, which answered far more held-out requests than a gate by share; ${beyond} of held-out requests are beyond it` : `chosen so that at most ${beyond} of held-out requests are, the threshold certified with it`;
    lines.push(`distance gate: a request escalates when its embedding is over ${maxRatio.toFixed(2)}× its label's radius from the label's centre (${how}; --no-distance-gate turns it off)`);
  } else if (distanceGate && (folds === 1 || flags.distanceGate === true)) {
    lines.push(`distance gate: not used (${folds > 1 ? 'a cross-fitted model has no held-out network to choose its cut-off on' : 'every cut-off tried lowered the held-out coverage certified at the precision target'}); the model serves on confidence alone`);
  }
  if (conflicts.texts > 0) {
    lines.push(
      `${countOf(conflicts.texts, 'text carries', 'texts carry')} more than one label (${countOf(conflicts.examples, 'example')}): the model learns each and the held-out figures count the disagreement as errors; fix or merge those labels:`,
      ...conflicts.top.map((c) => `  ${JSON.stringify(c.text)} → ${c.labels.map((l) => `${l.label} ×${l.count}`).join(', ')}`),
    );
    if (conflicts.texts > conflicts.top.length) lines.push(`  … and ${conflicts.texts - conflicts.top.length} more`);
  }
  if (flags.route) {
    const route = flags.route;
    await withStores(flags.config && !flags.db ? { config: flags.config } : { db: dbPath(flags.db) }, async ({ models: registry, examples: exampleStore }, store) => {
      const now = Date.now();
      const where = 'sqlite' in store ? store.sqlite : flags.config && !flags.db ? `the PostgreSQL store of ${flags.config}` : dbPath(flags.db);
      const same = flags.registerAgain ? undefined : await identicalVersion(registry, route, model.info.trainingDataHash, metrics);
      // Every example of a `local train` came from its file.
      const trainedOn = { file: examples.length, teacher: 0, review: 0 };
      const version = same ?? (await registry.register({ route, dataVersion: model.info.trainingDataHash, metrics: { ...metrics, trainedOn }, model: bytes, createdAt: now }));
      if (same) {
        summary.identicalTo = { route, version: same.version, db: where };
        lines.push(`not registered: the model is identical to ${route} version ${same.version} in ${where} (same data version ${same.dataVersion.slice(0, 12)}, same held-out figures); --register-again registers a copy`);
      } else {
        summary.registered = { route: version.route, version: version.version, db: where };
        lines.push(`registered ${version.route} version ${version.version} in ${where}`);
      }
      // The route's automatic retraining learns from its store's examples: without the file's,
      // its next version forgot everything this one learnt from the file.
      if (flags.keepData !== false) {
        const kept = await keepFileExamples(exampleStore, route, examples, now);
        summary.keptExamples = { ...kept, dataVersion: model.info.trainingDataHash };
        lines.push(`kept ${countOf(kept.added, 'example')} of ${flags.data} for ${route}'s retraining${kept.already > 0 ? ` (${kept.already} it had already)` : ''}: its next versions learn from them beside its traffic (--no-keep-data leaves them out)`);
      }
      if (flags.promote) {
        // A scheduled retraining runs this: a route an operator pinned by hand keeps their choice
        // (the pin is read in the promotion's own transaction).
        const result = await registry.promote(route, version.version, { minPrecision, minCoverage }, now, { unlessPinned: true });
        const reason = result.heldBy ? `${result.reason}; \`${CLI} models unpin --route ${route}${storeArgs(flags)}\` releases it` : result.reason;
        summary.promotion = { promote: result.promote, reason };
        lines.push(result.promote ? `promoted: ${result.reason}` : reason);
        if (!result.promote && !result.heldBy && /below the bar|held-out examples/.test(result.reason)) {
          const advice = promotionAdvice(route, version.version, flags, task !== undefined);
          lines.push(advice);
          summary.promotion = { promote: result.promote, reason, advice };
        }
      }
    });
  }
  console.log(flags.json ? JSON.stringify(summary) : lines.join('\n'));
}

/** The fewest examples a label needs (`minExamplesPerLabel`'s default): each of 5 folds trains on at least 4. */
const MIN_PER_LABEL = 5;

/**
 * With --drop-rare-labels, the examples of labels that have at least the minimum, and the others
 * by count (most first); without it, a label under the minimum refuses the file as before, and
 * the message names the flag.
 */
function rareLabels(examples: Example[], drop: boolean, spellings: readonly LabelSpelling[]): { kept: Example[]; dropped: { label: string; count: number }[] } {
  const counts = new Map<string, number>();
  for (const example of examples) counts.set(example.label, (counts.get(example.label) ?? 0) + 1);
  const rare = [...counts].filter(([, count]) => count < MIN_PER_LABEL);
  if (rare.length === 0 || counts.size - rare.length < 1) return { kept: examples, dropped: [] };
  if (!drop) {
    try {
      validateExamples(examples, MIN_PER_LABEL);
    } catch (error) {
      // A rare label that is another's spelling is that label's examples, not a label to drop.
      const respelled = rare.filter(([label]) => spellings.some((group) => group.spellings.some((s) => s.label === label)));
      const merge = respelled.length > 0 ? `; ${respelled.map(([label]) => JSON.stringify(label)).join(', ')} ${respelled.length === 1 ? 'is a spelling' : 'are spellings'} of another label: --merge-label-spellings trains each as its commonest spelling` : '';
      if (error instanceof SwitchyardError) throw new SwitchyardError(error.code, `${error.message}${merge}; --drop-rare-labels trains on the other ${counts.size - rare.length} labels without them`);
      throw error;
    }
  }
  const leave = new Set(rare.map(([label]) => label));
  return {
    kept: examples.filter((example) => !leave.has(example.label)),
    dropped: rare.map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1)),
  };
}

/** What to do about a version the bar refused: more data, or a bar set where the bar came from. */
function promotionAdvice(route: string, version: number, flags: TrainFlags, fromConfig: boolean): string {
  const bar = fromConfig && (flags.minPrecision === undefined || flags.minCoverage === undefined)
    ? `route ${route}'s task min_precision / min_coverage in ${flags.config as string} (or --min-precision / --min-coverage)`
    : '--min-precision / --min-coverage';
  const where = storeArgs(flags);
  return `the route keeps its live version, if any (else it escalates every request); what to do: add labelled examples and train again (\`${CLI} local eval\` on a labelled file shows which labels get the least coverage), or, if the bar is stricter than the route needs, lower ${bar} and run \`${CLI} models promote --route ${route} --version ${version}${where}\``;
}

/**
 * Why everything escalates: too few held-out answers to certify the target even with none wrong
 * (the Wilson bound of n right of n is n / (n + z²)), or too many mistakes at every confidence.
 */
function noThresholdReason(heldOut: number, minPrecision: number, z: number): string {
  const needed = minPrecision >= 1 ? Infinity : Math.ceil((z * z * minPrecision) / (1 - minPrecision));
  const head = `no confidence threshold reaches ${pct(minPrecision)} precision on the held-out answers with the margin (z ${z}), so every request escalates:`;
  return heldOut < needed
    ? `${head} even with none wrong, ${needed} held-out answers are needed and there are ${heldOut}; add examples or lower --min-precision`
    : `${head} too many are wrong at every confidence; add examples, merge labels that are confused, or lower --min-precision`;
}
