import { isIPv6 } from 'node:net';
import type { Finding } from '../entity-types.js';
import { eachWindow, hasContextBefore, isWordChar } from './context.js';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`${OCTET}(?:\\.${OCTET}){3}`, 'g');
// Hex groups joined by at least two colons; every repetition starts with ':' so there is one way
// to match, and the lookbehind starts candidates only where a hex run begins. Validated by node.
const IPV6 = /(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/g;
const MAC = /[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}/g;
const VERSION_CONTEXT = /(?:\bv|version|release|build|\bver\.?)\s*$/;

/**
 * IPv4 and IPv6 addresses. A dotted quad right after "version"/"v" is a version number, not an
 * address; an IPv6 candidate needs three groups and node's `isIPv6` (so `std::vector` is not one).
 *
 * @example detectIps('from 10.0.0.7')[0]?.type // 'IP_ADDRESS'
 */
export function detectIps(text: string, windows?: readonly number[]): Finding[] {
  const out: Finding[] = [];
  eachWindow(text, windows, 4, (sub, offset) => {
    for (const m of sub.matchAll(IPV4)) {
      const start = offset + m.index;
      const end = start + m[0].length;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
      if (text[start - 1] === '.' || (text[end] === '.' && isDigit(text.charCodeAt(end + 1)))) continue;
      if (hasContextBefore(text, start, VERSION_CONTEXT, 12)) continue;
      out.push({ type: 'IP_ADDRESS', start, end, score: 0.9 });
    }
  });
  if (text.includes(':')) {
    for (const m of text.matchAll(IPV6)) {
      const start = m.index;
      const end = start + m[0].length;
      if (isWordChar(text.charCodeAt(start - 1)) || isWordChar(text.charCodeAt(end))) continue;
      const groups = m[0].split(':').filter((g) => g.length > 0).length;
      if (groups < 3 || !isIPv6(m[0])) continue;
      out.push({ type: 'IP_ADDRESS', start, end, score: 0.9 });
    }
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
  for (const m of text.matchAll(MAC)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isHexOrWord(text, start - 1) || isHexOrWord(text, end)) continue;
    if (text[end] === ':' || text[start - 1] === ':') continue; // part of a longer IPv6
    out.push({ type: 'MAC_ADDRESS', start, end, score: 0.85 });
  }
  return out;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexOrWord(text: string, i: number): boolean {
  return isWordChar(text.charCodeAt(i));
}
