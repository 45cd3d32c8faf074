import { z } from 'zod';

const templateText = z.string().min(1);

const message = z.strictObject({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: templateText,
});

/** One thing to compare: a model (or route) with a prompt and parameters. */
export const variantSchema = z.strictObject({
  /** A model or route name as configured on the gateway. */
  model: z.string().min(1).optional(),
  /** Synonym of `model` for routes, so suites read naturally. */
  route: z.string().min(1).optional(),
  /** A user-message template, or the whole conversation as templates. */
  prompt: z.union([templateText, z.array(message).min(1)]),
  system: templateText.optional(),
  /** Passed through to the chat request: temperature, max_tokens, response_format… */
  params: z.record(z.string(), z.unknown()).default({}),
  /**
   * Retrieval for this variant (RAG variants; needs an in-process gateway, `--config`): a knowledge
   * base name, `{ base, k, mode, embed_model, filter }` replacing the route's settings, or null to
   * ground a knowledge route in nothing.
   */
  knowledge: z
    .union([
      z.null(),
      z.string().min(1).max(64),
      z.strictObject({
        base: z.string().min(1).max(64),
        k: z.number().int().min(1).max(50).optional(),
        mode: z.enum(['bm25', 'dense', 'hybrid']).optional(),
        embed_model: z.string().min(1).optional(),
        filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))])).optional(),
      }),
    ])
    .optional(),
});

const base = {
  /** Shown in reports; defaults to the type (plus a number when repeated). */
  name: z.string().min(1).optional(),
  /** Weight in the variant's quality score (a mean weighted over scorers). */
  weight: z.number().positive().default(1),
};

/** 1–5 by default; [0, 1] is pass/fail. */
const scale = z.tuple([z.number().int(), z.number().int()]).refine(([lo, hi]) => hi > lo, 'scale must be [low, high] with high > low');

export const scorerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('exact'), ...base, value: templateText.default('{{expected}}'), ignore_case: z.boolean().default(false), trim: z.boolean().default(true) }),
  z.strictObject({ type: z.literal('contains'), ...base, value: templateText.default('{{expected}}'), ignore_case: z.boolean().default(true) }),
  z.strictObject({ type: z.literal('regex'), ...base, pattern: z.string().min(1), flags: z.string().regex(/^[gimsuy]*$/).default('') }),
  z.strictObject({ type: z.literal('json_schema'), ...base, schema: z.record(z.string(), z.unknown()) }),
  z.strictObject({
    type: z.literal('numeric'),
    ...base,
    value: templateText.default('{{expected}}'),
    /** Absolute tolerance, or relative (a fraction of the expected value) when `relative`. */
    tolerance: z.number().nonnegative().default(0),
    relative: z.boolean().default(false),
    /** Which number of each text is compared: a worked answer (GSM8K's, a model's reasoning) ends with its result. */
    pick: z.enum(['first', 'last']).default('first'),
  }),
  z.strictObject({
    type: z.literal('similarity'),
    ...base,
    /** An embeddings model on the gateway. */
    model: z.string().min(1),
    value: templateText.default('{{expected}}'),
    /** Cosine similarity at which the output passes. */
    threshold: z.number().min(-1).max(1).default(0.8),
  }),
  z.strictObject({
    type: z.literal('judge'),
    ...base,
    /** A judge model, or a saved calibrated judge by `name` or `name@version`. */
    model: z.string().min(1).optional(),
    judge: z.string().min(1).optional(),
    rubric: z.string().min(1).optional(),
    scale: scale.optional(),
    /** Lowest score that passes; the pass decision is made here, never by the model. */
    pass_at: z.number().optional(),
  }),
  z.strictObject({
    type: z.literal('pairwise'),
    ...base,
    model: z.string().min(1),
    /** The variant every other variant is compared with. */
    baseline: z.string().min(1),
    rubric: z.string().min(1).default('Which answer is more correct, complete and helpful?'),
  }),
  z.strictObject({
    type: z.literal('groundedness'),
    ...base,
  }),
  z.strictObject({
    type: z.literal('custom'),
    ...base,
    /** A JavaScript module (path relative to the suite) exporting `(case, output) => { pass, score, reason }`. */
    module: z.string().min(1),
    export: z.string().min(1).default('default'),
  }),
]);

const datasetReference = z.union([
  z.string().min(1),
  z.strictObject({
    file: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    version: z.union([z.number().int().positive(), z.string().min(1)]).optional(),
    /** A `file`'s columns (JSONL: fields) holding the input and the expected answer, as `datasets import --input-column`. */
    input_column: z.string().min(1).optional(),
    expected_column: z.string().min(1).optional(),
  }),
]);

export const suiteSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** A JSONL/CSV file (imported and versioned by content), or a stored dataset "name[@version]". */
  dataset: datasetReference,
  variants: z.record(z.string().regex(/^[\w.-]+$/, 'variant names are letters, digits, ".", "_" or "-"'), variantSchema),
  scorers: z.array(scorerSchema).min(1, 'a suite needs at least one scorer'),
  /** Runs of every case × variant; above 1 measures run-to-run noise. */
  repeats: z.number().int().min(1).max(100).default(1),
  /** Model calls in flight at once (variants, judges and embeddings together). */
  concurrency: z.number().int().min(1).max(512).default(8),
  /** Seeds bootstrap resampling so the same results always give the same intervals. */
  seed: z.number().int().default(1),
  /**
   * Answer repeated requests from the response cache (true), or call the models every time and
   * refresh the cache (false, what `--no-cache` records). A resumed run keeps its setting.
   */
  cache: z.boolean().default(true),
});

export type SuiteSpec = z.output<typeof suiteSchema>;
export type VariantSpec = z.output<typeof variantSchema>;
export type ScorerSpec = z.output<typeof scorerSchema>;
export const SCORER_TYPES = ['exact', 'contains', 'regex', 'json_schema', 'numeric', 'similarity', 'judge', 'pairwise', 'groundedness', 'custom'] as const;
