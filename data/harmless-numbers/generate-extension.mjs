// Writes extension.jsonl: 72 more harmless, number-heavy prompts of kinds prompts.jsonl lacks
// (product model names, standards and regulations, citations, code, chess, sports, lab values,
// warehouse bins, colours, music, CSV rows…). Written for Switchyard after the tagger was tuned,
// and never used for tuning: the benchmark reports it separately. Re-run: node data/harmless-numbers/generate-extension.mjs
import { writeFileSync } from 'node:fs';
import { seededText } from './seeded-text.mjs';

const { int, pick, digits, upper, hex } = seededText(77031, { hexAlphabet: '0123456789ABCDEF' });

const templates = [
  () => `Is the ${pick(['Canon EOS R5', 'Sony WH-1000XM5', 'Nikon Z6 II', 'Fujifilm X-T5', 'Bose QC45'])} worth ${int(200, 3000)} dollars in ${int(2023, 2026)}?`,
  () => `Compare the ${pick(['Core i7-13700K', 'Ryzen 9 7950X', 'RTX 4090', 'Radeon RX 7900 XTX', 'Apple M3 Max'])} and the ${pick(['Core i5-12400F', 'Ryzen 5 5600X', 'RTX 3060 Ti', 'Arc A770'])} at ${int(1080, 2160)}p.`,
  () => `Which seats are best on a ${pick(['Boeing 737-800', 'Airbus A320neo', 'Boeing 787-9', 'Airbus A350-900', 'Embraer E195'])}, row ${int(1, 40)} or row ${int(1, 40)}?`,
  () => `Does our process meet ${pick(['ISO/IEC 27001:2022', 'NIST SP 800-53 Rev. 5', 'PCI DSS 4.0', 'IEC 62304', 'SOC 2 Type II'])} control ${int(1, 18)}.${int(1, 30)}?`,
  () => `Summarise Article ${int(1, 99)}(${int(1, 9)}) of the GDPR and Recital ${int(1, 173)}.`,
  () => `Explain Rule ${int(1, 60)}(b)(${int(1, 7)}) of the Federal Rules of Civil Procedure in plain words.`,
  () => `Cite the paper with DOI 10.${int(1000, 9999)}/${digits(7)}.${digits(7)} in APA style.`,
  () => `Summarise arXiv ${int(2001, 2412)}.${digits(5)} in ${int(3, 8)} bullet points.`,
  () => `Why does \`for (let i = 0; i < ${int(8, 4096)}; i += ${int(1, 8)})\` overflow arr[${int(0, 99)}][${int(0, 99)}]?`,
  () => `Kubernetes says cpu: ${int(100, 4000)}m, memory: ${int(64, 8192)}Mi for pod web-${hex(5).toLowerCase()}-${hex(5).toLowerCase()}; is that enough?`,
  () => `Analyse this opening: 1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 4. Ba4 Nf6 5. O-O Be7, move ${int(6, 20)}.`,
  () => `The final score was ${int(0, 7)}-${int(0, 7)} after ${int(90, 120)}+${int(1, 9)} minutes; who won the ${int(1990, 2026)} cup?`,
  () => `My lab results: HbA1c ${int(4, 9)}.${int(0, 9)}%, LDL ${int(60, 220)} mg/dL, TSH ${int(0, 9)}.${int(0, 99)} mIU/L. Explain the ranges.`,
  () => `Pick order: Zone ${int(1, 9)}${upper(1)}, Aisle ${int(1, 40)}, Bin ${int(100, 999)}, qty ${int(1, 60)}.`,
  () => `Convert the colour #${hex(6)} to RGB(${int(0, 255)}, ${int(0, 255)}, ${int(0, 255)}) and HSL.`,
  () => `Transpose this chord progression in ${pick(['C# minor', 'B flat major', 'D major', 'F sharp minor'])} at ${int(60, 180)} BPM: ${pick(['I-V-vi-IV', 'ii-V-I', 'i-VI-III-VII'])}.`,
  () => `Parse this CSV row: ${int(2015, 2026)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')},${int(100, 9999)}.${digits(2)},${int(100, 9999)}.${digits(2)},${int(0, 1)}`,
  () => `Which lottery numbers came up most often: ${Array.from({ length: 6 }, () => int(1, 49)).join(', ')} or ${Array.from({ length: 6 }, () => int(1, 49)).join(', ')}?`,
  () => `Resolve the semver range ^${int(0, 9)}.${int(0, 30)}.${int(0, 9)} || >=${int(1, 9)}.0.0-beta.${int(1, 9)} against ${int(1, 9)}.${int(0, 30)}.${int(0, 9)}.`,
  () => `Merge PR #${int(100, 9999)} into release/${int(1, 9)}.${int(0, 20)} after pipeline ${int(10000, 99999)} job ${int(1, 30)} passes.`,
  () => `A triangle has sides ${int(3, 30)}, ${int(3, 30)} and ${int(3, 30)} cm; what is its area to ${int(1, 4)} decimals?`,
  () => `Shelve call number QA${int(10, 99)}.${int(1, 99)} .${upper(1)}${int(10, 99)} ${int(1990, 2025)} next to QA${int(10, 99)}.${int(1, 99)}.`,
  () => `Week ${int(1, 52)} of FY${int(2023, 2027)}: Q${int(1, 4)} burn was ${int(10, 900)}k against a plan of ${int(10, 900)}k.`,
  () => `The ${pick(['USB-C PD 3.1', 'Thunderbolt 4', 'Wi-Fi 7', 'Bluetooth 5.3', 'DDR5-6000', 'PCIe 5.0 x16'])} port delivers ${int(5, 240)} W or ${int(1, 80)} Gbps; which cable do I need?`,
];

const lines = [];
for (let i = 0; i < templates.length * 3; i += 1) lines.push(JSON.stringify({ id: 1001 + i, text: templates[i % templates.length]() }));
writeFileSync(new URL('./extension.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} prompts`);
