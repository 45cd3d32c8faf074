import { describe, expect, it } from 'vitest';
import { MAX_CLOSE_REASON_BYTES, messageTooBigReason } from './socket-close-reasons.js';

describe('messageTooBigReason', () => {
  it('names the limit and fits a close frame at every limit the config allows (up to 512 MB)', () => {
    expect(messageTooBigReason(10 * 1024 * 1024)).toBe('message over the limit of 10 MB (server.body_limit_mb), as sent or once inflated: send a smaller response.create');
    for (const bytes of [1, 10_486, 1_153_434, 512 * 1024 * 1024, Number.MAX_SAFE_INTEGER]) expect(Buffer.byteLength(messageTooBigReason(bytes))).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
  });
});
