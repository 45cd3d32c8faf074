import { z } from 'zod';
import { scorerSchema, suiteSchema, variantSchema } from './suite-schema.js';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  pattern?: string;
};

/**
 * What each field means. Fields, types, bounds and defaults come from the zod schema; this
 * says why a field is there. The reference test fails when a schema field has no entry here
 * (or an entry names a field that is gone), so the reference cannot drift from the schema.
 */
export const FIELD_HELP: Record<string, string> = {
  'suite.name': 'Shown in reports; defaults to the dataset name.',
  'suite.description': 'Free text for people; not used by the runner.',
  'suite.dataset': "A JSONL (or `.json` array), CSV, TSV or Parquet file (the format from the extension, else from the first line), relative to the suite (imported and versioned by content), or a stored dataset `name` / `name@version`; or `{ file, name, version }`. A file whose input and expected answer are in other columns (a Hugging Face set's `text`, `label`): `{ file: train.parquet, input_column: text, expected_column: label }` (defaults `input`, `expected`, in any case; as `datasets import --input-column`).",
  'suite.variants': 'What to compare: variant name → model (or route), prompt and parameters. Names are letters, digits, `.`, `_` or `-`.',
  'suite.scorers': 'At least one scorer; every scorer scores every case of every variant (see Scorers below).',
  'suite.repeats': 'Runs of every case × variant; above 1 measures run-to-run noise.',
  'suite.concurrency': 'Model calls in flight at once (variants, judges and embeddings together).',
  'suite.seed': 'Seeds bootstrap resampling, so the same results always give the same intervals.',
  'suite.cache': 'Answer repeated requests from the response cache (true), or call the models every time and refresh the cache (false; what `--no-cache` records). A resumed or repeated run keeps it.',
  'variant.model': 'A model name the gateway serves.',
  'variant.route': 'A route name; a synonym of `model` so suites read naturally.',
  'variant.prompt': 'The user message as a template (`{{input}}`, `{{expected}}`, or any field of an object input), or the whole conversation as `[{ role, content }]` templates.',
  'variant.system': 'A system message template, put before the prompt.',
  'variant.params': 'Passed through to the chat request: `temperature`, `max_tokens`, `response_format`, …',
  'variant.knowledge': 'Retrieval for this variant (RAG variants; in-process gateway with `--config` only): a knowledge base name, `{ base, k, mode, embed_model, filter }` replacing the route\'s settings, or `null` for none.',
  'scorer.type': 'Which scorer (one of the sections below).',
  'scorer.name': 'Shown in reports; defaults to the type (plus a number when a type repeats).',
  'scorer.weight': 'Weight in the variant\'s quality score, a mean weighted over scorers.',
  'exact.value': 'Template the output must equal.',
  'exact.ignore_case': 'Compare without regard to case.',
  'exact.trim': 'Ignore leading and trailing white space.',
  'contains.value': 'Template the output must contain.',
  'contains.ignore_case': 'Match without regard to case.',
  'regex.pattern': 'A JavaScript regular expression the output must match. Template variables are allowed and stand for their literal text (`^{{expected}}$` with `expected: "C++"` matches `C++`), so an item\'s or a client\'s text never becomes pattern syntax.',
  'regex.flags': 'Regular expression flags.',
  'json_schema.schema': 'A JSON Schema the output, parsed as JSON, must satisfy; the reason names the first violation.',
  'numeric.value': 'Template of the expected number; the first number in it is compared with the first number in the output (`pick: last`: the last with the last).',
  'numeric.tolerance': 'Allowed absolute difference, or relative (a fraction of the expected value) with `relative`.',
  'numeric.relative': 'Read `tolerance` as a fraction of the expected value.',
  'numeric.pick': 'Which number of the output and of the expected text is compared: `first`, or `last` for worked answers that end with their result (GSM8K\'s `… #### 18`, a model that reasons before it answers).',
  'similarity.model': 'An embeddings model on the gateway.',
  'similarity.value': 'Template of the reference text.',
  'similarity.threshold': 'Cosine similarity at which the output passes; the score is the similarity.',
  'judge.model': 'A judge model on the gateway (with `rubric`), or leave it out and name a saved `judge`.',
  'judge.judge': 'A saved, calibrated judge: `name` or `name@version` (`switchyard judge calibrate … --name`); its model, rubric, scale and anchors are pinned.',
  'judge.rubric': 'What the judge scores the answer on.',
  'judge.scale': '`[low, high]` integer scale; 1–5 by default, `[0, 1]` is pass/fail. The score is normalised to 0–1.',
  'judge.pass_at': 'Lowest score that passes; the pass decision is made here, never by the model. Default: the first score above the middle of the scale (4 on 1–5, 1 on 0–1).',
  'pairwise.model': 'The judge model comparing two answers.',
  'pairwise.baseline': 'The variant every other variant is compared with; each pair is judged in both orders to cancel position bias.',
  'pairwise.rubric': 'What "better" means.',
  'custom.module': 'A JavaScript module, relative to the suite, exporting the scorer function (see Custom scorers).',
  'custom.export': 'The export to call.',
};

const SCORER_INTRO: Record<string, string> = {
  exact: 'Passes when the output equals the value.',
  contains: 'Passes when the output contains the value.',
  regex: 'Passes when the output matches the pattern.',
  json_schema: 'Passes when the output is JSON that satisfies the schema.',
  numeric: 'Passes when the first (or last) number in the output is within the tolerance of the expected number.',
  similarity: 'Cosine similarity of output and reference embeddings.',
  judge: 'An LLM judge scores the output on a rubric; the reason comes before the score.',
  pairwise: 'An LLM judge prefers one of two answers (this variant against the baseline variant).',
  groundedness: 'The gateway\'s own groundedness verdict on a knowledge route\'s answer (RAG variants).',
  custom: 'Your own function (see Custom scorers).',
};

const toJson = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;

/** A JSON Schema node as a short type for a table: `string`, `integer 1–100`, `"bm25" \| "dense"`, … */
export function typeOf(node: JsonSchema): string {
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  const union = node.anyOf ?? node.oneOf;
  if (union) return union.map(typeOf).join(' \\| ');
  if (node.prefixItems) return `[${node.prefixItems.map(typeOf).join(', ')}]`;
  const type = Array.isArray(node.type) ? node.type.join(' \\| ') : node.type;
  if (type === 'array') {
    const item = node.items && !Array.isArray(node.items) ? node.items : undefined;
    return item?.oneOf || item?.anyOf ? 'list (see below)' : `list of ${item ? typeOf(item) : 'values'}`;
  }
  if (type === 'object') return node.properties ? `{ ${Object.keys(node.properties).join(', ')} }` : 'mapping';
  if (type === 'integer' || type === 'number') {
    // zod's safe-integer bounds say nothing a reader needs.
    const low = node.minimum !== undefined && node.minimum > -1e15 ? node.minimum : undefined;
    const high = node.maximum !== undefined && node.maximum < 1e15 ? node.maximum : undefined;
    if (node.exclusiveMinimum !== undefined) return `${type} > ${node.exclusiveMinimum}`;
    return low !== undefined && high !== undefined ? `${type} ${low}–${high}` : low !== undefined ? `${type} ≥ ${low}` : type;
  }
  return type ?? 'value';
}

function fieldRows(prefix: string, node: JsonSchema, skip: readonly string[] = []): string[] {
  const required = new Set(node.required ?? []);
  return Object.entries(node.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, field]) => {
      const need = required.has(name) && field.default === undefined ? 'required' : field.default !== undefined ? `default \`${JSON.stringify(field.default)}\`` : 'optional';
      return `| \`${name}\` | ${typeOf(field)} | ${need} | ${FIELD_HELP[`${prefix}.${name}`] ?? FIELD_HELP[`scorer.${name}`] ?? ''} |`;
    });
}

const TABLE_HEAD = ['| field | type | | meaning |', '|---|---|---|---|'];

/** Every field path the schema has, as FIELD_HELP keys ("suite.seed", "judge.rubric", …). */
export function schemaFieldPaths(): string[] {
  const paths = Object.keys(toJson(suiteSchema).properties ?? {}).map((f) => `suite.${f}`);
  paths.push(...Object.keys(toJson(variantSchema).properties ?? {}).map((f) => `variant.${f}`));
  for (const scorer of scorerVariants()) {
    for (const field of Object.keys(scorer.properties ?? {})) paths.push(['type', 'name', 'weight'].includes(field) ? `scorer.${field}` : `${scorerType(scorer)}.${field}`);
  }
  return [...new Set(paths)];
}

function scorerVariants(): JsonSchema[] {
  const json = toJson(scorerSchema);
  return json.oneOf ?? json.anyOf ?? [];
}

const scorerType = (node: JsonSchema): string => String(node.properties?.type?.const ?? node.properties?.type?.enum?.[0]);

/**
 * The suite reference (docs/suites.md) as Markdown, from the zod schema.
 *
 * @example writeFileSync('docs/suites.md', renderSuiteReference());
 */
export function renderSuiteReference(): string {
  const out: string[] = [
    '# Suite reference',
    '',
    '<!-- Generated from src/evals/suite/suite-schema.ts by `npm run docs`; test/docs/reference.test.ts fails when it is out of date. -->',
    '',
    'A suite is a YAML file run with `switchyard eval run SUITE --config FILE`. Unknown fields are',
    'errors; every problem is reported at once, with its line. Example: `examples/support-suite.yaml`.',
    '',
    '## Suite',
    '',
    ...TABLE_HEAD,
    ...fieldRows('suite', toJson(suiteSchema)),
    '',
    '## Variants',
    '',
    'Each entry of `variants:` (`name: { model, prompt, … }`).',
    '',
    ...TABLE_HEAD,
    ...fieldRows('variant', toJson(variantSchema)),
    '',
    'Templates use `{{input}}`, `{{expected}}` and, when an item\'s input is an object, its fields',
    '(`{{question}}`); scorers also see `{{output}}`. A variable some item lacks is an error before',
    'any call, naming the item.',
    '',
    '## Scorers',
    '',
    'Every scorer returns `{ pass, score, reason }` with `score` in 0–1; a case\'s quality is the',
    'weighted mean of its scores. Fields every scorer takes:',
    '',
    ...TABLE_HEAD,
    ...fieldRows('scorer', { properties: Object.fromEntries(Object.entries(scorerVariants()[0]?.properties ?? {}).filter(([k]) => ['name', 'weight'].includes(k))) }),
    '',
  ];
  for (const scorer of scorerVariants()) {
    const type = scorerType(scorer);
    const rows = fieldRows(type, scorer, ['type', 'name', 'weight']);
    out.push(`### \`${type}\``, '', SCORER_INTRO[type] ?? '', '');
    if (rows.length > 0) out.push(...TABLE_HEAD, ...rows, '');
  }
  out.push(
    '## Custom scorers',
    '',
    'A custom scorer is a JavaScript module (ESM) whose export is called once per case:',
    '',
    '```js',
    '// scorers/short.js — { type: custom, module: scorers/short.js }',
    'export default (item, output) => ({',
    '  pass: output.length <= 200,',
    '  score: Math.max(0, 1 - output.length / 400),   // 0–1',
    '  reason: `${output.length} characters`,',
    '});',
    '```',
    '',
    '- `item` is the dataset item: `{ id, input, expected?, output?, humanScore?, metadata? }`;',
    '  `output` is the variant\'s answer as text.',
    '- Return `{ pass, score, reason }` or a promise of it. A score outside 0–1 is clamped; a result',
    '  without a boolean `pass` and a numeric `score`, or a thrown error, is recorded as a scorer',
    '  error on the case (the run goes on).',
    '- The module is loaded before the first model call, so a wrong path or export is reported with',
    '  the suite line. In code, `evaluate({ customScorers: { \'scorers/short.js\': fn } })` supplies the',
    '  function for that `module` name instead of loading a file.',
    '',
    '## Saved judges',
    '',
    '`switchyard judge calibrate --dataset D --model M --rubric TEXT --name NAME` tries each rubric',
    'with and without human-scored anchors on a dev split, keeps the best by quadratic-weighted κ,',
    'reports agreement on the held-out test split and saves the judge as `NAME@1`, `NAME@2`, …',
    '(`switchyard judge list`, `switchyard judge show NAME`). A judge whose test κ is 0.2 or less',
    'agrees with people little better than chance and is not saved without `--force`. A suite uses',
    'it with `{ type: judge, judge: NAME }` (or `NAME@VERSION` to pin one); its model, rubric, scale',
    'and anchors come from the saved version.',
    '',
  );
  return `${out.join('\n')}`;
}
