/**
 * Characters that render as nothing (or reorder what is shown) and are used to hide words from
 * filters: zero-width spaces and joiners, soft hyphens, variation selectors, bidi controls, and
 * Unicode "tag" characters, which can carry a whole ASCII message invisibly ("ASCII smuggling").
 */
export interface InvisibleScan {
  /** The text without invisible and bidi control characters; tag characters decoded to ASCII. */
  text: string;
  zeroWidth: number;
  bidi: number;
  /** ASCII carried by Unicode tag characters (U+E0020–U+E007E), empty when there was none. */
  tagPayload: string;
}

const ANY_INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff]|\udb40[\udc00-\uddef]/;

function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x200b && code <= 0x200d) || // zero-width space, non-joiner, joiner
    (code >= 0x2060 && code <= 0x2064) || // word joiner, invisible operators
    code === 0xfeff || // byte-order mark used as zero-width no-break space
    code === 0x00ad || // soft hyphen
    code === 0x034f || // combining grapheme joiner
    code === 0x180e || // Mongolian vowel separator
    code === 0x115f ||
    code === 0x1160 ||
    code === 0x3164 || // Hangul fillers render blank
    (code >= 0xfe00 && code <= 0xfe0f) || // variation selectors
    (code >= 0xe0100 && code <= 0xe01ef)
  );
}

function isBidiControl(code: number): boolean {
  return (
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** The waving black flag, the base of the emoji tag sequences that spell a subdivision's flag. */
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
/** A Unicode subdivision code as an emoji tag sequence spells it: "gbsct", "gbeng", "usca". */
const SUBDIVISION = /^(?:[a-z]{2}|[0-9]{3})[a-z0-9]{1,4}$/;

/**
 * The end of a subdivision flag's tag characters when a black flag at `at` starts one (U+1F3F4 + "gbsct"
 * in tags + cancel tag: Scotland), or -1. These are the one standard use of tag characters, so they
 * are neither payload nor signal; seven lower-case letters or digits at most cannot carry an
 * instruction. Before this, "Go Scotland [flag of Scotland]!" was flagged as a user turn (0.81).
 */
function subdivisionFlagEnd(text: string, at: number): number {
  let spec = '';
  let j = at + 2;
  while (spec.length <= 7) {
    const code = text.codePointAt(j) ?? 0;
    if (code === CANCEL_TAG) return SUBDIVISION.test(spec) ? j + 2 : -1;
    if (code < 0xe0020 || code > 0xe007e) return -1;
    spec += String.fromCharCode(code - 0xe0000);
    j += 2;
  }
  return -1;
}

/**
 * Removes invisible and bidi control characters in one pass and decodes tag characters (but for
 * a subdivision flag's, which are removed without a trace).
 *
 * @example stripInvisible('ig\u200Bnore').text // 'ignore'
 */
export function stripInvisible(text: string): InvisibleScan {
  // Almost all text has none: one regex scan is far cheaper than walking code points.
  if (!ANY_INVISIBLE.test(text)) return { text, zeroWidth: 0, bidi: 0, tagPayload: '' };
  let zeroWidth = 0;
  let bidi = 0;
  let tagPayload = '';
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) as number;
    const width = code > 0xffff ? 2 : 1;
    if (code === BLACK_FLAG) {
      const end = subdivisionFlagEnd(text, i);
      if (end !== -1) {
        // Keep the flag, drop its tag characters.
        parts.push(text.slice(runStart, i + 2));
        runStart = i = end;
        continue;
      }
    }
    const zw = isZeroWidth(code);
    const bd = !zw && isBidiControl(code);
    const tag = code >= 0xe0000 && code <= 0xe007f;
    if (zw || bd || tag) {
      if (runStart < i) parts.push(text.slice(runStart, i));
      if (zw) zeroWidth++;
      else if (bd) bidi++;
      else if (code >= 0xe0020 && code <= 0xe007e) tagPayload += String.fromCharCode(code - 0xe0000);
      runStart = i + width;
    }
    i += width;
  }
  if (runStart === 0) return { text, zeroWidth, bidi, tagPayload };
  if (runStart < text.length) parts.push(text.slice(runStart));
  return { text: parts.join(''), zeroWidth, bidi, tagPayload };
}
