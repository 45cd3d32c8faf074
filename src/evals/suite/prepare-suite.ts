import { closestName } from '../../core/format-issues.js';
import type { KnowledgeOverride } from '../../gateway/call.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SwitchyardError } from '../../core/errors.js';
import { isDatasetFileArgument } from '../datasets/dataset-argument.js';
import { importDatasetFile } from '../datasets/import-dataset.js';
import { buildScorers } from '../scorers/build-scorers.js';
import type { CustomScorerFunction, Scorer } from '../scorers/scorer.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetVersion } from '../types.js';
import type { JudgeStore } from '../store/judge-store.js';
import type { LoadedSuite, SuiteDraft } from './load-suite.js';
import type { ScorerSpec, SuiteSpec } from './suite-schema.js';
import { itemVariables, templateVariables } from './template.js';
import { configAsSuite } from '../../core/swapped-file.js';

/** A variant ready to run: its model and message templates. */
export interface PreparedVariant {
  name: string;
  model: string;
  messages: { role: 'system' | 'developer' | 'user' | 'assistant'; content: string }[];
  params: Record<string, unknown>;
  /** Retrieval for this variant (see the suite's `knowledge`); undefined: as the route does. */
  knowledge?: KnowledgeOverride | string | null;
}

export interface PreparedSuite {
  name: string;
  loaded: LoadedSuite;
  dataset: DatasetVersion;
  variants: PreparedVariant[];
  scorers: Scorer[];
  repeats: number;
  concurrency: number;
  seed: number;
}

export interface PrepareContext {
  datasets: DatasetStore;
  judges: JudgeStore;
  /** Model names the gateway serves. */
  knownModels: readonly string[];
  skipBadLines?: boolean;
  customScorers?: Readonly<Record<string, CustomScorerFunction>>;
  /** Pins the dataset (for `eval rerun`) instead of reading the suite's reference. */
  datasetVersionId?: string;
}

/**
 * Checks a suite against the world before any model call: the dataset exists (a file is
 * imported as a new version when it changed), every model is served by the gateway, every
 * template variable exists in every item, every scorer can be built. Each error names the
 * suite line and what is known. A suite whose shape is wrong (a `SuiteDraft` without `spec`)
 * still has its dataset and models checked: one error lists the shape problems first, then
 * those, so one round of fixes is enough.
 *
 * @example const prepared = await prepareSuite(readSuiteFile('suite.yaml'), { datasets, judges, knownModels });
 */
export async function prepareSuite(draft: LoadedSuite | SuiteDraft, context: PrepareContext): Promise<PreparedSuite> {
  const problems: string[] = 'shapeProblems' in draft ? [...draft.shapeProblems] : [];
  const swapped = draft.spec ? undefined : configAsSuite(draft.raw, draft.source);
  if (swapped !== undefined) throw cannotRun(draft.source, [swapped, ...problems]);
  const { spec } = draft;
  // Every check runs even after one fails, so a suite with four mistakes reports four problems.
  const references = referencesOf(draft.raw);
  let dataset: DatasetVersion | undefined;
  try {
    if (context.datasetVersionId) dataset = await pinned(context);
    else if (references.dataset !== undefined) dataset = await resolveDataset(references.dataset, draft, context);
  } catch (error) {
    if (!(error instanceof SwitchyardError)) throw error;
    problems.push(error.message);
  }
  const known = new Set(context.knownModels);
  for (const use of references.models) {
    if (known.has(use.model)) continue;
    const meant = closestName(use.model, [...known]);
    problems.push(`${draft.where(use.path)}: ${use.what}: unknown model "${use.model}"${meant ? ` (did you mean "${meant}"?)` : ''} (the gateway serves: ${[...known].join(', ') || 'none'})`);
  }
  if (!spec) throw cannotRun(draft.source, problems);
  const loaded: LoadedSuite = { ...draft, spec };
  const { where } = loaded;
  const variants: PreparedVariant[] = [];
  for (const [name, variant] of Object.entries(spec.variants)) {
    const model = variant.model ?? variant.route;
    if (!model) {
      problems.push(`${where(['variants', name])}: variant "${name}" needs a "model" (or "route")`);
      continue;
    }
    const messages: PreparedVariant['messages'] = [];
    if (variant.system) messages.push({ role: 'system', content: variant.system });
    if (typeof variant.prompt === 'string') messages.push({ role: 'user', content: variant.prompt });
    else messages.push(...variant.prompt);
    variants.push({ name, model, messages, params: variant.params, ...(variant.knowledge !== undefined ? { knowledge: variant.knowledge } : {}) });
  }
  if (variants.length === 0 && problems.length === 0) problems.push(`${where(['variants'])}: a suite needs at least one variant`);
  spec.scorers.forEach((scorer, i) => {
    if (scorer.type === 'pairwise' && !Object.hasOwn(spec.variants, scorer.baseline)) {
      problems.push(`${where(['scorers', i, 'baseline'])}: pairwise baseline "${scorer.baseline}" is not a variant (variants: ${Object.keys(spec.variants).join(', ')})`);
    }
  });
  if (dataset) problems.push(...(await checkVariables(loaded, variants, context.datasets, dataset)));
  const buildContext = { baseDir: loaded.baseDir, judges: context.judges, customScorers: context.customScorers };
  // Each scorer alone first, so every scorer that cannot be built is named, not only the first.
  for (const [i, scorer] of spec.scorers.entries()) {
    try {
      await buildScorers([scorer], { ...buildContext, where: () => where(['scorers', i]) });
    } catch (error) {
      if (!(error instanceof SwitchyardError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0 || !dataset) throw cannotRun(loaded.source, problems);
  const scorers = await buildScorers(spec.scorers, { ...buildContext, where: (i) => where(['scorers', i]) });
  return { name: spec.name ?? dataset.dataset, loaded, dataset, variants, scorers, repeats: spec.repeats, concurrency: spec.concurrency, seed: spec.seed };
}

function cannotRun(source: string, problems: readonly string[]): SwitchyardError {
  return new SwitchyardError('invalid_request', `suite ${source} cannot run (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`, { detail: problems });
}

type DatasetRef = SuiteSpec['dataset'];

interface ModelUse {
  model: string;
  path: (string | number)[];
  what: string;
}

const record = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * The dataset and the models a suite names, read from the raw YAML so they can be checked even
 * when other fields are malformed; a reference that is itself malformed is left to the shape check.
 */
function referencesOf(raw: unknown): { dataset: DatasetRef | undefined; models: ModelUse[] } {
  const suite = record(raw) ?? {};
  const ref = record(suite.dataset);
  const wellFormed = ref && (text(ref.file) || text(ref.name)) && Object.keys(ref).every((k) => ['file', 'name', 'version', 'input_column', 'expected_column'].includes(k));
  const dataset = text(suite.dataset) ?? (wellFormed ? (ref as DatasetRef) : undefined);
  const models: ModelUse[] = [];
  for (const [name, value] of Object.entries(record(suite.variants) ?? {})) {
    const variant = record(value);
    const field = text(variant?.model) ? 'model' : text(variant?.route) ? 'route' : undefined;
    if (field) models.push({ model: variant?.[field] as string, path: ['variants', name, field], what: `variant "${name}"` });
  }
  (Array.isArray(suite.scorers) ? suite.scorers : []).forEach((value, i) => {
    const scorer = record(value);
    const model = text(scorer?.model);
    if (model && (scorer?.type === 'judge' || scorer?.type === 'pairwise' || scorer?.type === 'similarity')) models.push({ model, path: ['scorers', i, 'model'], what: `scorer ${scorer.type}` });
  });
  return { dataset, models };
}

async function pinned(context: PrepareContext): Promise<DatasetVersion> {
  const version = await context.datasets.version(context.datasetVersionId as string);
  if (!version) throw new SwitchyardError('not_found', `dataset version ${context.datasetVersionId} is not in this store`);
  return version;
}

async function resolveDataset(ref: DatasetRef, loaded: SuiteDraft | LoadedSuite, context: PrepareContext): Promise<DatasetVersion> {
  const at = loaded.where(['dataset']);
  const file = typeof ref === 'string' ? (isDatasetFileArgument(ref) ? ref : undefined) : ref.file;
  try {
    if (file) {
      const path = resolve(loaded.baseDir, file);
      const fallback = resolve(file);
      const chosen = existsSync(path) ? path : existsSync(fallback) ? fallback : undefined;
      if (!chosen) throw new SwitchyardError('not_found', `dataset file ${file} not found (looked in ${loaded.baseDir} and the current directory)`);
      const name = typeof ref === 'object' ? ref.name : undefined;
      // A missing column is named with the suite's keys, not the command line's options.
      const columns = { ...(typeof ref === 'object' ? { input: ref.input_column, expected: ref.expected_column } : {}), options: ['input_column', 'expected_column'] as const };
      return (await importDatasetFile(context.datasets, chosen, { name, skipBadLines: context.skipBadLines, columns })).version;
    }
    if (typeof ref === 'object' && (ref.input_column !== undefined || ref.expected_column !== undefined)) {
      throw new SwitchyardError('invalid_request', 'input_column and expected_column name the columns of a dataset `file`; a stored dataset\'s items have their input and expected already');
    }
    const reference = typeof ref === 'string' ? ref : `${ref.name ?? ''}${ref.version === undefined ? '' : `@${ref.version}`}`;
    return await context.datasets.resolve(reference);
  } catch (error) {
    if (error instanceof SwitchyardError) throw new SwitchyardError(error.code, `${at}: ${error.message}`, { detail: error.detail });
    throw error;
  }
}

/** Template variables every item must offer; reports the first item lacking each. */
async function checkVariables(loaded: LoadedSuite, variants: readonly PreparedVariant[], datasets: DatasetStore, dataset: DatasetVersion): Promise<string[]> {
  const uses: { variable: string; path: (string | number)[]; what: string }[] = [];
  for (const v of variants) {
    const raw = loaded.spec.variants[v.name];
    const paths: (string | number)[][] = typeof raw?.prompt === 'string' ? [['variants', v.name, 'prompt']] : (raw?.prompt ?? []).map((_, i) => ['variants', v.name, 'prompt', i, 'content']);
    if (raw?.system) paths.unshift(['variants', v.name, 'system']);
    const texts = v.messages.map((m) => m.content);
    texts.forEach((text, i) => {
      for (const variable of templateVariables(text)) uses.push({ variable, path: paths[i] ?? ['variants', v.name], what: `variant "${v.name}"` });
    });
  }
  loaded.spec.scorers.forEach((scorer: ScorerSpec, i) => {
    const templates = 'value' in scorer ? [scorer.value] : scorer.type === 'regex' ? [scorer.pattern] : [];
    for (const template of templates) for (const variable of templateVariables(template)) uses.push({ variable, path: ['scorers', i], what: `scorer ${scorer.type}` });
  });
  const missing = new Map<string, { item: string; index: number; known: string[] }>();
  let index = 0;
  for await (const item of datasets.items(dataset.id)) {
    index++;
    const vars = itemVariables(item, '');
    for (const use of uses) {
      if (!vars.has(use.variable) && !missing.has(use.variable)) missing.set(use.variable, { item: item.id, index, known: [...vars.keys()] });
    }
    if (missing.size === new Set(uses.map((u) => u.variable)).size) break;
  }
  const problems: string[] = [];
  for (const use of uses) {
    const miss = missing.get(use.variable);
    if (!miss) continue;
    problems.push(
      `${loaded.where(use.path)}: ${use.what} uses {{${use.variable}}}, but item ${miss.index} ("${miss.item}") of ${dataset.dataset}@${dataset.version} has no such variable (it has: ${miss.known.filter((k) => k !== 'output').join(', ')})`,
    );
  }
  return [...new Set(problems)];
}
