import { describe, expect, it } from 'vitest';
import { importRefusing } from '../test-support/import-refusing.js';

const ZOD = '/node_modules/zod/';

describe("the trace-write thread's modules", () => {
  // Each module a thread imports is source text, bytecode and module-level objects in that
  // thread's own heap: zod's 95 modules cost the thread ~3.5 MB of old space for schemas it never
  // parsed (docs/measurements.md, "The gateway's memory under load: zod out of the trace thread ...").
  it('do not load zod, on either store', async () => {
    expect(await importRefusing(['store/trace-write-worker.js', 'store/sqlite/open-sqlite-write-stores.js', 'store/postgres/open-postgres-write-stores.js'], [ZOD])).toBe('ok');
  });

  it('would be caught loading it (the refusal guardrail with its config schema does)', async () => {
    expect(await importRefusing(['guardrails/policy/refusal.js'], [ZOD])).toMatch(/^\/node_modules\/zod\/ imported by file:.*\/dist\/guardrails\/policy\/refusal\.js$/);
  });
});
