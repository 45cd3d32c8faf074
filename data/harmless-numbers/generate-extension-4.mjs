// Writes extension-4.jsonl: 120 harmless, number-heavy prompts of further kinds, written after the
// tuning of November 30 (software names, acronyms, the tagger's new rules) and only ever measured
// by the benchmark: extension-3.jsonl's false positives were read during that tuning, so this file
// is now the unseen one.
// Re-run: node data/harmless-numbers/generate-extension-4.mjs
import { writeFileSync } from 'node:fs';
import { seededText } from './seeded-text.mjs';

const { int, pick, digits, upper, hex, pad } = seededText(90210417);

const templates = [
  () => `Our Grafana panel shows p95 ${int(50, 900)} ms and ${int(1, 99)}.${digits(1)}% errors since ${pad(int(0, 23))}:${pad(int(0, 59))}; which query should I add?`,
  () => `Terraform plan: ${int(1, 40)} to add, ${int(0, 20)} to change, ${int(0, 9)} to destroy. Is it safe to apply in workspace prod-${int(1, 9)}?`,
  () => `Jenkins build #${int(100, 9999)} failed at stage ${int(1, 12)} after ${int(1, 59)}m ${int(1, 59)}s; the log ends with exit code ${int(1, 255)}.`,
  () => `Set the Redis maxmemory to ${int(1, 64)}gb and eviction to allkeys-lru for ${int(1, 50)} million keys averaging ${int(50, 900)} bytes.`,
  () => `In Excel, =VLOOKUP(A${int(2, 999)}, Sheet${int(2, 9)}!B:F, ${int(2, 5)}, FALSE) returns #N/A. Why?`,
  () => `Compare the Pixel ${int(6, 9)} Pro and the Galaxy S${int(21, 25)} battery: ${int(4000, 5500)} mAh vs ${int(3900, 5000)} mAh.`,
  () => `Cite RFC ${int(1000, 9999)} section ${int(1, 12)}.${int(1, 9)} in IEEE style with access date ${int(2019, 2025)}-${pad(int(1, 12))}-${pad(int(1, 28))}.`,
  () => `The Nginx upstream returns 502 for ${int(1, 30)}% of requests; worker_connections is ${int(512, 8192)} and keepalive ${int(10, 120)}.`,
  () => `Convert ${int(1, 999)} GiB to GB and ${int(1, 99)} Mbit/s to MB/s, rounded to ${int(1, 3)} decimals.`,
  () => `Kubernetes pod api-${hex(5)}-${hex(5)} restarted ${int(2, 40)} times; memory limit ${int(128, 4096)}Mi, usage peaks at ${int(100, 4000)}Mi.`,
  () => `Price check: SKU ${upper(3)}-${digits(6)} was $${int(10, 500)}.${pad(int(0, 99))} and is now ${int(5, 60)}% off. Final price?`,
  () => `Our Django migration 0${digits(3)}_auto_${int(2019, 2025)}${pad(int(1, 12))}${pad(int(1, 28))} takes ${int(2, 90)} minutes on a ${int(1, 90)} GB table.`,
  () => `Solve for x: ${int(2, 9)}x + ${int(1, 99)} = ${int(100, 999)}, then round to ${int(1, 4)} significant figures.`,
  () => `The Spark job reads ${int(1, 900)} parquet files (${int(1, 512)} MB each) with ${int(2, 64)} executors; how many partitions?`,
  () => `Flight ${upper(2)}${int(100, 9999)} departs gate ${upper(1)}${int(1, 60)} at ${pad(int(0, 23))}:${pad(int(0, 59))}; boarding closes ${int(10, 30)} min earlier.`,
  () => `GPU util is ${int(10, 100)}% on ${int(1, 8)}x A${pick(['100', '10', '40'])} with batch size ${int(8, 512)} and ${int(1, 80)} GB VRAM each; is the dataloader the bottleneck?`,
  () => `Rewrite this SQL: SELECT * FROM orders WHERE total > ${int(10, 9999)} AND created_at > '${int(2019, 2025)}-${pad(int(1, 12))}-01' LIMIT ${int(10, 1000)};`,
  () => `What is ${int(100, 9999)} in hex, octal and base ${int(3, 36)}?`,
  () => `Pressure reads ${int(980, 1040)} hPa, wind ${int(0, 90)} km/h at ${int(0, 359)}°, visibility ${int(1, 10)} km. Is it VFR?`,
  () => `Our Slack workspace has ${int(100, 50000)} members and ${int(10, 3000)} channels; estimate messages per day at ${int(5, 80)} per active user.`,
  () => `Apache Kafka retention is ${int(1, 30)} days at ${int(1, 900)} MB/s ingest; how much disk for ${int(2, 5)} replicas?`,
  () => `Android API level ${int(21, 35)} vs iOS ${int(13, 18)}.${int(0, 6)}: which share covers ${int(80, 99)}% of our ${int(1000, 900000)} users?`,
  () => `The LaTeX table has ${int(3, 12)} columns and ${int(5, 80)} rows; column ${int(1, 12)} overflows by ${int(1, 40)} pt.`,
  () => `A ${int(1, 8)}-bedroom listing at ${int(40, 400)} m² costs ${int(100, 3000)}k; what is the price per square metre?`,
  () => `Decode the semantic version range ^${int(0, 9)}.${int(0, 30)}.${int(0, 9)} || ~${int(1, 9)}.${int(0, 9)}.0 for npm.`,
  () => `The Prometheus rule fires when rate(http_requests_total[${int(1, 15)}m]) > ${int(10, 9999)}; tune it for ${int(2, 40)} replicas.`,
  () => `Run ${int(3, 30)} trials of ${int(100, 10000)} coin flips and report the mean and a ${int(90, 99)}% interval.`,
  () => `Photoshop canvas ${int(800, 8000)}x${int(600, 6000)} px at ${int(72, 600)} dpi: what print size in cm?`,
  () => `GitHub Actions minutes: ${int(2, 60)} jobs × ${int(2, 40)} min × ${int(5, 200)} runs a day on ubuntu-${pick(['20.04', '22.04', '24.04'])}. Monthly total?`,
  () => `Train departure ${pad(int(0, 23))}:${pad(int(0, 59))} from platform ${int(1, 24)}${pick(['', 'a', 'b'])}, ${int(2, 30)} stops, arrives ${pad(int(0, 23))}:${pad(int(0, 59))}. Travel time?`,
  () => `Our Postgres index idx_${hex(6)} is ${int(1, 90)} GB with ${int(1, 99)}% bloat; VACUUM FULL or pg_repack on ${int(1, 900)}M rows?`,
  () => `The MRI scanner runs at ${pick(['1.5', '3', '7'])} T with TR ${int(400, 3000)} ms and TE ${int(10, 120)} ms; what contrast is that?`,
  () => `ZIP archive has ${int(10, 9999)} entries, CRC32 ${hex(8)}, compressed ${int(1, 900)} MB from ${int(1, 4000)} MB. Ratio?`,
  () => `MongoDB shard ${int(0, 12)} holds ${int(1, 900)}M documents and chunk size is ${int(64, 1024)} MB; how many chunks?`,
  () => `Calculate compound interest on ${int(1000, 90000)} at ${int(1, 9)}.${int(0, 9)}% for ${int(1, 30)} years, compounded ${pick(['monthly', 'quarterly', 'yearly'])}.`,
  () => `Firefox ${int(100, 135)} and Chrome ${int(100, 135)} both fail test case TC-${digits(5)} on line ${int(1, 999)} of app.${hex(8)}.js.`,
  () => `Our Datadog bill: ${int(10, 900)} hosts × $${int(15, 40)} plus ${int(1, 99)} GB logs at $0.${int(10, 99)}/GB. Monthly?`,
  () => `Matrix A is ${int(2, 9)}x${int(2, 9)} with determinant ${int(-99, 99)}; what is det(${int(2, 5)}A)?`,
  () => `The Figma file has ${int(2, 90)} pages, ${int(10, 900)} frames and a ${int(4, 16)}-column grid at ${int(8, 32)} px gutter.`,
  () => `Ticket ${upper(4)}-${int(100, 9999)}: upgrade OpenSSL from ${int(1, 3)}.${int(0, 1)}.${int(0, 9)} to ${int(3, 3)}.${int(0, 4)}.${int(0, 9)} on ${int(2, 300)} servers.`,
];

const lines = [];
for (let i = 0; i < templates.length * 3; i += 1) lines.push(JSON.stringify({ id: 4001 + i, text: templates[i % templates.length]() }));
writeFileSync(new URL('./extension-4.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} prompts`);
