import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerLadder } from '../../src/cli/commands/ladder.js';
import { provideInProcessGateway } from '../../src/evals/client/in-process-gateway.js';
import type { LadderReport } from '../../src/evals/ladder/run-ladder.js';
import { indexDocuments } from '../../src/knowledge/index-documents.js';
import { walkPaths } from '../../src/knowledge/ingest/walk-paths.js';
import { openKnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';
import { serializeModel } from '../../src/local/model-file/serialize-model.js';
import { trainClassifier } from '../../src/local/train/train-classifier.js';
import { openGatewayCore } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator } from '../../src/simulate/types.js';
import { openStores } from '../../src/store/open-stores.js';
import { knowledgeFileFor } from '../../src/config/default-store.js';
import { openSqliteKnowledgeStore } from '../../src/store/sqlite/knowledge/sqlite-knowledge-store.js';

let dir: string;
let db: string;
let configPath: string;
let sim: Simulator;
const intents = banking77('test', EIGHT_LABELS, 5);

/** Questions the handbook answers, with the answers a grounded reply must contain. */
const HANDBOOK_QA = [
  { input: 'Within how many days of delivery are returns of unused items accepted?', expected: '30 days' },
  { input: 'How many business days do refunds take to go back to the original payment method?', expected: '5 business days' },
  { input: 'In which city is the warehouse that refunds wait for the parcel to reach?', expected: 'Leeds' },
  { input: 'When is store credit issued?', expected: 'the same day' },
  { input: 'Which items are not refundable, besides gift cards?', expected: 'custom-engraved compasses' },
  { input: 'What should you never put a waxed jacket in?', expected: 'washing machine' },
  { input: 'How should you sponge the jacket when cleaning it?', expected: 'cold water' },
  { input: 'How do you make the wax spread evenly when you warm the tin?', expected: 'bowl of hot water' },
];

beforeAll(async () => {
  provideInProcessGateway((config) => openGatewayCore(config));
  dir = mkdtempSync(join(tmpdir(), 'sy-ladder-'));
  db = join(dir, 'sy.db');
  sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
  // The teacher knows every intent question's label (a labelled stand-in for a large model).
  for (const e of intents) sim.addScript({ exact: e.text, model: 'standin-large', reply: e.label });
  configPath = join(dir, 'gateway.yaml');
  writeFileSync(configPath, `
providers:
  sim: { type: openai, base_url: ${sim.url}/v1, api_key: sk-up, simulated: true }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 0.15, output_per_mtok: 0.6 } }
  teacher: { provider: sim, model: standin-large, price: { input_per_mtok: 2.5, output_per_mtok: 10 } }
routes:
  handbook-qa: { policy: static, target: small, options: { knowledge: { base: handbook, k: 3 } } }
  plain-qa: { policy: static, target: small }
  intent:
    policy: static
    target: teacher
    options: { task: { type: classify, labels: [${EIGHT_LABELS.join(', ')}], min_coverage: 0.3, shadow_rate: 0 } }
store: { sqlite: ${db} }
`);
  writeFileSync(join(dir, 'handbook-qa.jsonl'), HANDBOOK_QA.map((q) => JSON.stringify(q)).join('\n'));
  writeFileSync(join(dir, 'intents.jsonl'), intents.map((e) => JSON.stringify({ input: e.text, expected: e.label })).join('\n'));
  const kbStore = openSqliteKnowledgeStore(knowledgeFileFor(db));
  await indexDocuments(await openKnowledgeBase({ store: kbStore, name: 'handbook', create: true }), walkPaths(['src/knowledge/__fixtures__/docs']));
  await kbStore.close();
  // A live local model for the intent route, trained on other Banking77 rows than the ones asked.
  const model = trainClassifier(banking77('train', EIGHT_LABELS, 120), { minPrecision: 0.9, seed: 1 });
  const stores = await openStores({ sqlite: db });
  const version = await stores.models.register({ route: 'intent', dataVersion: model.info.trainingDataHash, metrics: model.info.metrics, model: serializeModel(model), createdAt: Date.now() });
  const promotion = await stores.models.promote('intent', version.version, { minPrecision: 0.5, minCoverage: 0.1 }, Date.now());
  expect(promotion.promote).toBe(true);
  await stores.close();
}, 60_000);
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ladder(...argv: string[]): Promise<LadderReport> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
  try {
    const program = new Command('switchyard').exitOverride();
    registerLadder(program);
    await program.parseAsync(['node', 'switchyard', 'ladder', ...argv, '--config', configPath]);
  } finally {
    spy.mockRestore();
  }
  const text = written.join('');
  return argv.includes('--json') ? (JSON.parse(text) as LadderReport) : ({ text } as unknown as LadderReport);
}

describe('switchyard ladder', () => {
  it('RAG pays on questions only the knowledge base answers: the prompt rung cannot answer them', async () => {
    const report = await ladder('--route', 'handbook-qa', '--dataset', join(dir, 'handbook-qa.jsonl'), '--requests-per-month', '100000', '--json');
    expect(report.rungs.map((r) => r.name)).toEqual(['prompt', 'rag:handbook']);
    expect(report.missing.map((m) => m.name)).toEqual(['local']);
    const [prompt, rag] = report.rungs as [LadderReport['rungs'][0], LadderReport['rungs'][0]];
    expect(prompt.cases).toBe(HANDBOOK_QA.length);
    expect(prompt.quality.estimate).toBe(0);
    // 0 of 8: the rule of three's [0, 3/8] (as eval compare would say), not a bootstrap's zero-width [0, 0].
    expect(prompt.quality).toEqual({ estimate: 0, low: 0, high: 3 / 8, level: 0.95, ruleOfThree: true });
    expect(rag.quality.estimate).toBeGreaterThanOrEqual(0.75);
    // Retrieval puts sources in the prompt: more input tokens, so RAG costs more per request.
    expect(rag.costPer1kUsd).toBeGreaterThan(prompt.costPer1kUsd);
    expect(rag.monthlyCostUsd).toBeCloseTo(rag.costPer1kUsd * 100, 10);
    expect(rag.retrievalMs?.p50).toBeGreaterThan(0);
    expect(rag.groundedShare).toBeGreaterThan(0.5);
    expect(report).toMatchObject({ pays: 'rag:handbook', best: 'rag:handbook' });
    expect(report.verdicts.find((v) => v.name === 'prompt')?.nonInferior).toBe(false);
    expect(report.reason).toMatch(/^rag:handbook pays: the best quality/);
    // Stored as an eval run that says who answered each rung: the simulator, labelled as in any eval run.
    const stores = await openStores({ sqlite: db });
    try {
      const run = await stores.runs.get(report.runId);
      for (const rung of ['prompt', 'rag:handbook']) expect(run.variants[rung]?.targets).toEqual([{ provider: 'sim', model: 'standin-small', simulated: true }]);
    } finally {
      await stores.close();
    }
    // Its own calls went through the route, but they are not the route's traffic.
    const again = await ladder('--route', 'handbook-qa', '--dataset', join(dir, 'handbook-qa.jsonl'), '--limit', '2', '--json');
    expect(again.requestsPerMonth).toBeNull();
    expect(again.rungs[0]?.cases).toBe(2);
  });

  it('a route without a knowledge base can try one with --kb; the text report names the verdict and the eval run', async () => {
    const { text } = (await ladder('--route', 'plain-qa', '--dataset', join(dir, 'handbook-qa.jsonl'), '--kb', 'handbook')) as unknown as { text: string };
    expect(text).toMatch(/Ladder for route "plain-qa" on handbook-qa@1: 8 cases/);
    expect(text).toMatch(/^│ rag:handbook [^\n]*│ retrieval[\s\S]*←[\s│]*pays/m);
    expect(text).toContain('unknown traffic (pass --requests-per-month N)');
    expect(text).toMatch(/^│ prompt +│ 0\.0 \(0\.0–37\.5\) /m);
    expect(text).toContain("quality of prompt: every case scored 0.0%, so the interval is the rule of three's ±3/n over 8 cases, not a bootstrap");
    expect(text).toMatch(/verdict: rag:handbook pays/);
    expect(text).toMatch(/eval run run_\w+/);
  });

  it('the local rung answers the confident share at no token cost; the verdict is the cheapest non-inferior rung', async () => {
    const report = await ladder('--route', 'intent', '--dataset', join(dir, 'intents.jsonl'), '--scorer', 'exact', '--tolerance', '0.1', '--json');
    expect(report.rungs.map((r) => r.name)).toEqual(['prompt', 'local']);
    const prompt = report.rungs[0] as LadderReport['rungs'][0];
    const local = report.rungs[1] as LadderReport['rungs'][0];
    expect(prompt.quality.estimate).toBe(1);
    expect(local.localShare).toBeGreaterThan(0.3);
    // Case by case: a local answer costs nothing; an escalated one costs what the prompt rung paid
    // for the same case (same teacher, same input). The escalated share is not an average sample
    // (the least confident texts are the longer ones), so only the per-case sum is exact.
    const stores = await openStores({ sqlite: db });
    try {
      const promptCost = new Map<string, number>();
      for await (const r of stores.runs.results(report.runId, 'prompt')) promptCost.set(r.caseId, r.costUsd);
      let localCases = 0;
      let expectedUsd = 0;
      let n = 0;
      for await (const r of stores.runs.results(report.runId, 'local')) {
        n++;
        if (r.costUsd === 0) localCases++;
        else {
          expect(r.costUsd).toBeCloseTo(promptCost.get(r.caseId) as number, 12);
          expectedUsd += r.costUsd;
        }
      }
      expect(n).toBe(intents.length);
      expect(localCases / n).toBeCloseTo(local.localShare as number, 12);
      expect(local.costPer1kUsd).toBeCloseTo((expectedUsd / n) * 1000, 12);
      expect(local.costPer1kUsd).toBeLessThan(prompt.costPer1kUsd);
    } finally {
      await stores.close();
    }
    const eligible = report.rungs.filter((r) => report.verdicts.find((v) => v.name === r.name)?.nonInferior);
    const cheapest = eligible.reduce((a, b) => (b.costPer1kUsd < a.costPer1kUsd ? b : a));
    expect(report.pays).toBe(cheapest.name);
  });

  it('reads a --dataset file whose input and expected are in other columns (a Hugging Face set\'s text, label) with --input-column / --expected-column', async () => {
    const csv = join(dir, 'hub-intents.csv');
    writeFileSync(csv, `text,label\n${intents.map((e) => `"${e.text.replace(/"/g, '""')}",${e.label}`).join('\n')}\n`);
    await expect(ladder('--route', 'intent', '--dataset', csv, '--limit', '2', '--json')).rejects.toThrow(`${csv}:1: the CSV header needs an "input" column (found: text, label); name the file's own columns with --input-column NAME and --expected-column NAME`);
    const report = await ladder('--route', 'intent', '--dataset', csv, '--input-column', 'text', '--expected-column', 'label', '--scorer', 'exact', '--limit', '2', '--json');
    expect(report.rungs[0]).toMatchObject({ name: 'prompt', cases: 2 });
    // The teacher answers each question with its label: scored exact against the `label` column.
    expect(report.rungs[0]?.quality.estimate).toBe(1);
    await expect(ladder('--route', 'intent', '--dataset', 'hub-intents', '--input-column', 'text')).rejects.toThrow('--input-column and --expected-column name a --dataset file\'s columns; "hub-intents" is a stored dataset');
  });

  it('refuses what it cannot do, naming the problem', async () => {
    await expect(ladder('--route', 'nope', '--dataset', 'x.jsonl')).rejects.toThrow(/route "nope" is not in .*gateway\.yaml \(routes: handbook-qa, plain-qa, intent\)/);
    await expect(ladder('--route', 'intent', '--dataset', 'x.jsonl', '--scorer', 'fuzzy')).rejects.toThrow(/--scorer must be "contains" or "exact", got "fuzzy"/);
    // A --kb typo is refused before any call (it ran a rung without context, scored 0%).
    await expect(ladder('--route', 'plain-qa', '--dataset', join(dir, 'handbook-qa.jsonl'), '--kb', 'handbok')).rejects.toThrow('--kb: no knowledge base "handbok" (known: handbook); create one with switchyard kb add NAME PATH…');
  });
});
