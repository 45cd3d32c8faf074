import { describe, expect, it } from 'vitest';
import { JsonText } from '../../core/json-text.js';
import { jsonb, jsonText } from './pg-values.js';

describe('JSON text for a JSON column', () => {
  it('writes escaped non-ASCII letters out, as JSONB would, and keeps the rest of kept text as it came', () => {
    expect(jsonText(new JsonText('{"q":"caf\\u00e9 \\ud83d\\ude00","n":1.50}'))).toBe('{"q":"café 😀","n":1.50}');
    // ASCII escapes, an escaped backslash before letters and text with no escape stay as they are.
    expect(jsonText(new JsonText('{"q":"\\u0022 \\\\u00e9"}'))).toBe('{"q":"\\u0022 \\\\u00e9"}');
    expect(jsonText({ q: 'plain' })).toBe('{"q":"plain"}');
  });

  it('replaces what PostgreSQL refuses, as for JSONB, and keeps null as NULL', () => {
    expect(jsonText({ q: 'a\u0000b' })).toBe(jsonb({ q: 'a\u0000b' }));
    expect(jsonText(new JsonText('["\\ud800"]'))).toBe('["\\ufffd"]');
    expect(jsonText(null)).toBeNull();
    expect(jsonText(undefined)).toBeNull();
  });
});
