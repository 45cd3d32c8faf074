import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createE2E, mergeYaml } from './fixture.js';

/** Whether anything still answers at `url` (a closed server refuses the connection). */
const answers = (url: string) => fetch(url).then(() => true, () => false);

describe('the e2e fixture', () => {
  it('merges a file\'s extra config over the base, mapping by mapping', () => {
    const merged = mergeYaml('store: { sqlite: a.db }', 'traces: { flush_interval_ms: 5 }\nkeys: [ { key: k1 } ]', 'traces: { retention: { days: 30 } }\nkeys: [ { key: k2 } ]\nstore: { sqlite: b.db }');
    expect(merged).toBe('store:\n  sqlite: b.db\ntraces:\n  flush_interval_ms: 5\n  retention:\n    days: 30\nkeys:\n  - key: k2\n');
  });

  it('stops the simulator and the gateway and removes its directory when seeding fails', async () => {
    let urls: string[] = [];
    const { e2e, setUp, tearDown } = createE2E({
      seed({ sim, url }) {
        urls = [`${sim.url}/v1/models`, `${url}/health`];
        throw new Error('seeding failed');
      },
    });
    await expect(setUp()).rejects.toThrow('seeding failed');
    const dir = e2e.dir;
    expect(await Promise.all(urls.map(answers))).toEqual([true, true]);
    await tearDown();
    expect(await Promise.all(urls.map(answers))).toEqual([false, false]);
    expect(existsSync(dir)).toBe(false);
    expect(() => e2e.browser).toThrow('e2e fixture: browser is not ready');
  });

  it('closes what a timed-out setup starts after teardown has run', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inPrepare = new Promise<void>((resolve) => { entered = resolve; });
    const { e2e, setUp, tearDown } = createE2E({ prepare: () => new Promise<void>((resolve) => { release = resolve; entered(); }) });
    const setup = setUp();
    await inPrepare;
    const simUrl = `${e2e.sim.url}/v1/models`;
    const dir = e2e.dir;
    await tearDown();
    release();
    // The gateway starts after teardown: setup closes it and says why.
    await expect(setup).rejects.toThrow('e2e fixture: server started after teardown (setup timed out)');
    expect(await answers(simUrl)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(() => e2e.server).toThrow('e2e fixture: server is not ready');
  });
});
