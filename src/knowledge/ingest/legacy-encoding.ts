import { lineOfByte, notUtf8, utf8SequenceLength } from '../../core/data-text.js';
import { letterFit } from './legacy-letters.js';

/**
 * Reading text that is not UTF-8 in the single-byte encoding it was written in: Windows-1252,
 * the one Western-European files written before UTF-8 are in (Latin-1 exports, old Notepad
 * "ANSI" files, Outlook and Word text; the WHATWG Encoding Standard reads `latin1` and
 * `iso-8859-1` as Windows-1252 too), or Windows-1250 / ISO-8859-2, the Central European ones
 * (Polish, Czech, Slovak, Hungarian, Romanian, Croatian, Slovenian). Every byte has a meaning in
 * each, so the choice is made by which reading's letters fit one language (`letterFit`), Western
 * when they fit equally; a file is refused, naming why, when its bytes say it is in none of them
 * and reading it would index text that was never in it.
 */

/** The single-byte encodings a text file that is not UTF-8 is read in. */
export type LegacyEncoding = 'windows-1252' | 'windows-1250' | 'iso-8859-2';
export const LEGACY_ENCODINGS: readonly LegacyEncoding[] = ['windows-1252', 'windows-1250', 'iso-8859-2'];

/** The bytes as UTF-8 and the encoding they were read in, or why they were not. */
export type LegacyText = { utf8: Uint8Array; encoding: LegacyEncoding } | { reason: string };

/** Bytes each encoding leaves undefined: text in it never holds them; Shift_JIS and others do. */
const UNDEFINED: Record<LegacyEncoding, (byte: number) => boolean> = {
  'windows-1252': (b) => b === 0x81 || b === 0x8d || b === 0x8f || b === 0x90 || b === 0x9d,
  'windows-1250': (b) => b === 0x81 || b === 0x83 || b === 0x88 || b === 0x90 || b === 0x98,
  // C1 controls: no text file holds them.
  'iso-8859-2': (b) => b >= 0x80 && b <= 0x9f,
};

/**
 * Western text has a byte past ASCII here and there ("café", "Größe": runs of one or two);
 * Cyrillic, Greek and the CJK encodings write whole words in them. Past this share of such bytes
 * sitting in runs of three or more, the file is not Windows-1252.
 */
const RUN = 3;
const RUN_SHARE = 0.5;
/** Fewer bytes past ASCII than this say too little to rule Windows-1252 out by runs. */
const RUN_MIN_BYTES = 6;

const ICONV = 'convert it to UTF-8 from its encoding (e.g. iconv -f windows-1251 -t utf-8 for Cyrillic, shift_jis or gbk for Japanese or Chinese)';

/**
 * `bytes` (a text file that is not valid UTF-8, with no byte order mark) read in the encoding
 * whose letters fit best (or in `forced`, without asking) and re-encoded as UTF-8, or why not: a
 * file that is mostly valid UTF-8 with a stray byte (reading it in any of them would garble every
 * UTF-8 character in it), one holding a byte none of them defines, or one whose bytes past ASCII
 * come in runs, as other encodings' words do.
 *
 * @example fromLegacyEncoding(Buffer.from([0x63, 0x61, 0x66, 0xe9])) // { utf8: <"café">, encoding: 'windows-1252' }
 * @example fromLegacyEncoding(Buffer.from([0x6b, 0x6f, 0xb3, 0x6f])) // { utf8: <"koło">, encoding: 'windows-1250' }
 */
export function fromLegacyEncoding(bytes: Uint8Array, forced?: LegacyEncoding): LegacyText {
  if (forced !== undefined) return { utf8: new TextEncoder().encode(decodeLegacy(bytes, forced)), encoding: forced };
  const census = utf8Census(bytes);
  const at = census.firstInvalid;
  const where = `${notUtf8(bytes, at, 'file')}, line ${lineOfByte(bytes, at)}`;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { reason: `${where}, though it opens with a UTF-8 byte order mark; fix or remove that byte, or save it as UTF-8 again` };
  }
  if (census.valid > census.invalid) {
    return { reason: `${where}, though the rest is UTF-8 (${census.valid} characters past ASCII): text pieced together from two encodings, which read as Windows-1252 would garble its UTF-8; fix or remove that byte` };
  }
  const candidates = LEGACY_ENCODINGS.filter((encoding) => !bytes.some(UNDEFINED[encoding]));
  if (candidates.length === 0) {
    const undefinedAt = bytes.findIndex(UNDEFINED['windows-1252']);
    const byte = (bytes[undefinedAt] as number).toString(16).toUpperCase();
    return { reason: `not UTF-8, and not Windows-1252 (Latin-1) or Windows-1250 (Central European) either: byte ${undefinedAt} (0x${byte}, line ${lineOfByte(bytes, undefinedAt)}) has no character in Windows-1252, and the file holds bytes Windows-1250 and ISO-8859-2 have none for; ${ICONV}` };
  }
  const runs = highByteRuns(bytes);
  if (runs.high >= RUN_MIN_BYTES && runs.inRuns > runs.high * RUN_SHARE) {
    return { reason: `not UTF-8, and its bytes past ASCII come in runs (${runs.inRuns} of ${runs.high}), as whole words of Cyrillic, Greek, Chinese, Japanese or Korean do, not Western or Central European text (Windows-1252, Windows-1250); ${ICONV}` };
  }
  // The first of the best: Western unless a Central European reading's letters fit better.
  let best = { encoding: candidates[0] as LegacyEncoding, text: decodeLegacy(bytes, candidates[0] as LegacyEncoding), fit: -1 };
  for (const encoding of candidates) {
    const text = encoding === best.encoding ? best.text : decodeLegacy(bytes, encoding);
    const fit = letterFit(text);
    if (fit > best.fit + 1e-9) best = { encoding, text, fit };
  }
  return { utf8: new TextEncoder().encode(best.text), encoding: best.encoding };
}

/**
 * The bytes in one of the legacy encodings. Windows-1250 and ISO-8859-2 are Node's own decoders
 * (full ICU); Windows-1252 is {@link decodeWindows1252}.
 *
 * @example decodeLegacy(Buffer.from([0xb3]), 'windows-1250') // 'ł'
 */
export function decodeLegacy(bytes: Uint8Array, encoding: LegacyEncoding): string {
  return encoding === 'windows-1252' ? decodeWindows1252(bytes) : new TextDecoder(encoding).decode(bytes);
}

/**
 * Windows-1252's characters for bytes 0x80–0x9F (the WHATWG Encoding Standard's index; the five
 * it leaves to C1 controls are refused before this is used). Bytes 0xA0–0xFF are Latin-1's.
 */
const C1_AS_1252 = '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

/**
 * The bytes as Windows-1252. Not `new TextDecoder('windows-1252')`: Node 20 decodes that label as
 * ISO-8859-1, so 0x80–0x9F (curly quotes, €, dashes: Word's text is full of them) came out as C1
 * controls (nodejs/node#56542, open on 20.x); Latin-1 with those 32 bytes mapped is the standard's decoder.
 *
 * @example decodeWindows1252(Buffer.from([0x93, 0x68, 0x69, 0x94])) // '“hi”'
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').replace(/[\u0080-\u009f]/g, (c) => C1_AS_1252[c.charCodeAt(0) - 0x80] as string);
}

/** Valid multi-byte UTF-8 characters, bytes that belong to none, and the first of those. */
function utf8Census(bytes: Uint8Array): { valid: number; invalid: number; firstInvalid: number } {
  let valid = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    if (length > 0) {
      valid++;
      i += length;
      continue;
    }
    if (firstInvalid < 0) firstInvalid = i;
    invalid++;
    i++;
  }
  return { valid, invalid, firstInvalid: Math.max(firstInvalid, 0) };
}

/** Bytes past ASCII, and how many of them sit in runs of at least {@link RUN}. */
function highByteRuns(bytes: Uint8Array): { high: number; inRuns: number } {
  let high = 0;
  let inRuns = 0;
  let run = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && (bytes[i] as number) >= 0x80) {
      high++;
      run++;
      continue;
    }
    if (run >= RUN) inRuns += run;
    run = 0;
  }
  return { high, inRuns };
}
