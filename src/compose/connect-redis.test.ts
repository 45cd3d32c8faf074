import { describe, expect, it } from 'vitest';
import { redisConnectProblem } from './connect-redis.js';

const refused = (message: string) => Object.assign(new Error(message), { code: 'ECONNREFUSED' });

describe('redisConnectProblem', () => {
  it('asks whether Redis listens on the host and port of a refused URL', () => {
    expect(redisConnectProblem(refused('connect ECONNREFUSED 127.0.0.1:6390'), 'redis://:secret@127.0.0.1:6390/2')).toBe('connect ECONNREFUSED 127.0.0.1:6390: is Redis running and listening on 127.0.0.1:6390?');
  });

  it("names Redis's default port when the URL has none", () => {
    expect(redisConnectProblem(refused('connect ECONNREFUSED ::1:6379'), 'redis://cache.internal')).toBe('connect ECONNREFUSED ::1:6379: is Redis running and listening on cache.internal:6379?');
  });

  it('names no address for a URL it cannot parse', () => {
    expect(redisConnectProblem(refused('connect ECONNREFUSED'), 'not a url')).toBe('connect ECONNREFUSED: is Redis running and listening on that address?');
  });

  it('gives any other error as it is (no such host, a timeout)', () => {
    const noHost = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    expect(redisConnectProblem(noHost, 'redis://nowhere.invalid:6379')).toBe('getaddrinfo ENOTFOUND nowhere.invalid');
  });
});
