import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { scrubError } from '../providers/scrub-secrets.js';
import { clientShouldRetry } from './error-response.js';

const failed = (attemptsMade: number | undefined, detail: unknown = [], retryable = true) => new SwitchyardError('all_targets_failed', 'every target failed', { status: 502, detail, attemptsMade, retryable });

describe('clientShouldRetry (x-should-retry)', () => {
  it('leaves a target the gateway tried once to the client, and tells it not to retry one the gateway retried', () => {
    expect(clientShouldRetry(failed(1))).toBe(true);
    expect(clientShouldRetry(failed(3))).toBe(false);
    // Counted when the gateway failed, not read from the detail kept for the trace.
    expect(clientShouldRetry(failed(1, 'provider answered 500 (body scrubbed to text)'))).toBe(true);
    expect(clientShouldRetry(failed(2, [{}]))).toBe(false);
    // Not counted (built elsewhere): treated as retried, as a target list is.
    expect(clientShouldRetry(failed(undefined))).toBe(false);
  });

  it('tells a client not to retry a target list tried once that no retry mends (a 403 for embeddings from a chat model)', () => {
    expect(clientShouldRetry(failed(1, [{ status: 403 }], false))).toBe(false);
  });

  it('keeps the count, and Anthropic’s error details, when secrets are scrubbed from the error', () => {
    const once = failed(1, [{ error: 'key sk-live-abc123 rejected' }]);
    const scrubbed = scrubError(once, (text) => text.replace('sk-live-abc123', '[redacted]'));
    expect(scrubbed).not.toBe(once);
    expect(scrubbed.attemptsMade).toBe(1);
    expect(clientShouldRetry(scrubbed)).toBe(true);
    const refused = new SwitchyardError('upstream_error', 'sk-live-abc123 refused', { status: 400, errorDetails: { error_code: 'refusal' } });
    expect(scrubError(refused, (text) => text.replace('sk-live-abc123', '[redacted]')).errorDetails).toEqual({ error_code: 'refusal' });
  });

  it('tells a client not to retry an upstream 4xx the gateway judged not worth another try (a spent quota)', () => {
    expect(clientShouldRetry(new SwitchyardError('upstream_error', 'quota', { status: 429, retryable: false }))).toBe(false);
    expect(clientShouldRetry(new SwitchyardError('upstream_error', 'limited', { status: 429, retryable: true }))).toBe(true);
  });

  it('answers the usual SDK rule for everything else', () => {
    expect(clientShouldRetry(new SwitchyardError('budget_exceeded', 'spent'))).toBe(false);
    expect(clientShouldRetry(new SwitchyardError('rate_limited', 'slow down'))).toBe(true);
    expect(clientShouldRetry(new SwitchyardError('upstream_timeout', 'late'))).toBe(true);
    expect(clientShouldRetry(new SwitchyardError('invalid_request', 'bad'))).toBe(false);
    // A 409 the SDKs retry (an upstream's conflict, tried once), unlike the gateway's own conflicts.
    expect(clientShouldRetry(new SwitchyardError('all_targets_failed', 'conflict', { status: 409, attemptsMade: 1, retryable: true }))).toBe(true);
    expect(clientShouldRetry(new SwitchyardError('all_targets_failed', 'conflict', { status: 409, attemptsMade: 2 }))).toBe(false);
    expect(clientShouldRetry(new SwitchyardError('invalid_request', 'a key named "a" already exists', { status: 409 }))).toBe(false);
  });
});
