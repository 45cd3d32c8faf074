// In-process A/B of two builds' guard stages (each a checkout with a built dist/): both loaded in one
// process, a guarded call (guard-in → guard-out → a stand-in provider answering at once) run on the
// same ~1.9 KB bench prompts (bench/guard-prompts.mjs, a new one every call), the builds' order
// swapped every round, CPU per call from process.cpuUsage. Two policies: `bench`, the
// guard-gateway bench's (PII redaction, injection blocking, banned words and PII in the answer),
// and `words`, the same with input banned words and three denied topics, whose checks read the
// user turn normalised as the injection detector does. Prints per policy the minimum and median
// over the rounds of each build's mean per call, B/A, and in how many rounds B was below A.
//   node bench/guard-input-checks-ab.mjs BUILD_A BUILD_B [rounds=10]
// Env: POLICIES (bench,words), N (calls per round and build, 200), COLD=1 (16 MB walked between
// calls, as other work evicts the tables between gateway requests), BENCH_OUT (a JSON file).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { abRows } from './ab-rounds.mjs';
import { REPLY_REDACTED, variedPrompts } from './guard-prompts.mjs';

const [rootA, rootB, roundsArg = '10'] = process.argv.slice(2);
if (!rootA || !rootB) throw new Error('usage: node bench/guard-input-checks-ab.mjs BUILD_A BUILD_B [rounds]');
const builds = [rootA, rootB].map((b) => resolve(b));
const rounds = Number(roundsArg);
const perRound = Number(process.env.N ?? 200);
const policies = (process.env.POLICIES ?? 'bench,words').split(',');
const cold = Boolean(process.env.COLD);

const OUTPUT = { banned_words: { words: ['internal codename'] }, pii: { action: 'flag' }, stream: 'after' };
const POLICY = {
  bench: { pii: { default_action: 'redact' }, injection: { action: 'block' }, output: OUTPUT },
  words: {
    pii: { default_action: 'redact' },
    injection: { action: 'block' },
    input: {
      banned_words: { words: ['internal codename', 'project falcon', 'wire the money', 'bypass the filter', 'jailbreak'], action: 'flag' },
      topics: {
        topics: [
          { name: 'gambling', keywords: ['bet', 'odds', 'casino', 'sports betting', 'bookmaker'] },
          { name: 'elections', keywords: ['ballot', 'vote', 'candidate', 'polling station'] },
          { name: 'medical advice', keywords: ['diagnosis', 'dosage', 'prescription', 'symptoms'] },
        ],
      },
    },
    output: OUTPUT,
  },
};

const walk = new Int32Array(4 << 20);
let sink = 0;
const evict = () => {
  for (let i = 0; i < walk.length; i += 16) sink += walk[i]++;
};

/** A guarded call through the build's real guard stages, one per policy. */
async function loadBuild(root) {
  const { openGuardSlot } = await import(join(root, 'dist/gateway/guard/guard-slot.js'));
  const { composeStages } = await import(join(root, 'dist/gateway/pipeline.js'));
  const { Call } = await import(join(root, 'dist/gateway/call.js'));
  const { JsonText } = await import(join(root, 'dist/core/json-text.js'));
  const { guardrailsSchema } = await import(join(root, 'dist/config/guardrails-schema.js'));
  const body = JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: REPLY_REDACTED }, finish_reason: 'stop', logprobs: null }] });
  const provider = async (call) => {
    call.response = new JsonText(body);
    return { kind: 'json', status: 200, body, headers: {} };
  };
  const runs = {};
  for (const name of policies) {
    const slot = await openGuardSlot(guardrailsSchema.parse({ policies: { p: POLICY[name] }, apply: { default: 'p' } }));
    const guarded = composeStages([...slot.guardIn, ...slot.guardOut, provider]);
    runs[name] = async (prompt) => {
      const request = { model: 'guarded', messages: [{ role: 'system', content: 'You are a support agent.' }, { role: 'user', content: prompt }] };
      const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(request), body: { ...request, stream: false }, signal: new AbortController().signal });
      call.model = 'guarded';
      call.stream = false;
      const outcome = await guarded(call);
      return outcome.kind;
    };
  }
  return runs;
}

const sets = [];
for (const root of builds) sets.push(await loadBuild(root));
// Warm both builds' code on prompts the rounds do not use.
for (const set of sets) for (const name of policies) for (const p of variedPrompts(300, 1)) await set[name](p.text);

const perCall = builds.map(() => Object.fromEntries(policies.map((p) => [p, []])));
for (let r = 0; r < rounds; r++) {
  const prompts = variedPrompts(perRound, 200 + r).map((p) => p.text);
  for (const name of policies) {
    for (const b of r % 2 === 0 ? [0, 1] : [1, 0]) {
      const run = sets[b][name];
      let cpu = 0;
      for (const text of prompts) {
        if (cold) evict();
        const before = process.cpuUsage();
        sink += (await run(text)) === 'json' ? 1 : 0;
        const used = process.cpuUsage(before);
        cpu += used.user + used.system;
      }
      perCall[b][name].push(cpu / prompts.length);
    }
  }
}

const out = { builds, rounds, perRound, cold, loadAverage: os.loadavg()[0], policies: abRows(perCall, policies, rounds) };
console.log(`load average ${out.loadAverage.toFixed(1)}${sink < 0 ? '' : ''}`);
if (process.env.BENCH_OUT) writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(out, null, 2)}\n`);
