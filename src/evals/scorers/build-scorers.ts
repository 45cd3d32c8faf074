import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SwitchyardError } from '../../core/errors.js';
import { judgeSpec, type JudgeSpec } from '../judge/judge-spec.js';
import { pairwiseJudge } from '../judge/pairwise-judge.js';
import { runJudge } from '../judge/run-judge.js';
import type { JudgeStore } from '../store/judge-store.js';
import type { ScorerSpec } from '../suite/suite-schema.js';
import { jsonSchemaScorer } from './json-schema.js';
import { numericMatch } from './numeric.js';
import type { CustomScorerFunction, Scorer, ScoreInput } from './scorer.js';
import { groundednessScore } from './groundedness.js';
import { similarityScore } from './similarity.js';
import { containsMatch, exactMatch, regexMatch } from './text-match.js';

export interface BuildContext {
  /** Directory custom scorer modules are resolved against (the suite's). */
  baseDir: string;
  judges?: JudgeStore;
  /** Custom scorers given in code, by module name, instead of loading a file. */
  customScorers?: Readonly<Record<string, CustomScorerFunction>>;
  /** "suite.yaml:12" for scorer i, for errors. */
  where?: (index: number) => string;
}

const inputText = (input: ScoreInput) => input.vars.get('input') ?? '';

/**
 * Turns a suite's scorer specs into scorers, resolving saved judges and loading custom modules
 * now, so every mistake surfaces before the first model call.
 *
 * @example const scorers = await buildScorers(suite.spec.scorers, { baseDir: suite.baseDir, judges });
 */
export async function buildScorers(specs: readonly ScorerSpec[], context: BuildContext): Promise<Scorer[]> {
  const names = new Map<string, number>();
  const scorers: Scorer[] = [];
  for (const [index, spec] of specs.entries()) {
    const count = (names.get(spec.type) ?? 0) + 1;
    names.set(spec.type, count);
    const name = spec.name ?? (specs.filter((s) => s.type === spec.type).length > 1 ? `${spec.type}#${count}` : spec.type);
    const at = context.where?.(index) ?? `scorers[${index}]`;
    const scorer: Scorer = { name, type: spec.type, weight: spec.weight, needsAllVariants: spec.type === 'pairwise', score: await scoreFunction(spec, name, at, context) };
    if (spec.type === 'pairwise') scorer.baseline = spec.baseline;
    scorers.push(scorer);
  }
  return scorers;
}

async function scoreFunction(spec: ScorerSpec, name: string, at: string, context: BuildContext): Promise<Scorer['score']> {
  switch (spec.type) {
    case 'exact':
      return async (input) => exactMatch(spec, input);
    case 'contains':
      return async (input) => containsMatch(spec, input);
    case 'groundedness':
      return async (input) => groundednessScore(input);
    case 'regex':
      try {
        new RegExp(spec.pattern, spec.flags);
      } catch (error) {
        throw new SwitchyardError('invalid_request', `${at}: regex scorer: ${(error as Error).message}`);
      }
      return async (input) => regexMatch(spec, input);
    case 'json_schema': {
      let check: ReturnType<typeof jsonSchemaScorer>;
      try {
        check = jsonSchemaScorer(spec.schema);
      } catch (error) {
        throw new SwitchyardError('invalid_request', `${at}: json_schema scorer: the schema cannot be used: ${(error as Error).message}`);
      }
      return async (input) => check(input);
    }
    case 'numeric':
      return async (input) => numericMatch(spec, input);
    case 'similarity':
      return (input) => similarityScore(spec, input, name);
    case 'judge': {
      const judge = await resolveJudge(spec, at, context);
      return (input) =>
        runJudge(input.caller, judge, { input: inputText(input), output: input.output, expected: input.vars.get('expected') }, { ...input.tags, scorer: name }, { trial: input.repeat, signal: input.signal });
    }
    case 'pairwise':
      return async (input) => {
        if (input.variant === spec.baseline) return undefined;
        const baseline = input.outputs.get(spec.baseline);
        if (baseline === undefined) throw new SwitchyardError('upstream_error', `baseline variant "${spec.baseline}" has no output for this case`);
        return pairwiseJudge(input.caller, spec.model, spec.rubric, { input: inputText(input), candidate: input.output, baseline, expected: input.vars.get('expected') }, { ...input.tags, scorer: name }, input.signal);
      };
    case 'custom': {
      const fn = await loadCustom(spec.module, spec.export, at, context);
      return async (input) => {
        const result = await fn(input.item, input.output);
        if (!result || typeof result.pass !== 'boolean' || typeof result.score !== 'number') {
          throw new SwitchyardError('internal', `custom scorer ${spec.module} must return { pass: boolean, score: number, reason: string }`);
        }
        return { pass: result.pass, score: Math.min(1, Math.max(0, result.score)), reason: String(result.reason ?? '') };
      };
    }
  }
}

async function resolveJudge(spec: Extract<ScorerSpec, { type: 'judge' }>, at: string, context: BuildContext): Promise<JudgeSpec> {
  if (spec.judge) {
    if (!context.judges) throw new SwitchyardError('invalid_request', `${at}: saved judge "${spec.judge}" needs the eval store`);
    let saved: JudgeSpec;
    try {
      saved = (await context.judges.resolve(spec.judge)).spec;
    } catch (error) {
      throw new SwitchyardError('not_found', `${at}: ${(error as Error).message}`);
    }
    return { ...saved, model: spec.model ?? saved.model, passAt: spec.pass_at ?? saved.passAt };
  }
  if (!spec.model || !spec.rubric) throw new SwitchyardError('invalid_request', `${at}: a judge scorer needs "model" and "rubric", or "judge: <saved judge name>"`);
  const scale = (spec.scale ?? [1, 5]) as [number, number];
  return judgeSpec({ model: spec.model, rubric: spec.rubric, scale, passAt: spec.pass_at });
}

async function loadCustom(module: string, exported: string, at: string, context: BuildContext): Promise<CustomScorerFunction> {
  const given = context.customScorers?.[module];
  if (given) return given;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(resolve(context.baseDir, module)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new SwitchyardError('invalid_request', `${at}: cannot load custom scorer ${module}: ${(error as Error).message}`);
  }
  const fn = loaded[exported];
  if (typeof fn !== 'function') {
    const exports = Object.keys(loaded).join(', ') || 'none';
    throw new SwitchyardError('invalid_request', `${at}: custom scorer ${module} has no function export "${exported}" (exports: ${exports})`);
  }
  return fn as CustomScorerFunction;
}
