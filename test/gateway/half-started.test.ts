import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { openGatewayCore } from '../../src/server.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../src/store/contract/backends.js';
import { dropSchemas } from '../../src/store/contract/drop-schemas.js';

// A gateway whose start fails late (here the route slot: a learned route's router file is
// missing, which the config's validation cannot know) must release everything it had opened:
// the store, the key poll, the limits, the trace writer's thread, the providers' pools. Before,
// only the steps up to the trace writer released anything, and an in-process eval or a test
// that met such a config kept running on what was left open.
const dir = mkdtempSync(join(tmpdir(), 'sy-half-started-'));
const schema = uniqueSchema();
afterAll(() => dropSchemas(TEST_POSTGRES_URL, [schema]));

function configWithMissingRouter(store: string) {
  return parseConfig(
    [
      'providers: { sim: { type: openai, base_url: "http://127.0.0.1:4201/v1", api_key: sk-up } }',
      'models: { small: { provider: sim, model: s }, big: { provider: sim, model: b } }',
      `routes: { smart: { policy: learned, router: ${join(dir, 'missing-router.json')}, cheap: small, strong: big } }`,
      `store: ${store}`,
    ].join('\n'),
  );
}

/** The kinds of handle the process holds (sockets, timers, threads, files), counted. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** The handles present after `run` that were not before it, once closes have had time to finish. */
async function leftOpenBy(run: () => Promise<unknown>): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = handles();
  await run();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const left: Record<string, number> = {};
  for (const [kind, count] of Object.entries(handles())) if (count > (before[kind] ?? 0)) left[kind] = count - (before[kind] ?? 0);
  return left;
}

describe('a gateway whose start fails after its stores and trace writer are open', () => {
  it('on SQLite, rejects naming the route and leaves nothing open', async () => {
    const config = configWithMissingRouter(`{ sqlite: ${join(dir, 'switchyard.db')} }`);
    const left = await leftOpenBy(() => expect(openGatewayCore(config)).rejects.toThrow(/^routes\.smart\.router: router file .*missing-router\.json: cannot read it/));
    expect(left).toEqual({});
  });

  it('on PostgreSQL, rejects and closes the pool (and the key poll) it had opened', async () => {
    const config = configWithMissingRouter(`{ postgres: "${TEST_POSTGRES_URL}?schema=${schema}" }`);
    const left = await leftOpenBy(() => expect(openGatewayCore(config)).rejects.toThrow(/^routes\.smart\.router: /));
    expect(left).toEqual({});
  });
});
