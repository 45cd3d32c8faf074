/**
 * Leetspeak folded back to letters ("1gn0r3" → "ignore", "p@ssw0rd" → "password"). Only tokens
 * with at least two letters and a digit or symbol between letters are touched, so version numbers,
 * "python3", "x86" and plain numbers stay as they are.
 */
const LEET: Record<string, string> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's', '!': 'i',
};

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** 1 for each character code `LEET` has a key for: read by code, no one-character string per character. */
const LEET_CODE = new Uint8Array(128);
for (const ch of Object.keys(LEET)) LEET_CODE[ch.charCodeAt(0)] = 1;

function isLeetCode(code: number): boolean {
  return code < 128 && LEET_CODE[code] === 1;
}

function isTokenCode(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || isLeetCode(code);
}

export interface LeetFold {
  text: string;
  folded: number;
}

type Kind = 'plain' | 'weak' | 'strong';

/** A leet character next to a letter; text without one has nothing to fold (checked natively). */
const LEET_NEAR_LETTER = /[a-z][013457@$!8]|[013457@$8][a-z]/i;

/**
 * Folds leetspeak tokens in two linear passes. A token is "strong" leet when a digit or symbol
 * sits between letters or starts a word before a letter ("h3ll0", "1gnore"); "weak" when digits
 * only trail or lead it ("rul35", "4ll", but also "python3", "utf8"). Weak tokens are folded only
 * when the text has a strong one and at least three leet-looking tokens in all, so ordinary
 * identifiers survive in ordinary text.
 *
 * @example foldLeetspeak('1gn0r3 4ll rul35').text // 'ignore all rules'
 * @example foldLeetspeak('install python3 and utf8').text // unchanged
 */
export function foldLeetspeak(text: string): LeetFold {
  if (!LEET_NEAR_LETTER.test(text)) return { text, folded: 0 };
  const tokens: { start: number; end: number; kind: Kind }[] = [];
  let strong = 0;
  let start = 0;
  // A token without a leet character is plain: only the others are classified.
  let leetSeen = false;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length) {
      const code = text.charCodeAt(i);
      if (isTokenCode(code)) {
        if (isLeetCode(code)) leetSeen = true;
        continue;
      }
    }
    if (leetSeen && i > start) {
      const kind = classify(text, start, i);
      if (kind !== 'plain') tokens.push({ start, end: i, kind });
      if (kind === 'strong') strong++;
    }
    leetSeen = false;
    start = i + 1;
  }
  if (tokens.length === 0) return { text, folded: 0 };
  const leetMode = strong >= 1 && tokens.length >= 3;
  let out = '';
  let copied = 0;
  let folded = 0;
  for (const token of tokens) {
    if (token.kind === 'weak' && !leetMode) continue;
    out += text.slice(copied, token.start);
    for (let i = token.start; i < token.end; i++) {
      const ch = text[i] as string;
      out += LEET[ch] ?? ch;
    }
    copied = token.end;
    folded++;
  }
  return { text: out + text.slice(copied), folded };
}

/** "1st", "3rd", "4th", "5pm", "2fa", "3d": a leading digit before a short suffix is not leet. */
function isUnitOrOrdinal(text: string, from: number, end: number): boolean {
  return end - from < 3 || /^(?:st|nd|rd|th|am|pm|km|kg|mb|gb|kb|tb|ms|px|fps|hz|khz|mhz|ghz|min|sec|hrs?|day|bit)$/i.test(text.slice(from, end));
}

// Hex ids and short hashes ("9f2c1d4", "3f2a") are not leet even when a digit sits between letters.
const HEX_TOKEN = /^[0-9a-fA-F]{4,}$/;
const HEX_LITERAL = /^0x[0-9a-fA-F]+$/;

/** What follows an address's "@name": hyphenated labels, then a dot and a top-level label. */
const DOMAIN_REST = /(?:-[a-z0-9]{1,63}){0,8}\.[a-z]{2,}/iy;

function continuesDomain(text: string, at: number): boolean {
  DOMAIN_REST.lastIndex = at;
  return DOMAIN_REST.test(text);
}

function classify(text: string, start: number, end: number): Kind {
  // Leet words are short; long tokens are hashes, keys or base64 and must not be rewritten.
  if (end - start < 3 || end - start > 24) return 'plain';
  let anyLeet = false;
  for (let i = start; i < end && !anyLeet; i++) anyLeet = isLeetCode(text.charCodeAt(i));
  if (!anyLeet) return 'plain';
  const token = text.slice(start, end);
  // Booking codes and ids ("XJGM3J") are upper case; leet is written in lower or mixed case.
  if (HEX_TOKEN.test(token) || HEX_LITERAL.test(token) || token === token.toUpperCase()) return 'plain';
  // An e-mail address ("hello@mercury" before ".com", "e.yildiz@bosphorus" before "-uni.edu") is not "helloamercury".
  if (token.includes('@') && continuesDomain(text, end)) return 'plain';
  let letters = 0;
  let leet = 0;
  let interior = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) {
      letters++;
      continue;
    }
    if (!isLeetCode(code)) continue;
    const ch = text[i] as string;
    leet++;
    const prev = i > start ? text.charCodeAt(i - 1) : 0;
    const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
    // Between letters, one of them lower case ("h3ll0", not the code "C6M0R0V3"); "@v4" is a version.
    // Three-character numeronyms ("k8s", "a1c") are abbreviations, not leet.
    const between = end - start > 3 && isAsciiLetter(prev) && isAsciiLetter(next) && (isLower(prev) || isLower(next));
    const versionPin = ch === '@' && /[0-9]/.test(text[i + 2] ?? '');
    const leading = i === start && isAsciiLetter(next) && /[0-9$@]/.test(ch) && !isUnitOrOrdinal(text, i + 1, end);
    if ((between || leading) && !versionPin) interior = true;
  }
  if (letters < 2 || leet === 0 || leet > letters) return 'plain';
  return interior ? 'strong' : 'weak';
}
