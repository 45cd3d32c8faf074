import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { scrubError, secretScrubber } from './scrub-secrets.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDefault } from '../config/embedded-default.js';

describe('secretScrubber', () => {
  it('removes a configured secret wherever it appears', () => {
    const scrub = secretScrubber(['upstream-credential-0042']);
    expect(scrub('bad key upstream-credential-0042, again upstream-credential-0042')).toBe('bad key [redacted], again [redacted]');
  });

  it('removes the first and last eight characters of a long secret (providers echo masked keys)', () => {
    const scrub = secretScrubber(['upstream-credential-0042']);
    expect(scrub('key upstream… rejected')).toBe('key [redacted]… rejected');
    expect(scrub('key upstream*****ial-0042')).toBe('key [redacted]*****[redacted]');
  });

  it('takes a fragment only at the outer edge of a key, not out of a word that contains it', () => {
    const scrub = secretScrubber(['sk-ant-simulated']);
    expect(scrub('provider "simulated-anthropic" answered 400')).toBe('provider "simulated-anthropic" answered 400');
    expect(scrub('key sk-ant-s****imulated rejected')).toBe('key [redacted]****[redacted] rejected');
    expect(scrub('key ****imulated.')).toBe('key ****[redacted].');
  });

  it('leaves the simulator hint whole under the simulator keys Switchyard ships (the examples, the embedded default)', () => {
    // `sk-ant-simulated`'s last eight, `imulated`, turned the hint into "a s[redacted] provider".
    const examples = ['examples', 'examples/grounding'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(dir, f), 'utf8')));
    const keys = examples.flatMap((yaml) => [...yaml.matchAll(/api_key: (sk-[\w-]+)/g)].map((m) => m[1] as string));
    for (const provider of Object.values(embeddedDefault({}, { url: 'http://127.0.0.1:9300' }).providers)) if (provider.api_key) keys.push(provider.api_key);
    expect(keys.length).toBeGreaterThan(4);
    const hint = 'cannot connect to provider "sim-anthropic" (http://127.0.0.1:9300): ECONNREFUSED (a simulated provider: is the simulator running?)';
    expect(secretScrubber(keys)(hint)).toBe(hint);
  });

  it('keeps fragments of short secrets (too common to remove) but still the whole secret', () => {
    const scrub = secretScrubber(['credential12345']);
    expect(scrub('credential12345')).toBe('[redacted]');
    expect(scrub('credenti and al12345')).toBe('credenti and al12345');
  });

  it('ignores secrets under eight characters, which would redact ordinary words', () => {
    expect(secretScrubber(['hello'])('hello world')).toBe('hello world');
    expect(secretScrubber(['hello123'])('hello123 world')).toBe('[redacted] world');
  });

  it('replaces a whole secret before one of its fragments', () => {
    const scrub = secretScrubber(['abcdefgh-secret-middle-12345678']);
    expect(scrub('x abcdefgh-secret-middle-12345678 y')).toBe('x [redacted] y');
  });

  it('removes anything shaped like a credential, and leaves ordinary text', () => {
    const scrub = secretScrubber([]);
    const shaped = [
      'sk-proj-****abcd',
      'sk-ant-api03-abcdef',
      `AIza${'B'.repeat(20)}`,
      `ghp_${'c'.repeat(20)}`,
      `xoxb-${'1'.repeat(10)}`,
      'eyJhbGciOiJI.eyJzdWIiOiIx.SflKxwRJSMeK',
      'Bearer abcdefghijkl',
      'bearer abc.def_ghi~jkl==',
      'A'.repeat(40),
    ];
    for (const secret of shaped) expect(scrub(`token: ${secret} end`)).toBe('token: [redacted] end');
    const ordinary = ['sk-abc', `AIza${'B'.repeat(19)}`, `ghp_${'c'.repeat(19)}`, `xoxb-${'1'.repeat(9)}`, 'Bearer short', 'A'.repeat(39), 'the model gpt-4o-mini is overloaded', 'see https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens'];
    for (const text of ordinary) expect(scrub(text)).toBe(text);
  });
});

describe('scrubError', () => {
  const scrub = secretScrubber(['upstream-credential-0042']);

  it('returns the very same error when there was nothing to remove', () => {
    const error = new SwitchyardError('upstream_error', 'overloaded', { status: 503, detail: { reason: 'busy' } });
    expect(scrubError(error, scrub)).toBe(error);
  });

  it("scrubs the upstream's own message too, which a same-format client is shown", () => {
    const vendorError = { format: 'openai' as const, message: 'Incorrect API key: upstream-credential-0042', type: 'invalid_request_error', code: null, param: null };
    const clean = scrubError(new SwitchyardError('upstream_error', 'provider "p" answered 400: see below', { status: 400, vendorError }), scrub);
    expect(clean.vendorError).toEqual({ ...vendorError, message: 'Incorrect API key: [redacted]' });
  });

  it('scrubs the message and keeps code, status, retry advice, param and cause', () => {
    const cause = new Error('inner');
    const error = new SwitchyardError('upstream_error', 'Incorrect API key: upstream-credential-0042', { status: 502, retryable: false, retryAfter: 3, param: 'model', cause });
    const clean = scrubError(error, scrub);
    expect(clean).not.toBe(error);
    expect(clean.message).toBe('Incorrect API key: [redacted]');
    expect({ code: clean.code, status: clean.status, retryable: clean.retryable, retryAfter: clean.retryAfter, param: clean.param, cause: clean.cause }).toEqual({
      code: 'upstream_error',
      status: 502,
      retryable: false,
      retryAfter: 3,
      param: 'model',
      cause,
    });
  });

  it('scrubs string and structured details, keeping their shape', () => {
    const asText = scrubError(new SwitchyardError('upstream_error', 'failed', { status: 502, detail: 'sent upstream-credential-0042' }), scrub);
    expect(asText.detail).toBe('sent [redacted]');
    const asObject = scrubError(new SwitchyardError('upstream_error', 'failed', { status: 502, detail: { error: { message: 'key upstream-credential-0042' } } }), scrub);
    expect(asObject.detail).toEqual({ error: { message: 'key [redacted]' } });
    expect(asObject.message).toBe('failed');
  });
});

describe('secretScrubber edges', () => {
  it('removes the fragments of a secret of exactly 16 characters', () => {
    const scrub = secretScrubber(['abcdefgh12345678']);
    expect(scrub('masked abcdefgh… and …12345678')).toBe('masked [redacted]… and …[redacted]');
  });

  it('replaces the longest known secret first, even when a shorter secret shares its start', () => {
    const scrub = secretScrubber(['abcdefgh12345678', 'abcdefgh-and-a-much-longer-secret']);
    expect(scrub('x abcdefgh-and-a-much-longer-secret y')).toBe('x [redacted] y');
  });

  it('keeps a string detail a string, even when it reads as JSON', () => {
    const scrub = secretScrubber(['upstream-credential-0042']);
    const clean = scrubError(new SwitchyardError('upstream_error', 'failed', { status: 502, detail: '{"key":"upstream-credential-0042"}' }), scrub);
    expect(clean.detail).toBe('{"key":"[redacted]"}');
  });
});
