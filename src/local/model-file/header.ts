import { z } from 'zod';

/** First bytes of every model file, so a wrong file is refused before anything is parsed. */
export const MAGIC = 'SYLM';
export const FORMAT = 'switchyard-local-model';
/**
 * Bump when the layout changes; loading refuses versions it does not know. Version 2 (2026-12-05)
 * adds the distance gate (`distanceGate` and its gate* sections); a model without one is still
 * written as version 1, so older Switchyards keep reading it.
 */
export const FORMAT_VERSION = 2;
/** Every version this Switchyard reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

const SECTION_TYPES = ['int32', 'uint8', 'float32', 'int8'] as const;
export type SectionType = (typeof SECTION_TYPES)[number];

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const probability = finite.refine((v) => v >= 0 && v <= 1, 'must be from 0 to 1');

/** The JSON header: everything about the model except its arrays, readable with `head -c`. */
export const headerSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  model: z.literal('softmax-regression'),
  labels: z.array(z.string().min(1)).min(2),
  featurizer: z.object({
    hashBits: z.number().int().min(10).max(24),
    wordNgramMax: z.number().int().min(1).max(3),
    charNgramMin: z.number().int().min(1).max(8),
    charNgramMax: z.number().int().min(0).max(8),
    minDf: z.number().int().min(1),
    maxChars: z.number().int().min(16),
    charMaxChars: z.number().int().min(0).optional(),
    wordWeight: finite,
    charWeight: finite,
  }),
  dimension: z.number().int().min(0),
  temperature: finite.refine((v) => v > 0, 'must be > 0'),
  /** null stands for "no threshold met the target": escalate everything. */
  threshold: probability.nullable(),
  minPrecision: probability,
  outOfScopeLabel: z.string().min(1).nullable(),
  /** Absent in files written before 2026-12-04: every label may answer. */
  escalatedLabels: z.array(z.string().min(1)).optional(),
  /** Training examples per label, in `labels` order; absent in files written before 2026-12-04 12:00. */
  labelExamples: z.array(z.number().int().min(0)).optional(),
  /** Absent in files written before the unfamiliarity check: those models do without it. */
  maxUnseenWordShare: probability.nullable().optional(),
  /** Absent in files written before the too-short check (2026-12-05 12:00): those models do without it. */
  fewestWordNgrams: z.number().int().min(0).max(1_000_000).nullable().optional(),
  /** Version 2 only: the distance gate's embedding width and cut-off (its arrays are the gate* sections). */
  distanceGate: z.object({ dimensions: z.number().int().min(1).max(1024), maxRatio: finite.refine((v) => v > 0, 'must be > 0') }).optional(),
  precisionZ: finite.refine((v) => v >= 0 && v <= 4, 'must be from 0 to 4'),
  metrics: z.object({
    accuracy: probability,
    coverage: probability,
    precision: probability,
    examples: z.number().int().min(0),
    ece: finite,
    /** Absent in files written before 2026-12-03 (readers before then drop it). */
    labelShortfalls: z.array(z.object({ label: z.string(), answered: z.number().int().min(0), right: z.number().int().min(0) })).max(50).optional(),
  }),
  trainingDataHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.string().datetime(),
  trainExamples: z.number().int().min(0),
  training: z.record(z.string(), z.union([z.number(), z.boolean(), z.string()])),
  payload: z.object({
    encoding: z.literal('deflate'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(0),
    sections: z.array(z.object({ name: z.string(), type: z.enum(SECTION_TYPES), length: z.number().int().min(0) })),
  }),
});

export type ModelHeader = z.infer<typeof headerSchema>;

export const BYTES_PER: Record<SectionType, number> = { int32: 4, uint8: 1, float32: 4, int8: 1 };
