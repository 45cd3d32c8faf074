import { describe, expect, it } from 'vitest';
import { configError } from '../test-support/config-error.js';
import { parseConfig } from './load-config.js';


describe('the store section', () => {
  it('defaults to the SQLite file and takes either backend', () => {
    expect(parseConfig('providers: {}', 'test.yaml', {}).store).toEqual({ sqlite: '.switchyard/switchyard.db' });
    expect(parseConfig('store: { sqlite: /var/lib/sy.db }', 'test.yaml', {}).store).toEqual({ sqlite: '/var/lib/sy.db' });
    expect(parseConfig('store: { postgres: "postgres://sy:pw@db:5432/switchyard?schema=gw" }', 'test.yaml', {}).store).toEqual({ postgres: 'postgres://sy:pw@db:5432/switchyard?schema=gw' });
    expect(parseConfig('store: { postgres: "${DATABASE_URL}" }', 'test.yaml', { DATABASE_URL: 'postgresql://localhost/sy' }).store).toEqual({ postgres: 'postgresql://localhost/sy' });
  });

  it('wants exactly one backend and a PostgreSQL URL, and says so', () => {
    expect(configError('store: { sqlite: a.db, postgres: "postgres://db/sy" }')).toContain('store: name exactly one backend, { sqlite: FILE } or { postgres: URL }, not both');
    expect(configError('store: {}')).toContain('store: name exactly one backend, { sqlite: FILE } or { postgres: URL }');
    expect(configError('store: { postgres: "mysql://db/sy" }')).toContain('store.postgres: expected a URL like postgres://user@127.0.0.1:5432/switchyard (got "mysql://db/sy")');
    expect(configError('store: { sqlite: "" }')).toContain('store.sqlite:');
    expect(configError('store: { redis: "redis://x" }')).toContain('store: unknown field "redis"');
  });
});
