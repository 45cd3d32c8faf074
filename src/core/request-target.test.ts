import { describe, expect, it } from 'vitest';
import { SwitchyardError } from './errors.js';
import { decodeSegment, parseRequestTarget } from './request-target.js';

function refused(raw: string): SwitchyardError {
  try {
    parseRequestTarget(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(SwitchyardError);
    return error as SwitchyardError;
  }
  throw new Error(`${raw} was accepted`);
}

describe('parseRequestTarget', () => {
  it('splits the path from the query and keeps both usable', () => {
    const target = parseRequestTarget('/v1/models/gpt%2D4o?x=1&y=a+b');
    expect(target.path).toBe('/v1/models/gpt%2D4o');
    expect(target.url.searchParams.get('x')).toBe('1');
    expect(target.url.searchParams.get('y')).toBe('a b');
    expect(parseRequestTarget('/health').path).toBe('/health');
  });

  it('never lets a path that starts with // become a host', () => {
    const target = parseRequestTarget('//evil.example/x');
    expect(target.url.host).toBe('localhost');
    expect(target.url.pathname).toBe('//evil.example/x');
  });

  it('refuses targets over 8,192 characters with a 414 that says both lengths', () => {
    expect(parseRequestTarget(`/${'a'.repeat(8191)}`).path).toHaveLength(8192);
    const error = refused(`/${'a'.repeat(8192)}`);
    expect(error.status).toBe(414);
    expect(error.message).toBe('the request path is 8193 characters long; the limit is 8192');
  });

  it('refuses targets that are not paths', () => {
    for (const raw of ['*', 'http://example.com/', '']) {
      const error = refused(raw);
      expect(error.status).toBe(400);
      expect(error.message).toBe(`the request target must be a path starting with "/", got ${JSON.stringify(raw)}`);
    }
  });

  it('refuses malformed and overlong percent-escapes in the path, quoting it', () => {
    for (const raw of ['/%', '/%zz', '/%c0%ae%c0%ae/x', '/%E0']) {
      const error = refused(raw);
      expect(error.status).toBe(400);
      expect(error.message).toBe(`the request path ${JSON.stringify(raw)} has a malformed percent-escape: each "%" must start a valid UTF-8 "%XX" sequence`);
    }
  });

  it('refuses NUL bytes in the path or the query', () => {
    for (const raw of ['/a%00b', '/a?x=%00']) expect(refused(raw).message).toBe('the request target contains a NUL byte (%00)');
  });

  it('refuses a malformed escape in the query string, quoting only the query', () => {
    const error = refused('/v1/models?q=%E0%A4%A');
    expect(error.status).toBe(400);
    expect(error.message).toBe('the query string "?q=%E0%A4%A" has a malformed percent-escape');
  });

  it('quotes at most 80 characters of a bad path', () => {
    const raw = `/%${'b'.repeat(200)}`;
    expect(refused(raw).message).toContain(`"${raw.slice(0, 80)}…"`);
  });
});

describe('decodeSegment', () => {
  it('decodes a checked segment and refuses a malformed one by name', () => {
    expect(decodeSegment('gpt%2D4o')).toBe('gpt-4o');
    expect(() => decodeSegment('%E0')).toThrow('the path segment "%E0" has a malformed percent-escape');
  });
});

describe('request target edges', () => {
  it('refuses with invalid_request codes', () => {
    expect([refused(`/${'a'.repeat(8192)}`).code, refused('/a%00').code, refused('/%').code]).toEqual(['invalid_request', 'invalid_request', 'invalid_request']);
    expect(refused('/a%00').status).toBe(400);
    try {
      decodeSegment('%E0');
    } catch (error) {
      expect((error as SwitchyardError).code).toBe('invalid_request');
    }
  });

  it('checks the query right after the root path too', () => {
    expect(refused('/?q=%E0').message).toBe('the query string "?q=%E0" has a malformed percent-escape');
  });

  it('quotes a path of exactly 80 characters whole', () => {
    const raw = `/%${'b'.repeat(78)}`;
    expect(raw).toHaveLength(80);
    expect(refused(raw).message).toContain(JSON.stringify(raw));
  });
});
