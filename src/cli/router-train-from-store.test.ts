import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { routesSchema } from '../config/route-schema.js';
import { makeTrace } from '../monitor/test-traces.js';
import { loadRouter } from '../routing/learned/router-file.js';
import { decideLearned } from '../routing/policies/learned.js';
import { requestFeatures } from '../routing/policies/request-features.js';
import { sampleResult, sampleRun } from '../store/contract/eval-samples.js';
import { routerPrompts, storePerBackend } from './__fixtures__/store-per-backend.js';
import { trainFromStore } from './router-train-from-store.js';

const { dir, backends, withStores } = storePerBackend('sy-router-reviews-');
const { easy, hard } = routerPrompts;

/** A call through the learned route `support` as the gateway traces it: the route's step and the model that answered. */
const routedTrace = (id: string, prompt: string, model: string) =>
  makeTrace({
    id,
    requestedModel: 'support',
    upstreamModel: model,
    decisions: { route: { steps: [{ route: 'support', policy: 'learned', target: model, reason: 'router score' }], model } },
    request: { model: 'support', messages: [{ role: 'user', content: prompt }] },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: 'an answer' }, finish_reason: 'stop' }] },
  });

/** Traces the reviewers judged: `score` per trace, through the review queue's port. */
async function reviewTraces(db: string, traces: { id: string; prompt: string; model: string; score: number; corrected?: string }[]): Promise<void> {
  await withStores(db, async (stores) => {
    await stores.traces.insertTraces(traces.map((t) => routedTrace(t.id, t.prompt, t.model)));
    const items = await stores.reviews.enqueue(traces.map((t) => ({ traceId: t.id, source: 'sample' as const, reason: 'sampled by rule support 10%' })));
    for (const [i, t] of traces.entries()) await stores.reviews.addReview(items[i]?.id as string, 'ana', { score: t.score, pass: null, corrected: t.corrected ?? null, comment: null });
  });
}

const flags = (db: string, out: string) => ({ db, out, fromReviews: true, weak: 'mini', strong: 'large', minScore: '4', promptField: 'prompt', weakField: 'weakScore', strongField: 'strongScore', minQuality: '0.95', confidence: '0.9', validation: '0.25', seed: '1' });

describe('switchyard router train --from-reviews', () => {
  for (const [backend, newDb] of backends) {
    describe(backend, () => {
      it('trains a router a learned route loads: accepted cheap answers score high, rejected ones low', async () => {
        const db = newDb();
        await reviewTraces(db, [
          ...Array.from({ length: 20 }, (_, i) => ({ id: `tr_easy_${i}`, prompt: easy(i), model: 'mini', score: 5 })),
          ...Array.from({ length: 20 }, (_, i) => ({ id: `tr_hard_${i}`, prompt: hard(i), model: 'mini', score: i % 2 === 0 ? 2 : 5, corrected: i % 2 === 0 ? undefined : 'a real proof' })),
          // Strong answers alone say nothing about the cheap one; other models' answers neither.
          ...Array.from({ length: 3 }, (_, i) => ({ id: `tr_strong_${i}`, prompt: `strong only ${i}`, model: 'large', score: 5 })),
          { id: 'tr_other', prompt: 'hello', model: 'gpt-4o', score: 5 },
        ]);
        const out = join(dir, `${backend}.router.json`);
        const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
        try {
          await trainFromStore(flags(db, out));
          expect(String(said.mock.calls[0]?.[0])).toBe(
            'training a router on 40 outcome records of reviews (40 records; cheap mini: 20 accepted, 20 rejected; strong large: 3 reviewed (0 paired with a cheap answer); other models: gpt-4o 1; 0 pending; 0 without a stored answer) (25% of the prompts held out to choose thresholds)…',
          );
        } finally {
          said.mockRestore();
          log.mockRestore();
        }
        const router = loadRouter(out);
        expect(router.training.records + router.validation.records).toBe(40);
        // The route as a config names it, with a threshold between "good enough" (0.5) and "needs the strong one" (0).
        const route = routesSchema.parse({ support: { policy: 'learned', router: out, cheap: 'mini', strong: 'large', threshold: 0.25 } }).support;
        if (route?.policy !== 'learned') throw new Error('expected a learned route');
        const ask = (text: string) => decideLearned(route, router, requestFeatures({ model: 'support', messages: [{ role: 'user', content: text }] })).target;
        expect(ask(easy(99))).toBe('mini');
        expect(ask(hard(99))).toBe('large');
      }, 60_000);

      it('refuses too few usable reviews, saying how many, how many are needed and which targets they came from', async () => {
        const db = newDb();
        await reviewTraces(db, [
          ...Array.from({ length: 4 }, (_, i) => ({ id: `tr_easy_${i}`, prompt: easy(i), model: 'mini', score: 5 })),
          { id: 'tr_hard', prompt: hard(1), model: 'mini', score: 1 },
          { id: 'tr_strong', prompt: hard(1), model: 'large', score: 5 },
          { id: 'tr_other', prompt: 'hello', model: 'gpt-4o', score: 5 },
        ]);
        await expect(trainFromStore(flags(db, join(dir, 'few.router.json')))).rejects.toThrow(
          '--from-reviews: 5 usable outcome records, a router needs at least 20: reviews (5 records; cheap mini: 4 accepted, 1 rejected; strong large: 1 reviewed (1 paired with a cheap answer); other models: gpt-4o 1; 0 pending; 0 without a stored answer); review 15 more answers of the cheap target (its traces are queued by a sampling rule on the route), or add --from-run',
        );
      });
    });
  }

  it('refuses a --weak or --strong past a name\'s 256 characters, saying how long and showing its start, before opening the store', async () => {
    const long = `a\u001b[2J${'x'.repeat(100_000)}`;
    const refused = trainFromStore({ ...flags(join(dir, 'never-opened.db'), join(dir, 'long.router.json')), strong: long });
    await expect(refused).rejects.toThrow(`--strong must be a model, route or variant name of at most 256 characters, got 100005 characters ("a\\u001b[2J${'x'.repeat(35)}…")`);
    await expect(trainFromStore({ ...flags(join(dir, 'never-opened.db'), join(dir, 'same.router.json')), weak: long.slice(0, 200), strong: long.slice(0, 200) })).rejects.toThrow(/^--weak and --strong are both "a\\u001b\[2Jx{95}…"/);
  });

  it('refuses a --judge-scorer past 256 characters or blank, before opening the store: it was echoed whole in the summary', async () => {
    const base = { ...flags(join(dir, 'never-opened.db'), join(dir, 'scorer.router.json')), fromReviews: false, fromJudged: true };
    await expect(trainFromStore({ ...base, judgeScorer: `j\u202e${'j'.repeat(100_000)}` })).rejects.toThrow(`--judge-scorer must be a scorer name of at most 256 characters, got 100002 characters ("j\\u202e${'j'.repeat(38)}…")`);
    await expect(trainFromStore({ ...base, judgeScorer: ' ' })).rejects.toThrow('--judge-scorer is blank: name an online evaluation scorer');
  });

  it('adds the reviews to an eval run\'s records, matching the run\'s variants to the models the traces name', async () => {
    const db = backends[0]?.[1]() as string;
    await withStores(db, async (stores) => {
      const version = await stores.datasets.commit('support', Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, input: i % 2 ? easy(i) : hard(i) })));
      const variant = (model: string) => ({ model, messages: [{ role: 'user', content: '{{input}}' }], params: {}, targets: [] });
      await stores.runs.create(sampleRun({ id: 'run_1', dataset: 'support', datasetVersion: version.version, variants: { cheap: variant('mini'), strong: variant('large') } }));
      for (let i = 0; i < 10; i++) {
        await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: `c${i}`, variant: 'cheap', quality: i % 2 }));
        await stores.runs.putResult(sampleResult({ runId: 'run_1', caseId: `c${i}`, variant: 'strong', quality: 1 }));
      }
    });
    await reviewTraces(db, Array.from({ length: 12 }, (_, i) => ({ id: `tr_${i}`, prompt: i % 2 ? easy(50 + i) : hard(50 + i), model: 'mini', score: i % 2 ? 5 : 1 })));
    const out = join(dir, 'both.router.json');
    // The run alone is 10 records, too few: the reviews of the `cheap` variant's model make up the rest.
    await expect(trainFromStore({ ...flags(db, out), fromReviews: false, fromRun: 'run_1', weak: 'cheap', strong: 'strong' })).rejects.toThrow('--from-run: 10 usable outcome records, a router needs at least 20: run run_1 (cheap vs strong: 10 records)');
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await trainFromStore({ ...flags(db, out), fromRun: 'run_1', weak: 'cheap', strong: 'strong' });
      expect(String(said.mock.calls[0]?.[0])).toMatch(/^training a router on 22 outcome records of run run_1 \(cheap vs strong: 10 records\) and reviews \(12 records; cheap mini: 6 accepted, 6 rejected; /);
    } finally {
      said.mockRestore();
      log.mockRestore();
    }
    expect(loadRouter(out).training.records + loadRouter(out).validation.records).toBe(22);
  }, 60_000);

  it('takes --from-reviews on the command line, and refuses it without --weak and --strong', async () => {
    const run = (args: string[]) => promisify(execFile)(process.execPath, ['bin/switchyard.js', 'router', 'train', ...args]).then(
      () => '',
      (error: { stderr: string }) => error.stderr,
    );
    const db = backends[0]?.[1]() as string;
    await reviewTraces(db, [{ id: 'tr_1', prompt: easy(1), model: 'mini', score: 5 }]);
    const out = join(dir, 'cli.router.json');
    expect(await run(['--from-reviews', '--db', db, '--out', out])).toContain('--from-reviews needs --weak NAME and --strong NAME: the cheap and strong targets, model or route names, as the learned route names them');
    expect(await run(['--from-reviews', '--weak', 'mini', '--strong', 'large', '--db', db, '--out', out])).toContain('--from-reviews: 1 usable outcome record, a router needs at least 20: reviews (1 record; cheap mini: 1 accepted, 0 rejected;');
    expect(await run(['--from-reviews', '--data', 'x.jsonl', '--weak', 'mini', '--strong', 'large', '--out', out])).toContain('--data goes alone');
  }, 30_000);
});
