import { sha256 } from '../../core/sha256.js';
import { inflateRawSync } from 'node:zlib';
import { SwitchyardError } from '../../core/errors.js';
import type { ScoredOutcome } from '../calibration/threshold.js';
import { LocalClassifier } from '../classifier.js';
import { Featurizer } from '../features/featurizer.js';
import { DistanceGate } from '../distance-gate.js';
import { BYTES_PER, FORMAT, headerSchema, MAGIC, type ModelHeader, READABLE_VERSIONS } from './header.js';
import { dequantizeRows } from './quantize.js';
import { scoringWeights } from '../train/simd-scorer.js';
import { explainJsonError } from '../../core/json-syntax.js';

/** Header JSON larger than this is not ours (77 labels take ~3 KB); refusing early bounds memory. */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/**
 * Validates and decodes model bytes. Every refusal names `source` (a path, or "model bytes")
 * and the problem: wrong magic, truncated header, unsupported format version, a field out of
 * range, a payload checksum mismatch (corruption), or arrays that disagree with the header.
 *
 * @example parseModel(readFileSync('intent.sylm'), 'intent.sylm').labels
 */
export function parseModel(bytes: Uint8Array, source = 'model bytes'): LocalClassifier {
  const fail = (problem: string): never => {
    throw new SwitchyardError('invalid_request', `${source}: ${problem}`);
  };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) fail(`not a Switchyard local model (expected the file to start with "${MAGIC}")`);
  const headerLength = buffer.readUInt32LE(4);
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > buffer.length) fail(`truncated: the header claims ${headerLength} bytes but the file has ${buffer.length - 8} after the prefix`);
  let raw: unknown;
  const headerText = buffer.toString('utf8', 8, 8 + headerLength);
  try {
    raw = JSON.parse(headerText);
  } catch (error) {
    fail(`corrupt header: not valid JSON (${explainJsonError(headerText, (error as Error).message)})`);
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if ((raw as { format?: unknown } | null)?.format !== FORMAT) fail(`not a Switchyard local model (header format is ${JSON.stringify((raw as { format?: unknown } | null)?.format)}, expected "${FORMAT}")`);
  if (!READABLE_VERSIONS.includes(version as number)) fail(`incompatible format version ${JSON.stringify(version)}: this Switchyard reads versions ${READABLE_VERSIONS.join(' and ')}; retrain the model or upgrade`);
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`invalid header: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'schema mismatch'}`);
  }
  const header = parsed.data as ModelHeader;
  const payload = buffer.subarray(8 + headerLength);
  if (payload.length !== header.payload.bytes) fail(`truncated or padded: payload is ${payload.length} bytes, the header says ${header.payload.bytes}`);
  if (sha256(payload, 'hex') !== header.payload.sha256) fail('corrupt: payload checksum (sha256) does not match the header');
  return decode(header, payload, fail);
}

function decode(header: ModelHeader, payload: Buffer, fail: (problem: string) => never): LocalClassifier {
  const expected = header.payload.sections.reduce((sum, s) => sum + s.length * BYTES_PER[s.type], 0);
  let raw: Buffer;
  try {
    raw = inflateRawSync(payload, { maxOutputLength: expected + 1 });
  } catch (error) {
    return fail(`corrupt payload: ${(error as Error).message}`);
  }
  if (raw.length !== expected) fail(`payload holds ${raw.length} bytes, the sections need ${expected}`);
  const arrays = new Map<string, ArrayBufferView>();
  let offset = 0;
  for (const s of header.payload.sections) {
    const bytes = raw.subarray(offset, offset + s.length * BYTES_PER[s.type]);
    offset += bytes.length;
    // Copy into a fresh, aligned buffer: typed arrays need offsets that are multiples of 4.
    const copy = new Uint8Array(bytes).buffer;
    arrays.set(s.name, s.type === 'int32' ? new Int32Array(copy) : s.type === 'float32' ? new Float32Array(copy) : s.type === 'int8' ? new Int8Array(copy) : new Uint8Array(copy));
  }
  const { dimension, labels } = header;
  const classes = labels.length;
  const get = <T extends ArrayBufferView>(name: string, type: abstract new (...args: never[]) => T, length: number): T => {
    const array = arrays.get(name);
    if (!(array instanceof type) || (array as unknown as { length: number }).length !== length) return fail(`section "${name}" is missing or has the wrong type or length (expected ${length})`);
    return array;
  };
  const buckets = get('buckets', Int32Array, dimension);
  const limit = 1 << header.featurizer.hashBits;
  for (const b of buckets) if (b < 0 || b >= limit) fail(`section "buckets" holds ${b}, outside the hash space of 2^${header.featurizer.hashBits}`);
  if (new Set(labels).size !== labels.length) fail('labels repeat');
  if (header.outOfScopeLabel !== null && !labels.includes(header.outOfScopeLabel)) fail(`outOfScopeLabel "${header.outOfScopeLabel}" is not one of the labels`);
  for (const label of header.escalatedLabels ?? []) if (!labels.includes(label)) fail(`escalatedLabels names "${label}", which is not one of the labels`);
  if (header.labelExamples !== undefined && header.labelExamples.length !== labels.length) fail(`labelExamples holds ${header.labelExamples.length} counts for ${labels.length} labels`);
  const featurizer = new Featurizer({ config: header.featurizer, buckets, blocks: get('blocks', Uint8Array, dimension), idf: get('idf', Float32Array, dimension) });
  // Decoded where the SIMD scorer reads them: a decoded model is one that serves.
  const weights = dequantizeRows(get('weights', Int8Array, dimension * classes), get('rowScales', Float32Array, dimension), classes, scoringWeights(dimension, classes));
  const linear = { dimension, classes, weights, bias: get('bias', Float32Array, classes) };
  const validationSize = header.metrics.examples;
  const confidences = get('validationConfidence', Float32Array, validationSize);
  const correct = get('validationCorrect', Uint8Array, validationSize);
  const validationWeights = arrays.has('validationWeight') ? get('validationWeight', Float32Array, validationSize) : undefined;
  for (const w of validationWeights ?? []) if (!(w > 0) || !Number.isFinite(w)) fail(`section "validationWeight" holds ${w}, expected positive weights`);
  const validation = Array.from(confidences, (confidence, i): ScoredOutcome => {
    const weight = validationWeights?.[i] ?? 1;
    return weight === 1 ? { confidence, correct: correct[i] === 1 } : { confidence, correct: correct[i] === 1, weight };
  });
  const gate = header.distanceGate;
  if (gate && header.formatVersion < 2) fail(`distanceGate needs format version 2, the header says ${header.formatVersion}`);
  let distanceGate: DistanceGate | null = null;
  if (gate) {
    const d = gate.dimensions;
    const weights = dequantizeRows(get('gateWeights', Int8Array, dimension * d), get('gateRowScales', Float32Array, dimension), d);
    const centres = get('gateCentres', Float32Array, classes * d);
    const radii = get('gateRadii', Float32Array, classes);
    for (const v of centres) if (!Number.isFinite(v)) fail(`section "gateCentres" holds ${v}, expected finite numbers`);
    for (const r of radii) if (!(r > 0) || !Number.isFinite(r)) fail(`section "gateRadii" holds ${r}, expected positive radii`);
    distanceGate = new DistanceGate({ dimensions: d, weights, bias: get('gateBias', Float32Array, d) }, centres, radii, gate.maxRatio);
  }
  return new LocalClassifier(featurizer, linear, labels, {
    temperature: header.temperature,
    threshold: header.threshold ?? Infinity,
    minPrecision: header.minPrecision,
    metrics: header.metrics,
    trainingDataHash: header.trainingDataHash,
    createdAt: header.createdAt,
    trainExamples: header.trainExamples,
    outOfScopeLabel: header.outOfScopeLabel,
    escalatedLabels: header.escalatedLabels ?? [],
    ...(header.labelExamples ? { labelExamples: header.labelExamples } : {}),
    maxUnseenWordShare: header.maxUnseenWordShare ?? null,
    fewestWordNgrams: header.fewestWordNgrams ?? null,
    maxDistanceRatio: gate?.maxRatio ?? null,
    precisionZ: header.precisionZ,
    training: header.training,
  }, validation, distanceGate);
}
