import { readFileWithinSync } from '../../core/read-at-most.js';
import { z } from 'zod';
import { formatIssues } from '../../core/format-issues.js';
import { SwitchyardError } from '../../core/errors.js';
import { whyUnreadable } from '../../core/missing-file.js';
import { decodeVarints, decodeWeights, encodeVarints, encodeWeights } from './binary-codec.js';
import { HEAD_NAMES, type LinearHead, LearnedRouter, type RouterHeads } from './router-model.js';
import { RouterFeatures, STAT_COUNT } from './router-features.js';
import { TfidfVocabulary } from './tfidf.js';
import { explainJsonError } from '../../core/json-syntax.js';

export const ROUTER_FORMAT = 'switchyard-router';
/** Bumped when a file written by this version cannot be read correctly by an older one. */
export const ROUTER_FILE_VERSION = 1;
/** A router over all 2^22 hashed features would be about 60 MB; anything larger is not a router file. */
export const MAX_ROUTER_FILE_BYTES = 128 * 1024 * 1024;

const finite = z.number().refine(Number.isFinite, 'expected a finite number');

const headSchema = z.strictObject({ scale: finite.refine((s) => s > 0, 'expected a positive scale'), weights: z.string(), bias: finite });

const fileSchema = z.strictObject({
  format: z.literal(ROUTER_FORMAT),
  version: z.literal(ROUTER_FILE_VERSION),
  features: z.strictObject({
    kind: z.literal('tfidf-hashed-word-1-2-grams+prompt-stats'),
    bits: z.number().int().min(10).max(22),
    min_df: z.number().int().min(1),
    documents: z.number().int().min(1),
    /** Centre and multiplier of each prompt statistic, in `PROMPT_STAT_NAMES` order. */
    stats_mean: z.array(finite).length(STAT_COUNT),
    stats_scale: z.array(finite).length(STAT_COUNT),
  }),
  vocabulary: z.strictObject({ size: z.number().int().min(0), ids: z.string(), df: z.string() }),
  /** One logistic head per name in `HEAD_NAMES`: int16 weights with a power-of-two scale, and a bias. */
  heads: z.strictObject({ gap: headSchema, weak: headSchema, strong: headSchema }),
  validation: z.strictObject({
    records: z.number().int().min(1),
    weak_quality: finite,
    strong_quality: finite,
    apgr: finite,
    /** [threshold (null = all strong), strong share, mean quality, its standard error], strong share ascending. */
    curve: z.array(z.tuple([finite.nullable(), z.number().min(0).max(1), finite, z.number().min(0)])).min(2),
  }),
  training: z.strictObject({
    records: z.number().int().min(1),
    seed: finite,
    l2: finite,
    iterations: z.number().int().min(0),
    validation_fraction: z.number().gt(0).lt(1),
    trained_at: z.string(),
  }),
});
type RouterFile = z.output<typeof fileSchema>;

/**
 * A router as the bytes of its file: JSON (so `head` shows what it is and how it was measured)
 * with the large arrays compactly encoded.
 *
 * @example writeFileSync('support.router.json', serializeRouter(router));
 */
export function serializeRouter(router: LearnedRouter): Uint8Array {
  const v = router.features.vocabulary;
  const file: RouterFile = {
    format: ROUTER_FORMAT,
    version: ROUTER_FILE_VERSION,
    features: {
      kind: 'tfidf-hashed-word-1-2-grams+prompt-stats',
      bits: v.bits,
      min_df: router.minDf,
      documents: v.documents,
      stats_mean: [...router.features.statsMean],
      stats_scale: [...router.features.statsScale],
    },
    vocabulary: { size: v.size, ids: encodeVarints(v.ids, true), df: encodeVarints(v.df, false) },
    heads: {
      gap: encodeHead(router.heads.gap),
      weak: encodeHead(router.heads.weak),
      strong: encodeHead(router.heads.strong),
    },
    validation: {
      records: router.validation.records,
      weak_quality: router.validation.weakQuality,
      strong_quality: router.validation.strongQuality,
      apgr: router.validation.apgr,
      curve: router.validation.curve.map((p) => [Number.isFinite(p.threshold) ? p.threshold : null, p.strongShare, p.quality, p.se]),
    },
    training: {
      records: router.training.records,
      seed: router.training.seed,
      l2: router.training.l2,
      iterations: router.training.iterations,
      validation_fraction: router.training.validationFraction,
      trained_at: router.training.trainedAt,
    },
  };
  return Buffer.from(`${JSON.stringify(file, null, 1)}\n`);
}

/**
 * Reads a router from a file path or from the file's bytes, checking everything: a corrupt,
 * truncated or incompatible file is refused with its path and the field at fault.
 *
 * @example const router = loadRouter('routers/support.router.json'); router.score('Where is my card?')
 */
export function loadRouter(source: Uint8Array | string): LearnedRouter {
  const where = typeof source === 'string' ? `router file ${source}` : 'router file (bytes)';
  const refuse = (problem: string) => new SwitchyardError('config_invalid', `${where}: ${problem}`);
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    // Bounded as it is read: a device (`/dev/zero`) has no size to check first.
    bytes = readFileWithinSync(source, MAX_ROUTER_FILE_BYTES, 'a router file', (error) => refuse(`cannot read it: ${whyUnreadable(source, error)}`), 'config_invalid');
  } else {
    if (source.length > MAX_ROUTER_FILE_BYTES) throw refuse(`${source.length} bytes, more than a router file can be`);
    bytes = source;
  }
  let raw: unknown;
  const text = Buffer.from(bytes).toString('utf8');
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw refuse(`not JSON (${explainJsonError(text, (error as Error).message)}); is it a router file?`);
  }
  const head = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  if (head.format !== ROUTER_FORMAT) throw refuse(`format: expected "${ROUTER_FORMAT}", got ${JSON.stringify(head.format) ?? 'nothing'}`);
  if (typeof head.version === 'number' && head.version !== ROUTER_FILE_VERSION) {
    throw refuse(`version ${head.version} is not readable by this Switchyard (it reads version ${ROUTER_FILE_VERSION}); retrain or upgrade`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw refuse(formatIssues(parsed.error, raw, fileSchema).join('; '));
  return fromFile(parsed.data, refuse);
}

function encodeHead(head: LinearHead): RouterFile['heads']['gap'] {
  const { scale, values } = encodeWeights(head.weights);
  return { scale, weights: values, bias: head.bias };
}

function fromFile(file: RouterFile, refuse: (problem: string) => SwitchyardError): LearnedRouter {
  const { size } = file.vocabulary;
  const limit = 2 ** file.features.bits;
  if (size > limit) throw refuse(`vocabulary.size: ${size} is more than 2^${file.features.bits} features`);
  const ids = decodeVarints(file.vocabulary.ids, size, true);
  if (!ids) throw refuse(`vocabulary.ids: does not decode to ${size} ids (truncated or corrupt)`);
  for (let i = 0; i < size; i++) {
    const id = ids[i] as number;
    if (id >= limit || (i > 0 && id <= (ids[i - 1] as number))) throw refuse(`vocabulary.ids[${i}]: ${id} is out of order or outside [0, 2^${file.features.bits})`);
  }
  const df = decodeVarints(file.vocabulary.df, size, false);
  if (!df) throw refuse(`vocabulary.df: does not decode to ${size} counts (truncated or corrupt)`);
  const badDf = df.findIndex((count) => count < 1 || count > file.features.documents);
  if (badDf >= 0) throw refuse(`vocabulary.df[${badDf}]: ${df[badDf]} is outside [1, ${file.features.documents}]`);
  const head = (name: (typeof HEAD_NAMES)[number]): LinearHead => {
    const encoded = file.heads[name];
    const weights = decodeWeights({ scale: encoded.scale, values: encoded.weights }, size + STAT_COUNT);
    if (!weights) throw refuse(`heads.${name}.weights: does not decode to ${size + STAT_COUNT} weights (truncated or corrupt)`);
    return { weights, bias: encoded.bias };
  };
  const heads: RouterHeads = { gap: head('gap'), weak: head('weak'), strong: head('strong') };
  const curve = file.validation.curve.map(([threshold, strongShare, quality, se]) => ({ threshold: threshold ?? Number.POSITIVE_INFINITY, strongShare, quality, se }));
  const unordered = curve.findIndex((p, i) => i > 0 && p.strongShare < (curve[i - 1]?.strongShare ?? 0));
  if (unordered >= 0) throw refuse(`validation.curve[${unordered}]: strong share goes down; the curve must be in ascending order`);
  return new LearnedRouter({
    features: new RouterFeatures(new TfidfVocabulary(file.features.bits, ids, df, file.features.documents), Float64Array.from(file.features.stats_mean), Float64Array.from(file.features.stats_scale)),
    minDf: file.features.min_df,
    heads,
    validation: { records: file.validation.records, weakQuality: file.validation.weak_quality, strongQuality: file.validation.strong_quality, apgr: file.validation.apgr, curve },
    training: {
      records: file.training.records,
      seed: file.training.seed,
      l2: file.training.l2,
      iterations: file.training.iterations,
      validationFraction: file.training.validation_fraction,
      trainedAt: file.training.trained_at,
    },
  });
}
