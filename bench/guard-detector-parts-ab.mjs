// In-process A/B of the guard detectors' parts between two builds (each a checkout with a built
// dist/): both loaded in one process, each part run over the same ~1.9 KB bench prompts
// (bench/guard-prompts.mjs), the builds' order swapped every round, CPU per call from
// process.cpuUsage. Between calls 16 MB are walked, so the detectors' tables start cold as they do
// between gateway requests (HOT=1: no walk). Prints per part the minimum and the median over the
// rounds of each build's mean per call, B/A, and in how many rounds B was below A.
//   node bench/guard-detector-parts-ab.mjs BUILD_A BUILD_B [rounds=12]
// Env: PARTS (pii,patterns,tagger,injection,normalize; also answer: the PII scan of the bench's
// one-sentence answer, as the output check runs it), N (prompts per round, 200), HOT=1,
// FRESH=1 (new prompts every round: no phone number is seen twice, as in a gateway; otherwise
// the same prompts each round), BENCH_OUT (a JSON file, optional).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { abRows } from './ab-rounds.mjs';
import { REPLY_RAW, variedPrompts } from './guard-prompts.mjs';

const [rootA, rootB, roundsArg = '12'] = process.argv.slice(2);
if (!rootA || !rootB) throw new Error('usage: node bench/guard-detector-parts-ab.mjs BUILD_A BUILD_B [rounds]');
const builds = [rootA, rootB].map((b) => resolve(b));
const rounds = Number(roundsArg);
const perRound = Number(process.env.N ?? 200);
const cold = !process.env.HOT;
const parts = (process.env.PARTS ?? 'pii,patterns,tagger,injection,normalize').split(',');

const walk = new Int32Array(4 << 20);
let sink = 0;
const evict = () => {
  for (let i = 0; i < walk.length; i += 16) sink += walk[i]++;
};

const sets = [];
for (const root of builds) {
  const { createPiiDetector } = await import(join(root, 'dist/guardrails/pii/index.js'));
  const { detectPatterns } = await import(join(root, 'dist/guardrails/pii/patterns/index.js'));
  const { defaultNameTagger } = await import(join(root, 'dist/guardrails/pii/ner/name-tagger.js'));
  const { loadInjectionDetector, normalizeText } = await import(join(root, 'dist/guardrails/injection/index.js'));
  const pii = createPiiDetector();
  const tagger = defaultNameTagger();
  const injection = await loadInjectionDetector({ cacheEntries: 0 });
  sets.push({
    pii: (t) => pii.detect(t),
    patterns: (t) => detectPatterns(t),
    tagger: (t) => tagger.tag(t),
    injection: (t) => injection.explain(t, { source: 'user' }),
    normalize: (t) => normalizeText(t),
    answer: () => pii.detect(REPLY_RAW),
  });
}

const same = variedPrompts(perRound, 7).map((p) => p.text);
const perCall = builds.map(() => Object.fromEntries(parts.map((p) => [p, []])));
for (let r = 0; r < rounds; r++) {
  const prompts = process.env.FRESH ? variedPrompts(perRound, 100 + r).map((p) => p.text) : same;
  for (const part of parts) {
    for (const b of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const run = sets[b][part];
      let cpu = 0;
      for (const text of prompts) {
        if (cold) evict();
        const before = process.cpuUsage();
        sink += run(text) ? 1 : 0;
        const used = process.cpuUsage(before);
        cpu += used.user + used.system;
      }
      perCall[b][part].push(cpu / prompts.length);
    }
  }
}

const out = { builds, rounds, perRound, cold, fresh: Boolean(process.env.FRESH), loadAverage: os.loadavg()[0], parts: abRows(perCall, parts, rounds) };
console.log(`load average ${out.loadAverage.toFixed(1)}${sink < 0 ? '' : ''}`);
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(out, null, 2)}\n`);
