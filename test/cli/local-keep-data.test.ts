import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTaskSchema } from '../../src/config/task-schema.js';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { trainVersion } from '../../src/local/serving/train-version.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { toTrainedModel } from '../../src/local/train/trained-model.js';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.js';

// A route whose first version came from a labelled file, retrained later from traffic (the CLI runs dist/: build first).
const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-local-keep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sy = (args: string[]) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};
const csvCell = (s: string) => `"${s.replaceAll('"', '""')}"`;
writeFileSync(join(dir, 'train.csv'), `query,intent\n${banking77('train', EIGHT_LABELS, 80).map((r) => `${csvCell(r.text)},${r.label}`).join('\n')}\n`);
const trainArgs = (route: string, ...more: string[]) => ['local', 'train', '--data', 'train.csv', '--text-column', 'query', '--label-column', 'intent', '--route', route, '--db', 'sy.db', '--out', `models/${route}.sylm`, ...more];

describe('local train --data FILE --route R, then the route retrains from its traffic', () => {
  it("keeps the file's examples for the route, so a retraining learns from them beside traffic; once, however often it runs", async () => {
    const first = sy(trainArgs('support-intent', '--promote'));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("kept 640 examples of train.csv for support-intent's retraining: its next versions learn from them beside its traffic (--no-keep-data leaves them out)");
    // A scheduled `local train` on the same file adds nothing the second time.
    expect(sy(trainArgs('support-intent', '--seed', '9')).stdout).toContain("kept 0 examples of train.csv for support-intent's retraining (640 it had already)");
    expect(sy(trainArgs('billing', '--no-keep-data')).stdout).not.toContain("for billing's retraining");

    const stores = openSqliteStores(join(dir, 'sy.db'));
    try {
      expect(await stores.examples.count('support-intent')).toBe(640);
      expect(await stores.examples.count('billing')).toBe(0);
      // Traffic arrives: the teacher labels 40 requests the model escalated.
      const traffic = banking77('test', EIGHT_LABELS, 5).map((e, i) => ({ route: 'support-intent', text: e.text, label: e.label, source: 'teacher' as const, traceId: `tr_${i}`, at: Date.now() }));
      await stores.examples.add(traffic);
      const task = classifyTaskSchema.parse({ type: 'classify', labels: [...EIGHT_LABELS], min_examples: 100, min_coverage: 0.3 });
      const trained = await trainVersion('support-intent', task, {
        registry: stores.models,
        examples: stores.examples,
        clock: { now: () => Date.now(), sleep: async () => undefined },
        train: async (examples, options) => toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 })),
      });
      expect(trained).toMatchObject({ registered: true, data: { file: 640, teacher: 40, review: 0 } });
      // Before, the retraining saw the 40 traffic examples alone and forgot the 640 of the file.
      // The registry keeps what each version learnt from, by source, and `switchyard models` shows it.
      const models = JSON.parse(sy(['models', '--route', 'support-intent', '--db', 'sy.db', '--json']).stdout) as { version: number; metrics: { trainedOn?: unknown } }[];
      // Versions 1 and 2 from the file (`local train`, two seeds), 3 retrained beside the traffic.
      expect(models.map((v) => [v.version, v.metrics.trainedOn])).toEqual([
        [3, { file: 640, teacher: 40, review: 0 }],
        [2, { file: 640, teacher: 0, review: 0 }],
        [1, { file: 640, teacher: 0, review: 0 }],
      ]);
      expect(sy(['models', '--route', 'support-intent', '--db', 'sy.db']).stdout).toContain('640 file · 40 traced · 0 reviewed');
      // A busy route: its traffic outnumbers what a retraining reads (max_examples), yet the file's
      // examples stay in it and the newest traffic fills the rest. Before, the newest 700 were
      // 240 of traffic and 460 of the file: the file's oldest rows dropped out first.
      const busy = banking77('test', EIGHT_LABELS, 30).map((e, i) => ({ route: 'support-intent', text: e.text, label: e.label, source: 'teacher' as const, traceId: `tr_busy_${i}`, at: Date.now() }));
      await stores.examples.add(busy);
      const capped = await trainVersion('support-intent', { ...task, max_examples: 700 }, {
        registry: stores.models,
        examples: stores.examples,
        clock: { now: () => Date.now(), sleep: async () => undefined },
        train: async (examples, options) => toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 })),
      });
      expect(capped).toMatchObject({ registered: true, data: { file: 640, teacher: 60, review: 0 } });
      const billing = await trainVersion('billing', task, { registry: stores.models, examples: stores.examples, clock: { now: () => Date.now(), sleep: async () => undefined }, train: async () => { throw new Error('not reached'); } });
      expect(billing).toMatchObject({ registered: false, why: expect.stringMatching(/^0 usable examples/) });
    } finally {
      await stores.close();
    }
  }, 120_000);
});
