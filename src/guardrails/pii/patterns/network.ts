import { isIPv6 } from 'node:net';
import type { Finding } from '../entity-types.js';
import { eachWindow, hasContextBefore, isWordChar } from './context.js';
import { matchesOf } from '../../../core/regex-matches.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`${OCTET}(?:\\.${OCTET}){3}`, 'g');
// Hex groups joined by at least two colons; every repetition starts with ':' so there is one way
// to match, and the lookbehind starts candidates only where a hex run begins. Validated by node.
const IPV6 = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/g;
const MAC = /[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}/g;
const VERSION_CONTEXT = /(?:\bv|version|release|build|\bver\.?)\s*$/;

/** Loopback (127.0.0.0/8) and the unspecified 0.0.0.0: every machine's own, so no one's address. */
const NOBODYS_IPV4 = /^(?:127\.|0\.0\.0\.0$)/;

/**
 * IPv4 and IPv6 addresses. A dotted quad right after "version"/"v" is a version number, not an
 * address; an IPv6 candidate needs three groups and node's `isIPv6` (so `std::vector` is not one).
 * Loopback and 0.0.0.0 are left out: a developer's `http://127.0.0.1:4000` was redacted as PII.
 *
 * @example detectIps('from 10.0.0.7')[0]?.type // 'IP_ADDRESS'
 */
export function detectIps(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  eachWindow(text, windows, 4, (sub, offset) => {
    for (const m of matchesOf(IPV4, sub)) {
      const start = offset + m.index;
      const end = start + m[0].length;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
      if (text[start - 1] === '.' || (text[end] === '.' && isDigit(text.charCodeAt(end + 1)))) continue;
      if (hasContextBefore(text, start, VERSION_CONTEXT, 12) || NOBODYS_IPV4.test(m[0])) continue;
      out.push({ type: 'IP_ADDRESS', start, end, score: 0.9 });
    }
  });
  for (let c = nextIpv6Candidate(text, 0); c >= 0; ) {
    const [runStart, runEnd] = hexRun(text, c);
    for (const m of matchesOf(IPV6, text.slice(runStart, runEnd))) {
      const start = runStart + m.index;
      const end = start + m[0].length;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
      const groups = m[0].split(':').filter((g) => g.length > 0).length;
      if (groups < 3 || !isIPv6(m[0])) continue;
      out.push({ type: 'IP_ADDRESS', start, end, score: 0.9 });
    }
    c = nextIpv6Candidate(text, runEnd);
  }
  return out;
}

/**
 * MAC addresses: six hex pairs joined by the same `:` or `-`, or Cisco's `xxxx.xxxx.xxxx`.
 *
 * @example detectMacs('mac 00:1A:2B:3C:4D:5E')[0]?.type // 'MAC_ADDRESS'
 */
export function detectMacs(text: string): Finding[] {
  const out: Finding[] = [];
  for (let c = nextMacCandidate(text, 2); c >= 0; ) {
    const [runStart, runEnd] = hexRun(text, c);
    for (const m of matchesOf(MAC, text.slice(runStart, runEnd))) {
      const start = runStart + m.index;
      const end = start + m[0].length;
      if (isHexOrWord(text, start - 1) || isHexOrWord(text, end)) continue;
      if (text[end] === ':' || text[start - 1] === ':') continue; // part of a longer IPv6
      out.push({ type: 'MAC_ADDRESS', start, end, score: 0.85 });
    }
    c = nextMacCandidate(text, runEnd);
  }
  return out;
}

// The regexes are slow to start at every hex letter of ordinary words, so they run only on the
// runs of hex digits and separators around a place where an address could be (one pass of
// character codes finds those); a match never leaves such a run, so the findings are the same.

/**
 * The next ':' at or after `from` followed, after at most four hex digits, by another ':'
 * ("fe80::1", "2001:db8:"), as in every IPv6 match; or -1.
 */
function nextIpv6Candidate(text: string, from: number): number {
  let colon = text.indexOf(':', from);
  while (colon >= 0) {
    let k = colon + 1;
    while (k < text.length && k - colon <= 5 && isHex(text.charCodeAt(k))) k += 1;
    if (text.charCodeAt(k) === 58 && k - colon <= 5) return colon;
    colon = text.indexOf(':', colon + 1);
  }
  return -1;
}

/**
 * The next ':' or '-' at or after `from` between two hex pairs and repeated three characters
 * later, or '.' between two groups of four hex digits and repeated five later, as in every MAC
 * address; or -1.
 */
function nextMacCandidate(text: string, from: number): number {
  const n = text.length;
  // Only ':', '-' and '.' can start a candidate: jump between them with the native indexOf
  // (a prompt has a few dozen) instead of reading every character.
  let colon = -2;
  let dash = -2;
  let dot = -2;
  for (let i = Math.max(2, from); i + 2 < n; i += 1) {
    if (colon < i && colon !== -1) colon = text.indexOf(':', i);
    if (dash < i && dash !== -1) dash = text.indexOf('-', i);
    if (dot < i && dot !== -1) dot = text.indexOf('.', i);
    i = Math.min(colon < 0 ? n : colon, dash < 0 ? n : dash, dot < 0 ? n : dot);
    if (i + 2 >= n) break;
    const c = text.charCodeAt(i);
    if (c === 58 || c === 45) {
      if (text.charCodeAt(i + 3) === c && isHex(text.charCodeAt(i - 1)) && isHex(text.charCodeAt(i - 2)) && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) return i;
    } else if (c === 46 && i >= 4 && i + 4 < n && text.charCodeAt(i + 5) === 46) {
      let hex = true;
      for (let k = i - 4; k <= i + 4 && hex; k += 1) if (k !== i && !isHex(text.charCodeAt(k))) hex = false;
      if (hex) return i;
    }
  }
  return -1;
}

/** The maximal run of hex digits, ':', '-' and '.' around position `at`, as [start, end). */
function hexRun(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && isHexOrSeparator(text.charCodeAt(start - 1))) start -= 1;
  let end = at;
  while (end < text.length && isHexOrSeparator(text.charCodeAt(end))) end += 1;
  return [start, end];
}

function isHexOrSeparator(c: number): boolean {
  return isHex(c) || c === 58 || c === 45 || c === 46;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexOrWord(text: string, i: number): boolean {
  return isWordChar(text.charCodeAt(i));
}
