import { describe, expect, it } from 'vitest';
import { requestOrigin } from './request-origin.js';

const listening = 'http://127.0.0.1:4100';

describe('requestOrigin', () => {
  it("is the request's own Host when it is a plain host name or address and port", () => {
    expect(requestOrigin('127.0.0.1:5100', false, listening)).toBe('http://127.0.0.1:5100');
    expect(requestOrigin('localhost', false, listening)).toBe('http://localhost');
    expect(requestOrigin('[::1]:4000', false, listening)).toBe('http://[::1]:4000');
    expect(requestOrigin('llm.example.com', true, listening)).toBe('https://llm.example.com');
  });

  it('is the listening address without a Host, or for one that is long or holds anything but a host and port', () => {
    expect(requestOrigin(undefined, false, listening)).toBe(listening);
    for (const host of ['', 'a b', 'evil.example/path', 'x"><img>', 'host:port', 'host:123456', `${'a'.repeat(95)}.com:1`, 'user@host']) {
      expect(requestOrigin(host, false, listening), host).toBe(listening);
    }
    // Exactly at the bound still counts.
    expect(requestOrigin(`${'a'.repeat(50)}.${'b'.repeat(44)}:4000`, false, listening)).toBe(`http://${'a'.repeat(50)}.${'b'.repeat(44)}:4000`);
  });
});
