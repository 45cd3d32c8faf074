import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tracesSchema } from '../config/schema.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { openStores } from './open-stores.js';
import { openTraceWriter } from './open-trace-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'sy-open-trace-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the gateway trace writer of a named replica', () => {
  it('journals each trace with its replica (durability: sync), so one restored after a crash keeps it, and stores it', async () => {
    const store = { sqlite: join(dir, 'sy.db') };
    const journalDir = join(dir, 'journal');
    const stores = await openStores(store);
    const opened = await openTraceWriter(stores, tracesSchema.parse({ durability: 'sync', journal_dir: journalDir }), store, () => undefined, undefined, 'eu-1');
    try {
      await opened.sink.write(sampleTrace({ id: 'tr_journaled', ts: 1 }));
      const journaled = readdirSync(journalDir).filter((n) => n.endsWith('.jsonl')).map((n) => readFileSync(join(journalDir, n), 'utf8')).join('');
      expect((JSON.parse(journaled.trim().split('\n')[0] as string) as { replica?: string }).replica).toBe('eu-1');
      await opened.writer.flush();
      expect((await stores.traces.getTrace('tr_journaled'))?.replica).toBe('eu-1');
    } finally {
      await opened.close();
      await stores.close();
    }
  });
});
