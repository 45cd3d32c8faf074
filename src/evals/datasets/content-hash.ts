import { sha256 } from '../../core/sha256.js';

/**
 * JSON with object keys sorted, so the same content always hashes the same whatever order a
 * file or a trace listed its fields in.
 *
 * @example canonicalJson({ b: 1, a: [2, { d: 1, c: 0 }] }) // '{"a":[2,{"c":0,"d":1}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * Hex SHA-256 of a value's canonical JSON (or of a string as is).
 *
 * @example contentHash({ input: 'hi' }) // '5f1c…'
 */
export function contentHash(value: unknown): string {
  return sha256(typeof value === 'string' ? value : canonicalJson(value), 'hex');
}
