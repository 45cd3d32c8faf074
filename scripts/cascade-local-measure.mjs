// A classify route as a cascade's first step, measured against the simulator: held-out banking77
// questions sent to `triage` (cascade [support-intent, gpt-5.4], the 77 labels as its check) and
// to `support-intent` by name, with the official OpenAI and Anthropic SDKs. Counts per way: the
// share answered locally, the share of those right (against the data set's label), the share
// escalated, and what answered the rest. The simulator is scripted as the teacher: it gives each
// question its true label. Ways alternate question by question, so the load hits each alike.
//
// usage: node scripts/cascade-local-measure.mjs GATEWAY_URL SIM_URL [questions=400]
// (a gateway serving the routes above, support-intent trained and promoted:
//  switchyard local train --data data/banking77/train.csv --label-column category --route support-intent --promote --config …)
import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseExamples } from '../dist/local/data/read-examples.js';

const [gateway, sim, count = '400'] = process.argv.slice(2);
if (!sim) throw new Error('usage: node scripts/cascade-local-measure.mjs GATEWAY_URL SIM_URL [questions]');
const all = parseExamples(readFileSync(new URL('../data/banking77/test.csv', import.meta.url), 'utf8'), { source: 'test.csv', labelColumn: 'category' });
// Spread over the file (it is sorted by label): every k-th question.
const step = Math.floor(all.length / Number(count));
const questions = all.filter((_, i) => i % step === 0).slice(0, Number(count));
await fetch(`${sim}/_sim/scripts`, { method: 'POST', body: JSON.stringify(questions.map((e) => ({ exact: e.text, reply: e.label }))) });

const openai = new OpenAI({ apiKey: 'any', baseURL: `${gateway}/v1`, maxRetries: 0 });
const claude = new Anthropic({ apiKey: 'any', baseURL: gateway, maxRetries: 0 });
const WAYS = {
  'support-intent by name (OpenAI)': async (text) => answer(await openai.chat.completions.create({ model: 'support-intent', messages: [{ role: 'user', content: text }] }).withResponse()),
  'triage (OpenAI)': async (text) => answer(await openai.chat.completions.create({ model: 'triage', messages: [{ role: 'user', content: text }] }).withResponse()),
  'triage, streamed (OpenAI)': async (text) => {
    const { data, response } = await openai.chat.completions.create({ model: 'triage', stream: true, messages: [{ role: 'user', content: text }] }).withResponse();
    let content = '';
    let model = '';
    for await (const chunk of data) {
      model = chunk.model;
      content += chunk.choices[0]?.delta.content ?? '';
    }
    // Its cost is in the stream's closing comment (a local answer's header alone has one): left out.
    return { model, content, route: response.headers.get('x-switchyard-route') ?? '', cost: Number.NaN };
  },
  'triage (Anthropic)': async (text) => {
    const { data, response } = await claude.messages.create({ model: 'triage', max_tokens: 20, messages: [{ role: 'user', content: text }] }).withResponse();
    return { model: data.model, content: data.content[0]?.type === 'text' ? data.content[0].text : '', route: response.headers.get('x-switchyard-route') ?? '', cost: Number(response.headers.get('x-switchyard-cost-usd')) };
  },
};
function answer({ data, response }) {
  return { model: data.model, content: data.choices[0]?.message.content ?? '', route: response.headers.get('x-switchyard-route') ?? '', cost: Number(response.headers.get('x-switchyard-cost-usd')) };
}

const tally = Object.fromEntries(Object.keys(WAYS).map((w) => [w, { local: 0, right: 0, escalated: 0, escalatedRight: 0, costUsd: 0, models: {}, ms: [], priced: 0 }]));
for (const q of questions) {
  for (const [way, send] of Object.entries(WAYS)) {
    const t0 = performance.now();
    const got = await send(q.text);
    const t = tally[way];
    t.ms.push(performance.now() - t0);
    if (Number.isFinite(got.cost)) {
      t.costUsd += got.cost;
      t.priced++;
    }
    t.models[got.model] = (t.models[got.model] ?? 0) + 1;
    if (got.model.startsWith('local:')) {
      t.local++;
      if (got.content === q.label) t.right++;
    } else {
      t.escalated++;
      if (got.content === q.label) t.escalatedRight++;
    }
  }
}
const pct = (n, d) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);
const p50 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
console.log(`${questions.length} held-out banking77 questions each way (every ${step}th of test.csv)`);
console.log('| way | answered locally | right of those | escalated | right of those | cost USD | p50 ms | answered by |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [way, t] of Object.entries(tally)) {
  const by = Object.entries(t.models).map(([m, n]) => `${m} ${n}`).join(', ');
  console.log(`| ${way} | ${pct(t.local, questions.length)} (${t.local}) | ${pct(t.right, t.local)} | ${pct(t.escalated, questions.length)} (${t.escalated}) | ${pct(t.escalatedRight, t.escalated)} | ${t.priced === 0 ? '–' : t.costUsd.toFixed(6)} | ${p50(t.ms).toFixed(1)} | ${by} |`);
}
