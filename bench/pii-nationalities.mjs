// Nationality words in five sentence frames: how many the PII detector finds as a person or place
// (presidio-research labels nationalities NRP, which the benchmark does not score as either).
// Run after a build: node bench/pii-nationalities.mjs [BUILD_ROOT] [--show]
import { join, resolve } from 'node:path';
const root = resolve(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : new URL('..', import.meta.url).pathname);
const { createPiiDetector } = await import(join(root, 'dist/guardrails/pii/index.js'));
const d = createPiiDetector();
const words = ['paraguayans','bruneians','surinameses','belizian','englishmans','guatemalans','hondurans','nicaraguans','bolivians','uruguayans','jamaicans','haitians','dominicans','ugandans','tanzanians','zambians','zimbabweans','rwandans','senegalese','malians','sudanese','somalis','omanis','qataris','kuwaitis','bahrainis','yemenis','afghans','kazakhs','uzbeks','mongolians','burmese','laotians','cambodians','taiwanese','singaporeans','new zealanders','fijians','samoans','tongans','luxembourgers','liechtensteiners','monegasques','andorrans','moldovans','georgians','armenians','azerbaijanis','Guatemalan','Honduran','Bolivian','Jamaican','Ugandan','Zambian','Omani','Qatari','Kuwaiti','Yemeni','Afghan','Kazakh','Uzbek','Mongolian','Burmese','Laotian','Cambodian','Taiwanese','Singaporean','Fijian','Samoan','Moldovan','Georgian','Armenian','Azerbaijani','Luxembourgish','Nepalese','Tajik','Kyrgyz','Turkmen','Eritrean','Namibian','Botswanan','Malagasy','Mauritian','Congolese','Cameroonian','Ivorian','Beninese','Togolese','Gabonese','Liberian','Sierra Leonean','Gambian','Guinean','Salvadoran','Costa Rican','Panamanian','Puerto Rican','Trinidadian','Barbadian','Bahamian','Maltese','Montenegrin','Kosovar'];
const frames = ['We are proud {}.', 'I am {} but I live in Canada.', 'It serves great {} food.', 'Persint is a {} multinational investment bank.', "There's this nice new {} place downtown."];
let hit = 0, total = 0; const bad = [];
for (const w of words) for (const fr of frames) { const t = fr.replace('{}', w); const i = t.indexOf(w); total++; const f = d.detect(t).filter(x => x.start < i + w.length && i < x.end); if (f.length) { hit++; bad.push(`${w} [${fr.slice(0,12)}] ${f.map(x=>x.type).join(',')}`); } }
console.log(`nationality words found as entities: ${hit}/${total}`);
if (process.argv.includes('--show')) console.log(bad.join('\n'));
