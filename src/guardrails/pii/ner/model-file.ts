import { gunzipSync, gzipSync } from 'node:zlib';
import { SwitchyardError } from '../../../core/errors.js';
import { FEATURE_VERSION, FEATURES_PER_TOKEN } from './features.js';
import { LexiconTable } from './lexicon-table.js';
import { TAG_COUNT, type ChainWeights } from './linear-chain.js';

/** A trained tagger: chain weights, the lexicons its features read, and its confidence scale. */
export interface TaggerModel {
  weights: ChainWeights;
  lexicons: LexiconTable;
  /** Multiplies scores before forward–backward, so marginals work as confidences. */
  confidenceScale: number;
}

const MAGIC = 'SYPIITAG';
const FORMAT_VERSION = 3;
const HEADER_BYTES = 8 + 4 * 8;
const MAX_BITS = 24;

/**
 * Serialises a model: a fixed header (format and feature versions, table size), transitions as
 * float32, emission weights quantised to int16 with one step size, and the lexicon as
 * (hash, bits) pairs in table-slot order; the whole gzip-compressed. The same model always gives the same bytes
 * before compression.
 *
 * @example writeFileSync(path, encodeTaggerModel(model))
 */
export function encodeTaggerModel(model: TaggerModel): Buffer {
  const { emission: raw, emissionStep, transition, bits } = model.weights;
  const emission = Float32Array.from(raw, (v) => v * emissionStep);
  let maxAbs = 0;
  for (let i = 0; i < emission.length; i += 1) maxAbs = Math.max(maxAbs, Math.abs(emission[i]!));
  const step = maxAbs > 0 ? maxAbs / 32767 : 1;
  const lex = model.lexicons.toArrays();
  const bytes = HEADER_BYTES + transition.length * 4 + emission.length * 2 + lex.hashes.length * 8;
  const buffer = Buffer.alloc(bytes);
  buffer.write(MAGIC, 0, 'latin1');
  let o = 8;
  for (const v of [FORMAT_VERSION, FEATURE_VERSION, FEATURES_PER_TOKEN, bits, TAG_COUNT, lex.hashes.length]) o = buffer.writeUInt32LE(v, o);
  o = buffer.writeFloatLE(step, o);
  o = buffer.writeFloatLE(model.confidenceScale, o);
  for (const v of transition) o = buffer.writeFloatLE(v, o);
  for (const v of emission) o = buffer.writeInt16LE(Math.round(v / step), o);
  for (const v of lex.hashes) o = buffer.writeUInt32LE(v, o);
  for (const v of lex.bits) o = buffer.writeUInt32LE(v, o);
  return gzipSync(buffer, { level: 9 });
}

/**
 * Reads a model written by `encodeTaggerModel`. Throws `SwitchyardError('config_invalid')` naming
 * what is wrong when the file is not gzip, has another magic or version, was trained with other
 * features, or has the wrong length.
 *
 * @example const model = decodeTaggerModel(readFileSync(path))
 */
export function decodeTaggerModel(file: Uint8Array): TaggerModel {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch (error) {
    throw invalid(`is not a gzip stream (${(error as Error).message})`);
  }
  if (raw.length < HEADER_BYTES || raw.toString('latin1', 0, 8) !== MAGIC) throw invalid(`does not start with "${MAGIC}"`);
  const header: number[] = [];
  for (let o = 8; o < 8 + 6 * 4; o += 4) header.push(raw.readUInt32LE(o));
  const [format, featureVersion, perToken, bits, tags, lexCount] = header as [number, number, number, number, number, number];
  if (format !== FORMAT_VERSION) throw invalid(`has format ${format}; expected ${FORMAT_VERSION}`);
  if (featureVersion !== FEATURE_VERSION || perToken !== FEATURES_PER_TOKEN) {
    throw invalid(`was trained with features v${featureVersion}×${perToken}; this build uses v${FEATURE_VERSION}×${FEATURES_PER_TOKEN} (run npm run train:pii)`);
  }
  if (tags !== TAG_COUNT || bits < 8 || bits > MAX_BITS) throw invalid(`has ${tags} tags and ${bits} bits; expected ${TAG_COUNT} tags and 8–${MAX_BITS} bits`);
  const step = raw.readFloatLE(32);
  const confidenceScale = raw.readFloatLE(36);
  const transitionCount = (TAG_COUNT + 1) * TAG_COUNT;
  const emissionCount = (1 << bits) * TAG_COUNT;
  const expected = HEADER_BYTES + transitionCount * 4 + emissionCount * 2 + lexCount * 8;
  if (raw.length !== expected) throw invalid(`has ${raw.length} bytes; its header implies ${expected}`);
  if (!(step > 0) || !Number.isFinite(confidenceScale)) throw invalid('has a non-positive weight step or a non-finite confidence scale');
  // Copy into aligned buffers: the gunzipped Buffer may start at any byte offset.
  let o = HEADER_BYTES;
  const transition = new Float32Array(new Uint8Array(raw.subarray(o, (o += transitionCount * 4))).buffer);
  const quantised = new Int16Array(new Uint8Array(raw.subarray(o, (o += emissionCount * 2))).buffer);
  const hashes = new Uint32Array(new Uint8Array(raw.subarray(o, (o += lexCount * 4))).buffer);
  const lexBits = new Uint32Array(new Uint8Array(raw.subarray(o, (o += lexCount * 4))).buffer);
  return { weights: { bits, emission: quantised, emissionStep: step, transition }, lexicons: LexiconTable.fromArrays(hashes, lexBits), confidenceScale };
}

function invalid(what: string): SwitchyardError {
  return new SwitchyardError('config_invalid', `PII tagger model file ${what}`);
}
