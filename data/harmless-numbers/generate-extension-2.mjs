// Writes extension-2.jsonl: 72 harmless, number-heavy prompts of yet other kinds, written after
// all tuning and measured only by the benchmark (extension.jsonl was measured once, then its false
// positives informed the address rules, so it no longer counts as unseen).
// Re-run: node data/harmless-numbers/generate-extension-2.mjs
import { writeFileSync } from 'node:fs';
import { seededText } from './seeded-text.mjs';

const { int, pick, digits, upper, hex } = seededText(990217);

const templates = [
  () => `Explain the SQL error ORA-${digits(5)} on table ORDERS_${int(2019, 2026)} line ${int(1, 400)}.`,
  () => `My Tesla ${pick(['Model Y', 'Model S', 'Model X'])} shows ${int(50, 400)} km of range at ${int(10, 100)}% charge; is that normal?`,
  () => `Translate the German invoice line "Pos. ${int(1, 40)}: ${int(1, 99)} Stk. à ${int(1, 999)},${digits(2)} EUR" into English.`,
  () => `In Excel, why does =SUM(B${int(2, 9)}:B${int(10, 999)}) return ${int(0, 99999)} instead of ${int(0, 99999)}?`,
  () => `The regex /^\\d{${int(2, 5)}}-\\d{${int(2, 5)}}$/ fails on input ${digits(3)}-${digits(4)}; why?`,
  () => `Book a ${pick(['Standard', 'Deluxe', 'Superior'])} Double for ${int(1, 9)} nights, rate code ${upper(3)}${int(10, 99)}, ${int(1, 4)} adults.`,
  () => `Which Lego set is ${int(10000, 79999)}, and how many pieces does set ${int(10000, 79999)} have?`,
  () => `Grade ${int(1, 12)} maths: solve ${int(2, 20)}x + ${int(1, 50)} = ${int(51, 300)} and ${int(2, 9)}y - ${int(1, 9)} = ${int(10, 90)}.`,
  () => `What does HTTP header X-RateLimit-Remaining: ${int(0, 5000)} with Retry-After: ${int(1, 3600)} mean?`,
  () => `Nutrition per ${int(50, 250)} g: ${int(50, 900)} kcal, ${int(0, 60)} g fat, ${int(0, 120)} g carbs, ${int(0, 60)} g protein. Is it healthy?`,
  () => `The Raspberry Pi GPIO pin ${int(1, 40)} reads ${int(0, 3)}.${int(0, 9)} V; BCM ${int(2, 27)} is set as output.`,
  () => `Sudoku row ${int(1, 9)}: ${Array.from({ length: 9 }, () => int(0, 9)).join(' ')}. What is missing?`,
  () => `Map Intel SKU BX${digits(7)}${upper(1)} to its generation and socket LGA${pick(['1200', '1700', '1851'])}.`,
  () => `Exchange rate EUR/USD was ${int(1, 1)}.${digits(4)} on ${int(1, 28)} ${pick(['March', 'June', 'October'])} ${int(2015, 2025)}; convert ${int(100, 99999)} EUR.`,
  () => `Ticket ${upper(2)}-${digits(4)}: the build on branch feature/${hex(6)} timed out after ${int(10, 90)} min.`,
  () => `The marathon split was ${int(0, 1)}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')} at km ${int(5, 40)}; what finish time does that project?`,
  () => `Decode the VIN check digit for a ${int(1995, 2025)} model with plant code ${upper(1)} and serial ${digits(6)}.`,
  () => `Air quality today: PM2.5 ${int(1, 300)} µg/m³, PM10 ${int(1, 400)}, O3 ${int(1, 200)} ppb. Should I run outside?`,
  () => `How do I patch firmware v${int(1, 9)}.${int(0, 20)}.${int(0, 99)} on router model ${pick(['RT-AX88U', 'Archer C7', 'R7000', 'EX5601'])}?`,
  () => `Shoe size EU ${int(35, 48)} is what in US and UK sizes?`,
  () => `Calculate the tip on a bill of ${int(10, 500)}.${digits(2)} at ${int(10, 25)}% split ${int(2, 8)} ways.`,
  () => `Convert ${int(1, 90)}°${int(0, 59)}'${int(0, 59)}" N to decimal degrees.`,
  () => `In chapter ${int(1, 30)} of the manual, step ${int(1, 20)}.${int(1, 9)} says torque to ${int(5, 120)} Nm; is that for M${pick([6, 8, 10, 12])} bolts?`,
  () => `Plot y = ${int(1, 9)}x^${int(2, 4)} - ${int(1, 20)}x + ${int(1, 99)} for x from -${int(1, 10)} to ${int(1, 10)}.`,
];

const lines = [];
for (let i = 0; i < templates.length * 3; i += 1) lines.push(JSON.stringify({ id: 2001 + i, text: templates[i % templates.length]() }));
writeFileSync(new URL('./extension-2.jsonl', import.meta.url), `${lines.join('\n')}\n`);
console.log(`wrote ${lines.length} prompts`);
