import { gunzipSync, gzipSync } from 'node:zlib';
import { SwitchyardError } from '../../../core/errors.js';
import type { InjectionSource } from '../heuristics.js';
import type { FeatureSpec } from './hashed-features.js';
import type { LinearModel, QuantizedLinearModel } from './logistic.js';

export const MODEL_FORMAT = 'switchyard-injection-detector';
/**
 * 2 added the user head's first stage (`firstStage` in the header, 2026-12-04); version 1 files,
 * which have none, are still read. A build that only knows 1 refuses a version 2 file.
 */
export const MODEL_VERSION = 2;
const READABLE_VERSIONS: readonly number[] = [1, 2];

/** One head to store: float weights and idf, quantised to bytes on writing. */
export interface StoredHead {
  model: LinearModel;
  idf: Float32Array;
  threshold: number;
  /** Segments get the addressee marker words before scoring (see `markAddressee`). */
  markers?: boolean;
  /** Noisy-or weight of an off-topic sentence addressed to someone (see `DetectorHead`). */
  offTopicWeight?: number;
  /** The first stage's bar, a word-feature logit (see `DetectorHead.firstStage`). */
  firstStage?: number;
}

/** One head as read back: kept as bytes with scales, as the detector uses them. */
export interface LoadedHead {
  model: QuantizedLinearModel;
  idf: { bytes: Uint8Array; scale: number };
  threshold: number;
  markers: boolean;
  offTopicWeight: number;
  firstStage?: number;
}

export interface ModelFile<Head = StoredHead> {
  spec: FeatureSpec;
  heads: Record<InjectionSource, Head>;
  /** Provenance: data hash, training settings, validation figures. Free-form, JSON. */
  meta: Record<string, unknown>;
}

interface Header {
  format: string;
  version: number;
  spec: FeatureSpec;
  heads: Record<InjectionSource, StoredOptions & { bias: number; threshold: number; weightScale: number; idfScale: number }>;
  meta: Record<string, unknown>;
}

/**
 * A head's options in the header. `edgeWeight`, `loneRequest` and `topicCoherence` are only read:
 * older builds wrote them for document-head options that were measured, not adopted, and removed
 * from the code on 2026-12-01 (docs/measurements.md). A file that has them off (an edge weight equal
 * to the off-topic weight) scores as before; one that has them on is refused (`removedOption`).
 */
interface StoredOptions {
  markers?: boolean;
  offTopicWeight?: number;
  edgeWeight?: number;
  loneRequest?: boolean;
  topicCoherence?: boolean;
  firstStage?: number;
}

const ORDER: readonly InjectionSource[] = ['user', 'indirect'];

/**
 * Serialises a detector's two heads: a JSON header, then per head the weights as int8 and the
 * idf as uint8 (each with a scale in the header), all gzipped. Quantising costs nothing
 * measurable in accuracy (thresholds are chosen on the quantised model) and cuts the file 4×.
 *
 * @example writeFileSync(path, encodeModelFile({ spec, heads, meta }))
 */
export function encodeModelFile(file: ModelFile): Uint8Array {
  const dims = 2 ** file.spec.bits;
  const header: Header = { format: MODEL_FORMAT, version: MODEL_VERSION, spec: file.spec, heads: {} as Header['heads'], meta: file.meta };
  const body = new Uint8Array(ORDER.length * 2 * dims);
  ORDER.forEach((source, h) => {
    const head = file.heads[source];
    const weightScale = maxAbs(head.model.weights) / 127 || 1;
    const idfScale = maxAbs(head.idf) / 255 || 1;
    header.heads[source] = { bias: head.model.bias, threshold: head.threshold, weightScale, idfScale, ...(head.markers ? { markers: true, offTopicWeight: head.offTopicWeight ?? 0 } : {}), ...(head.firstStage === undefined ? {} : { firstStage: head.firstStage }) };
    const weights = new Int8Array(body.buffer, h * 2 * dims, dims);
    const idf = body.subarray(h * 2 * dims + dims, (h + 1) * 2 * dims);
    for (let i = 0; i < dims; i++) {
      weights[i] = Math.round((head.model.weights[i] as number) / weightScale);
      idf[i] = Math.round((head.idf[i] as number) / idfScale);
    }
  });
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return gzipSync(Buffer.concat([length, json, body]), { level: 9 });
}

/**
 * Reads what `encodeModelFile` wrote; errors say what is wrong with the file.
 *
 * @example decodeModelFile(readFileSync('data/injection-model/injection-detector.bin')).heads.user.threshold
 */
export function decodeModelFile(bytes: Uint8Array, origin = 'model file'): ModelFile<LoadedHead> {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch (error) {
    throw invalid(origin, `not gzip data (${(error as Error).message})`);
  }
  if (raw.length < 4) throw invalid(origin, 'too short');
  const headerLength = raw.readUInt32LE(0);
  let header: Header;
  try {
    header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  } catch {
    throw invalid(origin, 'header is not JSON');
  }
  if (header.format !== MODEL_FORMAT || !READABLE_VERSIONS.includes(header.version)) {
    throw invalid(origin, `expected ${MODEL_FORMAT} v${READABLE_VERSIONS.join(' or v')}, got ${String(header.format)} v${String(header.version)}`);
  }
  const dims = 2 ** header.spec.bits;
  const body = raw.subarray(4 + headerLength);
  if (body.length !== ORDER.length * 2 * dims) throw invalid(origin, `body has ${body.length} bytes, expected ${ORDER.length * 2 * dims}`);
  const heads = {} as Record<InjectionSource, LoadedHead>;
  ORDER.forEach((source, h) => {
    const stored = header.heads[source];
    const removed = removedOption(stored);
    if (removed !== undefined) throw invalid(origin, `the ${source} head has ${removed}, an option this build no longer has (removed 2026-12-01; the file was trained by an older build with it on): retrain with scripts/train-injection.mjs`);
    // Copies, so the decompressed buffer can be freed and the arrays are aligned.
    const weights = new Int8Array(body.subarray(h * 2 * dims, h * 2 * dims + dims));
    const idf = new Uint8Array(body.subarray(h * 2 * dims + dims, (h + 1) * 2 * dims));
    heads[source] = {
      model: { weights, scale: stored.weightScale, bias: stored.bias },
      idf: { bytes: idf, scale: stored.idfScale },
      threshold: stored.threshold,
      markers: stored.markers === true,
      offTopicWeight: typeof stored.offTopicWeight === 'number' ? stored.offTopicWeight : 0,
      ...(header.version >= 2 && stored.firstStage !== undefined ? { firstStage: checkFirstStage(stored.firstStage, source, origin) } : {}),
    };
  });
  return { spec: header.spec, heads, meta: header.meta };
}

/**
 * A version 1 file with the first stage written into its header, body byte for byte the same, so
 * every weight and threshold is kept exactly (re-encoding would re-quantise). How the shipped
 * model got its stage without retraining (scripts/injection-first-stage.mjs).
 *
 * @example withFirstStage(readFileSync(path), -2.13, { chosenOn: 'validation' })
 */
export function withFirstStage(bytes: Uint8Array, firstStage: number, meta: Record<string, unknown>, origin = 'model file'): Uint8Array {
  const raw = gunzipSync(bytes);
  const headerLength = raw.readUInt32LE(0);
  const header = JSON.parse(raw.subarray(4, 4 + headerLength).toString('utf8')) as Header;
  if (header.format !== MODEL_FORMAT || !READABLE_VERSIONS.includes(header.version)) throw invalid(origin, `expected ${MODEL_FORMAT}, got ${String(header.format)} v${String(header.version)}`);
  header.version = MODEL_VERSION;
  header.heads.user.firstStage = checkFirstStage(firstStage, 'user', origin);
  header.meta = { ...header.meta, firstStage: meta };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length, 0);
  return gzipSync(Buffer.concat([length, json, raw.subarray(4 + headerLength)]), { level: 9 });
}

function checkFirstStage(value: unknown, source: InjectionSource, origin: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw invalid(origin, `the ${source} head's firstStage must be a finite number (a word-feature logit), got ${JSON.stringify(value)}`);
}

/** The removed option a stored head turns on, as `field value`, if any (see `StoredOptions`). */
function removedOption(stored: StoredOptions): string | undefined {
  if (stored.loneRequest !== undefined && stored.loneRequest !== false) return `loneRequest ${JSON.stringify(stored.loneRequest)}`;
  if (stored.topicCoherence !== undefined && stored.topicCoherence !== false) return `topicCoherence ${JSON.stringify(stored.topicCoherence)}`;
  // Older builds wrote the edge weight equal to the off-topic weight when the edge path was off.
  const offTopic = typeof stored.offTopicWeight === 'number' ? stored.offTopicWeight : 0;
  if (stored.edgeWeight !== undefined && stored.edgeWeight !== offTopic) return `edgeWeight ${JSON.stringify(stored.edgeWeight)} (offTopicWeight ${offTopic})`;
  return undefined;
}

function maxAbs(values: Float32Array): number {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  return max;
}

function invalid(origin: string, problem: string): SwitchyardError {
  return new SwitchyardError('config_invalid', `injection detector: ${origin} is not a usable model: ${problem}`);
}
