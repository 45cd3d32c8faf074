// The routing token estimate (src/tokens/estimate-tokens.ts) against o200k on code, JSON and
// prose from this repository: how far the estimate can run high, which the gateway's
// context-window skip (src/gateway/context-window.ts, CLEARLY_OVER) must stay above.
// Run after `npm run build`: node scripts/estimate-vs-o200k.mjs
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { estimateTokens } = await import(join(root, 'dist/tokens/estimate-tokens.js'));
const { loadO200kCounter } = await import(join(root, 'dist/tokens/o200k-counter.js'));
const counter = loadO200kCounter();
const filesIn = (dir, keep) => readdirSync(join(root, dir)).filter(keep).map((f) => readFileSync(join(root, dir, f), 'utf8'));
const groups = {
  'src/gateway/*.ts': filesIn('src/gateway', (f) => f.endsWith('.ts')),
  'src/simulate/__fixtures__/*.json': filesIn('src/simulate/__fixtures__', (f) => f.endsWith('.json')),
  'docs/*.md (not measurements.md)': filesIn('docs', (f) => f.endsWith('.md') && f !== 'measurements.md'),
};
for (const [name, texts] of Object.entries(groups)) {
  let worst = 0;
  let estimated = 0;
  let counted = 0;
  for (const text of texts) {
    const e = estimateTokens(text);
    const o = counter.count(text);
    estimated += e;
    counted += o;
    worst = Math.max(worst, e / o);
  }
  console.log(`${name}: ${texts.length} files, estimate / o200k ${(estimated / counted).toFixed(3)} overall, ${worst.toFixed(3)} on the worst file`);
}
