// Scores the detector on sentences from data/pii-fresh/templates.txt: 40 templates written before
// anything was measured on them, each filled 8 times with faker values from many locales (seeded,
// so the same sentences every run). Even template rows are for tuning, odd rows for evaluation;
// neither is presidio-synth. Scored like presidio-synth (bench/guard-pii.mjs), IoU 0.5 and 0.9.
// With --presidio-values the slots are filled with values from presidio-synth's TRAINING templates
// (names, places, addresses and organisations as that data set writes them; the held-out templates
// are never read), which are harder than faker's: the tagger's lexicons come from faker.
// Run after a build: node bench/pii-fresh-templates.mjs [tune|eval|all] [--presidio-values] [--records] [--templates templates-2.txt] [--show] [--model FILE]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { allLocales, Faker } from '@faker-js/faker';

const { createPiiDetector, isHeldOutTemplate, readPresidioSynth, scorePresidio } = await import('../dist/guardrails/pii/index.js');
const args = process.argv.slice(2);
const part = ['tune', 'eval', 'all'].includes(args[0]) ? args[0] : 'all';
const model = args.includes('--model') ? args[args.indexOf('--model') + 1] : undefined;
const detector = createPiiDetector(model ? { taggerModelPath: model } : {});

const LOCALES = ['en_US', 'en_US', 'en_GB', 'de', 'fr', 'it', 'es', 'nl', 'sv', 'da', 'pl', 'cs_CZ', 'hu', 'pt_BR', 'fi', 'el', 'tr', 'en_AU', 'en_IN', 'hr'];
const fakers = LOCALES.map((name, i) => {
  const f = new Faker({ locale: [allLocales[name], allLocales.en, allLocales.base] });
  f.seed(9001 + i);
  return f;
});
const pick = new Faker({ locale: [allLocales.en, allLocales.base] });
pick.seed(4242);
const orElse = (a, b) => { try { return a(); } catch { return b(); } };

const presidio = args.includes('--presidio-values') ? valuesOf(readPresidioSynth().filter((s) => !isHeldOutTemplate(s.template_id))) : null;
function valuesOf(samples) {
  const v = { P: new Set(), F: new Set(), LN: new Set(), A: new Set(), AB: new Set(), C: new Set(), ORG: new Set() };
  for (const s of samples) for (const g of s.spans) {
    const x = g.entity_value;
    if (g.entity_type === 'PERSON') {
      if (/^\S+$/.test(x)) v.F.add(x);
      else if (/^\S+ \S+$/.test(x)) { v.P.add(x); v.LN.add(x.split(' ')[1]); }
    } else if (g.entity_type === 'STREET_ADDRESS') {
      // Whole addresses only: the data set also labels pieces of one ("228", "Suite 179") on their own.
      if (/\p{L}{3}/u.test(x) && /\d/.test(x) && x.length >= 10) (x.includes('\n') ? v.AB : v.A).add(x);
    }
    else if (g.entity_type === 'GPE') v.C.add(x);
    else if (g.entity_type === 'ORGANIZATION') v.ORG.add(x);
  }
  return Object.fromEntries(Object.entries(v).map(([k, set]) => [k, [...set].sort()]));
}
// With --records each text takes one row of presidio-research's FakeNameGenerator.com_3000.csv (the
// person records its sentence generator fills templates from), labelled by that generator's mapping:
// city, state, state_abbr, country GPE; street_name, building_number, secondary_address, postcode
// STREET_ADDRESS; zipcode ZIP_CODE and prefix TITLE (neither scored).
const records = args.includes('--records') ? readRecords() : null;
function readRecords() {
  // The project's shared data folder (../shared/data beside the repository, not copied into it); from
  // a worktree under wt/ it is one level further up.
  const candidates = ['../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv', '../../../shared/data/presidio-synth/FakeNameGenerator.com_3000.csv'].map((p) => new URL(p, import.meta.url));
  const path = candidates.find((u) => existsSync(u));
  if (!path) throw new Error('--records needs shared/data/presidio-synth/FakeNameGenerator.com_3000.csv beside the repository');
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows = text.trim().split(/\r?\n/).map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].map((m) => m[1].replace(/^"|"$/g, '').replaceAll('""', '"')));
  const head = rows[0];
  return rows.slice(1).map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ''])));
}
let record = null;
const RECORD_SLOTS = {
  RP: (r) => [`${r.GivenName} ${r.Surname}`, 'PERSON'], RF: (r) => [r.GivenName, 'PERSON'], RL: (r) => [r.Surname, 'PERSON'], RT: (r) => [r.Title, null],
  RC: (r) => [r.City, 'GPE'], RS: (r) => [r.StateFull, 'GPE'], RSA: (r) => [r.State, 'GPE'], RZ: (r) => [r.ZipCode, null], RN: (r) => [r.CountryFull, 'GPE'],
  RST: (r) => [r.StreetAddress, 'STREET_ADDRESS'],
  // presidio-research's full-name format for its records: one time in five with the middle initial.
  RFN: (r) => [pick.number.float() < 0.8 ? `${r.GivenName} ${r.Surname}` : `${r.GivenName} ${r.MiddleInitial}${pick.number.float() < 0.5 ? ' ' : '. '}${r.Surname}`, 'PERSON'],
  RJ: (r) => [r.Occupation, null], RCO: (r) => [r.Company, null],
  // A whole {{address}} as presidio-research's AddressProviderNew lays it out (its formats and weights),
  // filled from the record, with faker's building number, unit, postcode and a second street name.
  GA: (r) => [generatorAddress(r), 'STREET_ADDRESS'],
  // A street name as faker's en_US provider writes it ("Marina Fort", "Elisabeth Parks").
  FS: () => [pick.location.street(), 'STREET_ADDRESS'],
  BN: () => [pick.location.buildingNumber(), 'STREET_ADDRESS'], SEC: () => [pick.location.secondaryAddress(), 'STREET_ADDRESS'], PC: () => [pick.location.zipCode(), 'STREET_ADDRESS'],
};
function generatorAddress(r) {
  const bn = pick.location.buildingNumber();
  const sec = pick.location.secondaryAddress();
  const pc = pick.location.zipCode('#####');
  const st = r.StreetAddress;
  const sa = pick.number.float() < 0.3 ? `${bn} ${st} ${sec}` : `${bn} ${st}`;
  const abbr = r.State || 'nan';
  const formats = [
    [5, `${bn} ${st} ${sec} ${r.City} ${r.StateFull || 'nan'}`], [5, `${bn} ${st} ${sec} ${r.City} ${abbr}`], [5, `${bn} ${st} ${sec} ${r.City} ${r.CountryFull}`],
    [5, `${bn} ${st}\n ${sec}\n ${r.City}\n ${r.CountryFull}`], [5, `${bn} ${st}\n ${sec}\n ${r.City}\n ${r.CountryFull} ${pc}`],
    [5, `${st} ${pick.location.street()}\n ${sec}\n ${r.City}\n ${r.CountryFull} ${pc}`], [3, `the corner of ${st} and ${pick.location.street()}`],
    [3, `${pick.person.firstName()} and ${st}`], [5, `${sa}, ${r.City}, ${r.CountryFull}`], [5, `${sa} ${sec}, ${r.City}, ${r.CountryFull} ${pc}`],
    [25, `${sa}\n${r.City}, ${abbr} ${pc}`], [25, `${sa}\n${r.City}\n, ${abbr}\n ${pc}`], [25, `${sa}\n${r.City}\n, ${abbr}\n ${r.CountryFull} ${pc}`],
  ];
  let x = pick.number.float() * formats.reduce((n, [w]) => n + w, 0);
  for (const [w, text] of formats) { x -= w; if (x < 0) return text; }
  return formats[formats.length - 1][1];
}
const PRESIDIO_SLOTS = { P: 'PERSON', F: 'PERSON', LN: 'PERSON', A: 'STREET_ADDRESS', AB: 'STREET_ADDRESS', C: 'GPE', N: 'GPE', ST: 'GPE', ORG: null };

function slot(name, f) {
  if (name in RECORD_SLOTS) {
    if (!record) throw new Error(`slot {${name}} needs --records`);
    return RECORD_SLOTS[name](record);
  }
  if (presidio && name in PRESIDIO_SLOTS) return [pick.helpers.arrayElement(presidio[{ N: 'C', ST: 'C' }[name] ?? name]), PRESIDIO_SLOTS[name]];
  switch (name) {
    case 'P': {
      const r = pick.number.float();
      if (r < 0.1) return [`${f.person.firstName()} ${pick.string.alpha({ length: 1, casing: 'upper' })}. ${f.person.lastName()}`, 'PERSON'];
      return [`${f.person.firstName()} ${f.person.lastName()}`, 'PERSON'];
    }
    case 'F': return [f.person.firstName(), 'PERSON'];
    case 'LN': return [f.person.lastName(), 'PERSON'];
    case 'TT': return [pick.helpers.arrayElement(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Mr', 'Ms']), null];
    case 'A': return [f.location.streetAddress(pick.number.float() < 0.3), 'STREET_ADDRESS'];
    case 'AB': {
      const street = f.location.streetAddress(pick.number.float() < 0.3);
      const city = f.location.city();
      const zip = f.location.zipCode();
      const state = orElse(() => f.location.state({ abbreviated: true }), () => pick.location.state({ abbreviated: true }));
      return [pick.helpers.arrayElement([`${street}\n${city}, ${state} ${zip}`, `${street}\n${zip} ${city}\n${f.location.country()}`, `${street}\n${city}\n${zip}`]), 'STREET_ADDRESS'];
    }
    case 'USB': case 'USL': case 'UK': case 'DE': case 'FR': return [postalAddress(name), 'STREET_ADDRESS'];
    case 'C': return [f.location.city(), 'GPE'];
    case 'N': return [f.location.country(), 'GPE'];
    case 'ST': return [orElse(() => f.location.state(), () => pick.location.state()), 'GPE'];
    case 'ORG': return [pick.company.name(), null];
    case 'JOB': return [pick.person.jobTitle(), null];
    case 'PH': return [pick.phone.number({ style: 'national' }), 'PHONE_NUMBER'];
    case 'EM': return [pick.internet.email(), 'EMAIL_ADDRESS'];
    case 'DT': return [pick.date.birthdate().toISOString().slice(0, 10), null];
    default: throw new Error(`unknown slot {${name}}`);
  }
}

// Whole postal addresses in a country's layout (templates-4.txt), one gold span each as presidio-synth
// labels its address blocks: street, unit, town, region, postal code and country together.
const COUNTRY_FAKERS = Object.fromEntries([['US', 'en_US'], ['UK', 'en_GB'], ['DE', 'de'], ['FR', 'fr']].map(([k, locale], i) => {
  const f = new Faker({ locale: [allLocales[locale], allLocales.en, allLocales.base] });
  f.seed(7100 + i);
  return [k, f];
}));
function postalAddress(kind) {
  const one = (xs) => pick.helpers.arrayElement(xs);
  const box = () => `${one(['PO Box', 'P.O. Box', 'Post Office Box'])} ${pick.number.int({ min: 10, max: 9999 })}`;
  if (kind === 'USB' || kind === 'USL') {
    const f = COUNTRY_FAKERS.US;
    const street = f.location.streetAddress(false);
    const unit = f.location.secondaryAddress();
    const town = `${f.location.city()}, ${f.location.state({ abbreviated: true })} ${f.location.zipCode()}`;
    if (kind === 'USB') return one([`${street}\n${unit}\n${town}`, `${street}, ${unit}\n${town}`, `${street}\n${town}`, `${street}\n${town}\nUnited States`, `${box()}\n${town}`]);
    return one([`${street}, ${town}`, `${street} ${unit}, ${town}`, `${street}, ${unit}, ${town}`, `${box()}, ${town}`, `${street}, ${f.location.city()}, ${f.location.state()} ${f.location.zipCode()}, USA`]);
  }
  if (kind === 'UK') {
    const f = COUNTRY_FAKERS.UK;
    const street = f.location.streetAddress(false);
    const town = f.location.city();
    const code = f.location.zipCode();
    return one([`${street}\n${town}\n${code}`, `${street}, ${town} ${code}`, `Flat ${pick.number.int({ min: 1, max: 40 })}, ${street}, ${town}, ${code}`, `${street}\n${town} ${code}\nUnited Kingdom`, `${street}, ${town}, ${code}, UK`]);
  }
  const f = COUNTRY_FAKERS[kind];
  const street = f.location.streetAddress(false);
  const town = `${f.location.zipCode()} ${f.location.city()}`;
  const country = kind === 'DE' ? one(['Deutschland', 'Germany']) : 'France';
  return one([`${street}, ${town}`, `${street}\n${town}`, `${street}\n${town}\n${country}`, `${street}, ${town}, ${country}`]);
}

const templateFile = args.includes('--templates') ? args[args.indexOf('--templates') + 1] : 'templates.txt';
const templates = readFileSync(new URL(`../data/pii-fresh/${templateFile}`, import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.replaceAll('\\n', '\n'));
const samples = [];
templates.forEach((line, row) => {
  // A template starting with '~' is typed all in lower case, values included (as presidio-synth
  // lower-cases some of its texts whole).
  const lower = line.startsWith('~');
  const template = lower ? line.slice(1).toLowerCase() : line;
  for (let n = 0; n < 8; n += 1) {
    const f = pick.helpers.arrayElement(fakers);
    if (records) record = pick.helpers.arrayElement(records);
    let text = '';
    const spans = [];
    let last = 0;
    for (const m of template.matchAll(/\{([A-Za-z]+)\}/g)) {
      text += template.slice(last, m.index);
      const [raw, label] = slot(m[1].toUpperCase(), f);
      const value = lower ? raw.toLowerCase() : raw;
      if (label) spans.push({ entity_type: label, entity_value: value, start_position: text.length, end_position: text.length + value.length });
      text += value;
      last = m.index + m[0].length;
    }
    samples.push({ full_text: text + template.slice(last), template_id: row, spans });
  }
});
const chosen = samples.filter((s) => part === 'all' || (part === 'tune') === (s.template_id % 2 === 0));
if (args.includes('--dump')) writeFileSync(args[args.indexOf('--dump') + 1], JSON.stringify(chosen));
for (const iou of [0.5, 0.9]) {
  const r = scorePresidio(chosen, (t) => detector.detect(t), iou);
  const per = ['PERSON', 'LOCATION'].map((k) => `${k} ${r.perEntity[k] ? `${r.perEntity[k].fBeta.toFixed(3)} (p ${r.perEntity[k].precision.toFixed(2)} r ${r.perEntity[k].recall.toFixed(2)})` : "-"}`).join(', ');
  console.log(`fresh templates (${part}, ${chosen.length} texts) IoU ${iou}: F2 ${r.overall.fBeta.toFixed(3)} p ${r.overall.precision.toFixed(3)} r ${r.overall.recall.toFixed(3)} | ${per}`);
}
if (args.includes('--show')) {
  for (const s of chosen) {
    const one = scorePresidio([s], (t) => detector.detect(t), 0.9);
    if (one.overall.precision === 1 && one.overall.recall === 1) continue;
    console.log(`[${s.template_id}] ${JSON.stringify(s.full_text)}\n   gold: ${s.spans.map((g) => `${g.entity_type}:${g.entity_value}`).join(' | ')}\n   pred: ${detector.detect(s.full_text).map((f) => `${f.type}:${s.full_text.slice(f.start, f.end)}`).join(' | ')}`);
  }
}
