import { TerminalTable } from '../../core/terminal-table.js';
import { certificationNote } from '../../local/calibration/certification.js';
import { readExamples } from '../../local/data/read-examples.js';
import { evaluateClassifier } from '../../local/evaluate-classifier.js';
import { fewExamples, fewExamplesNote } from '../../local/few-examples.js';
import { loadModel } from '../../local/model-file/load-model.js';
import { classLabelNote, formatThreshold, pct } from './flags.js';
import { numberFlag } from '../../core/number-flag.js';
import { countOf } from '../../core/plural.js';
import type { Example } from '../../local/types.js';

export interface EvalFlags {
  model: string;
  data: string;
  minPrecision?: string;
  textColumn?: string;
  labelColumn?: string;
  json?: boolean;
}

/**
 * `switchyard local eval`: the model on labelled data at the threshold its training certified
 * (on its held-out share or, for a small file, cross-fitted) for --min-precision (default: the target it was trained for). The threshold is never
 * fitted on the data being evaluated.
 *
 * @example await evalAction({ model: 'intent.sylm', data: 'test.csv', minPrecision: '0.98', json: true })
 */
export async function evalAction(flags: EvalFlags): Promise<void> {
  const loaded = await loadModel(flags.model);
  const minPrecision = flags.minPrecision === undefined ? loaded.info.minPrecision : numberFlag('--min-precision', flags.minPrecision, { min: 0.5, max: 1 });
  const model = minPrecision === loaded.info.minPrecision ? loaded : loaded.forPrecision(minPrecision);
  let classLabels: { column: string; names: readonly string[] } | undefined;
  const examples = await readExamples(flags.data, { textColumn: flags.textColumn, labelColumn: flags.labelColumn, onClassLabels: (column, names) => void (classLabels = { column, names }) });
  const result = evaluateClassifier(model, examples);
  // Labels under --min-examples-to-answer read as 0% coverage in the table; say why, by name.
  const few = fewExamples(model.info, model.labels);
  if (flags.json) {
    console.log(JSON.stringify({ model: flags.model, data: flags.data, minPrecision, ...result, threshold: Number.isFinite(result.threshold) ? result.threshold : null, certification: certificationNote(model.info), ...(few ? { escalatedLabels: few } : {}) }));
    return;
  }
  const table = new TerminalTable({
    head: ['label', 'examples', 'accuracy', 'coverage', 'precision'],
    // Labels are single words up to ~50 characters (banking77's longest is 48): in 80 columns the
    // serving figures (coverage, precision) stay; accuracy is in the line under the table.
    dropToFit: ['examples', 'accuracy'],
  });
  for (const row of result.perLabel) table.push([row.label, row.support, pct(row.accuracy), pct(row.coverage), pct(row.precision)]);
  if (classLabels) console.log(classLabelNote(classLabels));
  console.log(table.toString());
  console.log(`${result.examples} examples: accuracy ${pct(result.accuracy)}, coverage ${pct(result.coverage)}, realised precision ${pct(result.precision)} at threshold ${formatThreshold(result.threshold)} (target ${pct(minPrecision)}; the threshold is the one certified in training, as below, never fitted on this file)`);
  console.log(certificationNote(model.info));
  if (few) console.log(fewExamplesNote(few, model.labels.length, 'eval'));
  if (result.unknownLabel.examples > 0) console.log(unknownLabelsNote(examples, model.labels, result.unknownLabel));
}

/**
 * What the table cannot show about labels the model does not have: which they are, and, when the
 * file has none of the model's, that the model is likely another route's (every row 0%, with
 * nothing saying why, read as a model that learnt nothing).
 *
 * @example unknownLabelsNote(examples, ['card_arrival'], { examples: 3, escalated: 2 }) // '3 examples have labels the model never saw ("refund" ×3); 66.67% of them escalated'
 */
function unknownLabelsNote(examples: readonly Example[], modelLabels: readonly string[], unknown: { examples: number; escalated: number }): string {
  const known = new Set(modelLabels);
  const counts = new Map<string, number>();
  for (const { label } of examples) if (!known.has(label)) counts.set(label, (counts.get(label) ?? 0) + 1);
  const named = [...counts].sort((a, b) => b[1] - a[1]);
  const listed = `${named.slice(0, 5).map(([label, count]) => `${JSON.stringify(label)} ×${count}`).join(', ')}${named.length > 5 ? `, … and ${named.length - 5} more` : ''}`;
  const line = `${countOf(unknown.examples, 'example has a label', 'examples have labels')} the model never saw (${listed}); ${pct(unknown.escalated / unknown.examples)} of them escalated`;
  if (unknown.examples < examples.length) return line;
  const theirs = `${modelLabels.slice(0, 5).map((label) => JSON.stringify(label)).join(', ')}${modelLabels.length > 5 ? `, … ${modelLabels.length} in all` : ''}`;
  return `${line}\nnone of the file's ${countOf(counts.size, 'label')} is one of the model's (${theirs}): is --model the model for this data (not another route's), and --label-column the labels meant?`;
}
