// Writes extension-3.jsonl: 72 harmless, number-heavy prompts of further kinds, written after all
// tuning and only ever measured by the benchmark (extension.jsonl and extension-2.jsonl were each
// measured once before their false positives informed rules, so they no longer count as unseen).
// Re-run: node data/harmless-numbers/generate-extension-3.mjs
import { writeFileSync } from 'node:fs';
import { seededText } from './seeded-text.mjs';

const { int, pick, digits, upper, hex } = seededText(4242001);

const templates = [
  () => `Our Postgres ${int(12, 17)} replica lags ${int(1, 900)} s behind; max_wal_size is ${int(1, 64)}GB. What should I tune?`,
  () => `Rewrite this changelog entry: "Fixed #${int(100, 9999)}, bumped deps to ${int(1, 9)}.${int(0, 30)}.${int(0, 9)}, dropped Node ${int(14, 18)}."`,
  () => `The thermostat logs ${int(15, 28)}.${int(0, 9)} °C at ${String(int(0, 23)).padStart(2, '0')}:00 and ${int(15, 28)}.${int(0, 9)} °C at ${String(int(0, 23)).padStart(2, '0')}:30; is the boiler cycling?`,
  () => `Explain the Big-O of an algorithm that runs ${int(2, 9)} nested loops over n = ${int(100, 100000)} items.`,
  () => `Convert the Roman numeral ${pick(['MCMXCIV', 'MMXXIV', 'XLII', 'DCCCLXXX', 'CDXLIV'])} and add ${int(1, 999)}.`,
  () => `My Garmin says VO2 max ${int(30, 70)}, resting HR ${int(40, 80)} bpm, HRV ${int(20, 120)} ms. How fit is that?`,
  () => `In Kafka, partition ${int(0, 63)} of topic events-v${int(1, 9)} is at offset ${int(100000, 99999999)}; consumer lag is ${int(0, 50000)}.`,
  () => `What is the difference between ASCII ${int(32, 126)} and Unicode U+${hex(4).toUpperCase()}?`,
  () => `A recipe for ${int(2, 12)} servings needs ${int(100, 900)} ml stock and ${int(1, 5)} tbsp oil; scale it to ${int(2, 12)}.`,
  () => `Summarise clause ${int(1, 30)}.${int(1, 12)}(${pick(['a', 'b', 'c', 'd'])}) of the NDA and its ${int(12, 60)}-month term.`,
  () => `Which is faster over ${int(1, 100)} km: ${int(10, 40)} km/h by bike or ${int(3, 7)} km/h walking with a ${int(1, 30)} min head start?`,
  () => `The S3 bucket logs-${hex(8)} holds ${int(1, 999)} TB across ${int(1000, 9999999)} objects; estimate the monthly cost.`,
  () => `Fix the Python error: IndexError at line ${int(1, 999)} when i = ${int(0, 99)} and len(arr) = ${int(0, 99)}.`,
  () => `Assay ${upper(2)}-${digits(5)} shows IC50 of ${int(1, 999)} nM at pH ${int(5, 8)}.${int(0, 9)}; is that potent?`,
  () => `My electricity plan charges ${int(10, 45)}.${int(0, 9)} ct/kWh plus ${int(5, 20)} EUR a month; I use ${int(1000, 6000)} kWh a year.`,
  () => `Draft a release note for build ${int(1000, 99999)} (${hex(7)}) with ${int(1, 40)} fixes and ${int(1, 12)} features.`,
  () => `How many ${pick(['A4', 'A3', 'Letter'])} sheets at ${int(60, 120)} gsm weigh ${int(1, 20)} kg?`,
  () => `The chessboard puzzle: queen on d${int(1, 8)}, king on g${int(1, 8)}, pawn on e${int(2, 7)}; mate in ${int(1, 3)}?`,
  () => `Split ${int(100, 99999)} rows into batches of ${int(10, 999)} and report the last batch size.`,
  () => `Our NPS went from ${int(-20, 40)} to ${int(10, 70)} after release ${int(1, 9)}.${int(0, 20)}; what drove it?`,
  () => `Timezone question: ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')} UTC+${int(1, 12)} is what in UTC-${int(1, 10)}?`,
  () => `Is a ${int(2, 12)}-core CPU at ${int(2, 5)}.${int(0, 9)} GHz enough for ${int(10, 500)} concurrent users on port ${int(1024, 65535)}?`,
  () => `Balance the equation: ${int(1, 4)} H2 + ${int(1, 3)} O2 -> ${int(1, 4)} H2O, then compute the moles in ${int(1, 99)} g of water.`,
  () => `Rank these latency samples in ms: ${Array.from({ length: int(6, 10) }, () => `${int(1, 999)}.${digits(1)}`).join(', ')}.`,
];

const lines = [];
for (let i = 0; i < templates.length * 3; i += 1) lines.push(JSON.stringify({ id: 3001 + i, text: templates[i % templates.length]() }));
writeFileSync(new URL('./extension-3.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} prompts`);
