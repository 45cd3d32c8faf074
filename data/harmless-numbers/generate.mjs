// Writes prompts.jsonl: harmless, number-heavy prompts (no personal data), from templates written
// for Switchyard and values drawn from a seeded generator. Re-run: node data/harmless-numbers/generate.mjs
import { writeFileSync } from 'node:fs';
import { seededText } from './seeded-text.mjs';

const { int, pick, digits, upper, hex } = seededText(20240501);

const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
const isbn13 = () => { const b = `978${digits(9)}`; let s = 0; for (let i = 0; i < 12; i++) s += +b[i] * (i % 2 ? 3 : 1); return `${b}${(10 - (s % 10)) % 10}`; };
const isbnFmt = (x) => `${x.slice(0, 3)}-${x.slice(3, 4)}-${x.slice(4, 8)}-${x.slice(8, 12)}-${x.slice(12)}`;
const date = () => `${int(2015, 2026)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
const time = () => `${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}`;
const ver = () => `${int(0, 20)}.${int(0, 40)}.${int(0, 99)}`;
const price = () => `${pick(['$', '€', '£', ''])}${int(1, 9999)}.${digits(2)}`;
const sku = () => pick([`SKU-${upper(3)}-${digits(5)}`, `${upper(2)}${digits(6)}`, `${digits(3)}-${digits(4)}-${upper(2)}`, `P/N ${digits(4)}-${digits(3)}`]);
const tracking = () => pick([`1Z${upper(3)}${digits(3)}${digits(10)}`, `${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`, `${upper(2)}${digits(9)}${pick(['US', 'DE', 'GB', 'CN'])}`, `${digits(12)}`]);
const order = () => pick([`#${digits(7)}`, `ORD-${digits(8)}`, `${digits(3)}-${digits(7)}-${digits(7)}`, `PO${digits(6)}`, `${digits(10)}`]);
const sha = () => pick([hex(7), hex(40), hex(64)]);

const templates = [
  () => `Where is my order ${order()}? It was supposed to arrive on ${date()}.`,
  () => `Upgrade the package from version ${ver()} to ${ver()} and tell me what breaks.`,
  () => `Commit ${sha()} introduced a regression in build ${int(1000, 99999)}; can you explain the diff?`,
  () => `Explain this log line: ${date()}T${time()}.${digits(3)}Z level=info request_id=${uuid()} latency_ms=${int(1, 900)}`,
  () => `The invoice total is ${price()} with ${int(5, 25)}% VAT; what is the net amount?`,
  () => `Find the book with ISBN ${isbnFmt(isbn13())} in the catalogue.`,
  () => `Is ISBN ${isbn13()} the paperback or the hardcover edition?`,
  () => `Track parcel ${tracking()} for me.`,
  () => `Compare SKU ${sku()} and SKU ${sku()} by price and weight.`,
  () => `Convert ${int(1, 500)} km/h to mph and ${int(-40, 45)} °C to Fahrenheit.`,
  () => `Our Q${int(1, 4)} ${int(2019, 2026)} revenue was ${int(1, 900)}.${int(0, 9)}M, up ${int(1, 40)}.${int(0, 9)}% year over year. Summarize.`,
  () => `Row ${int(1, 5000)}: id=${uuid()}, qty=${int(1, 99)}, unit_price=${price()}`,
  () => `Docker image sha256:${hex(64)} fails to start; exit code ${int(1, 255)}.`,
  () => `Set the timeout to ${int(100, 60000)} ms and retries to ${int(1, 9)} in config v${ver()}.`,
  () => `What happened on ${date()} at ${time()} UTC in incident INC-${digits(6)}?`,
  () => `Calculate ${int(100, 99999)} * ${int(2, 9999)} and round to ${int(1, 4)} decimals.`,
  () => `The matrix is [[${int(0, 99)}, ${int(0, 99)}], [${int(0, 99)}, ${int(0, 99)}]]; find its determinant.`,
  () => `Please reconcile payment batch ${digits(8)} of ${price()} against ledger entry ${digits(6)}.`,
  () => `Ticket JIRA-${int(100, 99999)} blocks release ${ver()}; what is left?`,
  () => `The API returned HTTP ${pick([400, 404, 409, 429, 500, 502, 503])} for request ${uuid()} after ${int(1, 30)} s.`,
  () => `Epoch ${int(1500000000, 1800000000)} in ISO 8601, please.`,
  () => `Sort these scores: ${Array.from({ length: int(5, 12) }, () => int(0, 1000)).join(', ')}`,
  () => `Model ${pick(['gpt-4o-mini', 'llama-3.1-8b', 'claude-haiku-4-5'])} used ${int(100, 90000)} tokens at ${price()} per million; cost?`,
  () => `Flight ${upper(2)}${int(10, 9999)} departs gate ${upper(1)}${int(1, 60)} at ${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}; seat ${int(1, 45)}${upper(1)}.`,
  () => `Part number ${digits(3)}-${digits(2)}-${digits(4)} replaced ${digits(3)}-${digits(2)}-${digits(4)} in the ${int(2010, 2026)} catalogue.`,
  () => `Serial ${upper(4)}-${digits(4)}-${upper(4)}-${digits(4)} is out of warranty?`,
  () => `Coordinates ${int(-89, 89)}.${digits(5)}, ${int(-179, 179)}.${digits(5)}: which time zone?`,
  () => `Room ${int(100, 999)}, building ${int(1, 40)}, floor ${int(1, 30)}: book it for ${int(2, 20)} people.`,
  () => `Patch ${ver()} fixes CVE-${int(2018, 2026)}-${int(1000, 49999)}; should we deploy?`,
  () => `Benchmark: p50 ${int(1, 90)} ms, p95 ${int(90, 400)} ms, p99 ${int(400, 2000)} ms over ${int(1000, 1000000)} requests.`,
  () => `Recipe: ${int(100, 900)} g flour, ${int(1, 4)} eggs, ${int(50, 400)} ml milk, bake ${int(15, 60)} minutes at ${int(150, 240)} °C.`,
  () => `Transaction hash 0x${hex(64)} is pending for ${int(1, 120)} blocks.`,
  () => `IPv4 subnetting: how many hosts fit in a /${int(8, 30)} network?`,
  () => `Port ${int(1024, 65535)} is busy; PID ${int(100, 99999)} holds it.`,
  () => `Lot ${upper(1)}${digits(5)} expires ${date()}; batch size ${int(10, 5000)} units.`,
  () => `Grade the answers: Q1 ${int(0, 10)}/10, Q2 ${int(0, 10)}/10, Q3 ${int(0, 20)}/20.`,
  () => `Amortize a loan of ${int(1000, 900000)} at ${int(1, 12)}.${int(0, 9)}% over ${int(1, 30)} years.`,
  () => `Case ${digits(2)}-${digits(5)}: response due in ${int(2, 30)} business days from ${date()}.`,
  () => `The build number is ${int(10000, 999999)} and the artifact is app-${ver()}-${hex(7)}.tar.gz.`,
  () => `Explain error 0x${hex(8).toUpperCase()} from driver ${ver()}.`,
  () => `Meter reading went from ${int(10000, 50000)} to ${int(50001, 90000)} kWh; what is the usage?`,
  () => `Stock ${upper(int(3, 4))} closed at ${price()} on ${date()}, volume ${int(10000, 90000000)}.`,
];

const lines = [];
for (let i = 0; i < 336; i += 1) lines.push(JSON.stringify({ id: i + 1, text: templates[i % templates.length]() }));
writeFileSync(new URL('./prompts.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} prompts`);
